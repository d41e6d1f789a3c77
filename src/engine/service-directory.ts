// Which hotline a dialled number reaches, on the config version in force when the call arrives.

import type { ServiceConfig } from '../config/services-config.ts';
import type { MenuTree } from '../menu/menu-config.ts';
import type { CallbackNumberCheck } from '../menu/session-state.ts';

export interface ServiceRoute {
  service: ServiceConfig;
  menus: MenuTree;
  /** Inside live hours right now. */
  live: boolean;
  /** Inside live hours at another instant (the call's keys come later than its arrival). */
  liveAt?(now: number): boolean;
  queueId: string;
  queueCallbackKey?: string;
  timezone: string;
  configVersion: string;
  checkCallbackNumber: CallbackNumberCheck;
}

export interface ServiceDirectory {
  route(dialled: string, now: number): ServiceRoute | undefined;
}
