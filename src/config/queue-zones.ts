// A queue's time zone is its services' calendar zone: the 36-hour week of the operators serving
// it is counted there. Pure. `cagri check` refuses services sharing a queue in different zones,
// and an operator serving queues in different zones (whose week would be ambiguous).
import type { HoursFile } from '../calendar/hours-config.ts';
import type { QueuesFile } from '../queue/queue-config.ts';
import type { ConfigError } from './config-error.ts';
import type { ServiceConfig } from './services-config.ts';

type Locate = (file: string, path: readonly (string | number)[]) => { line: number; col: number };

/** Queue id → the zone of the first service using it (services without a profile are skipped). */
export function queueZones(services: readonly ServiceConfig[], hours: HoursFile): Map<string, string> {
  const zones = new Map<string, string>();
  for (const s of services) {
    const zone = hours.profiles[s.hours]?.timezone;
    if (zone && !zones.has(s.queue)) zones.set(s.queue, zone);
  }
  return zones;
}

export function queueZoneErrors(
  input: {
    services: readonly ServiceConfig[];
    hours: HoursFile;
    queues: QueuesFile;
    servicesFile: string;
    queuesFile: string;
  },
  locate: Locate,
): ConfigError[] {
  const errors: ConfigError[] = [];
  const first = new Map<string, { serviceId: string; zone: string }>();
  input.services.forEach((s, i) => {
    const zone = input.hours.profiles[s.hours]?.timezone;
    if (!zone) return;
    const seen = first.get(s.queue);
    if (!seen) {
      first.set(s.queue, { serviceId: s.id, zone });
    } else if (seen.zone !== zone) {
      errors.push({
        file: input.servicesFile,
        ...locate(input.servicesFile, ['services', i, 'hours']),
        message:
          `service "${s.id}" shares queue "${s.queue}" with service "${seen.serviceId}" but its hours are in ` +
          `${zone}, not ${seen.zone}: the operators' weekly cap needs one zone per queue`,
      });
    }
  });
  input.queues.operators.forEach((op, i) => {
    const zones = new Set(op.queues.flatMap((q) => (first.has(q) ? [first.get(q)!.zone] : [])));
    if (zones.size > 1) {
      errors.push({
        file: input.queuesFile,
        ...locate(input.queuesFile, ['operators', i, 'queues']),
        message: `operator "${op.id}" serves queues in different time zones (${[...zones].join(', ')}): their weekly cap needs one`,
      });
    }
  });
  return errors;
}
