// The whole config folder as one validated value. A call keeps the `CagriConfig` it started on
// (a reload swaps in a new object, never edits this one); `version` names the content.
import type { UnitsFile } from '../appeals/units-config.ts';
import type { HolidayFile, HoursFile, HoursProfile } from '../calendar/hours-config.ts';
import type { CallbacksFile } from '../callbacks/policy/callback-config.ts';
import type { MenuTree } from '../menu/menu-config.ts';
import type { QueueConfig, QueuesFile } from '../queue/queue-config.ts';
import type { ServiceConfig } from './services-config.ts';

export interface CagriConfig {
  /** Content hash of every file in the folder (12 hex digits). */
  readonly version: string;
  /** The folder it was loaded from. */
  readonly dir: string;
  readonly services: readonly ServiceConfig[];
  /** All menu nodes of all menus/*.yaml, by id. */
  readonly menus: MenuTree;
  readonly queues: QueuesFile;
  readonly hours: HoursFile;
  readonly holidays: readonly HolidayFile[];
  readonly callbacks: CallbacksFile;
  /** units.yaml: the structural units appeals are forwarded to (empty when the file is absent). */
  readonly units: UnitsFile;
}

/** The service answering a dialled short number. */
export function serviceByNumber(config: CagriConfig, number: string): ServiceConfig | undefined {
  return config.services.find((s) => s.number === number);
}

export function serviceById(config: CagriConfig, id: string): ServiceConfig | undefined {
  return config.services.find((s) => s.id === id);
}

export function queueOf(config: CagriConfig, service: ServiceConfig): QueueConfig | undefined {
  return config.queues.queues.find((q) => q.id === service.queue);
}

export function hoursOf(config: CagriConfig, service: ServiceConfig): HoursProfile | undefined {
  return Object.hasOwn(config.hours.profiles, service.hours)
    ? config.hours.profiles[service.hours]
    : undefined;
}
