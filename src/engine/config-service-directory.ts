// The service directory over the live config: each lookup uses the config version in force at
// that moment, and calendars are built once per version.
import { ServiceCalendar } from '../calendar/service-calendar.ts';
import { checkCallbackNumber } from '../callbacks/policy/destination-policy.ts';
import { type CagriConfig, hoursOf, queueOf, serviceById, serviceByNumber } from '../config/cagri-config.ts';
import type { ServiceDirectory, ServiceRoute } from './service-directory.ts';

export interface ConfigSource {
  current(): CagriConfig;
}

export class ConfigServiceDirectory implements ServiceDirectory {
  private cachedVersion = '';
  private calendars = new Map<string, ServiceCalendar>();

  constructor(private readonly source: ConfigSource) {}

  route(dialled: string, now: number): ServiceRoute | undefined {
    const config = this.source.current();
    const service = serviceByNumber(config, dialled);
    if (!service) return undefined;
    const calendar = this.calendarFor(service.id);
    const queue = queueOf(config, service);
    const plan = config.callbacks.numberingPlan;
    return {
      service,
      menus: config.menus,
      live: calendar?.isLive(now) ?? true,
      liveAt: (t) => calendar?.isLive(t) ?? true,
      queueId: service.queue,
      ...(queue?.keys.callback !== undefined && { queueCallbackKey: queue.keys.callback }),
      timezone: calendar?.timezone ?? 'Asia/Baku',
      configVersion: config.version,
      checkCallbackNumber: (raw) => {
        const r = checkCallbackNumber(raw, plan);
        return r.ok ? { ok: true, e164: r.e164 } : { ok: false, reason: r.reason };
      },
    };
  }

  /** The working-hours calendar of a service on the current config. */
  calendarFor(serviceId: string): ServiceCalendar | undefined {
    const config = this.source.current();
    if (config.version !== this.cachedVersion) {
      this.calendars = new Map();
      this.cachedVersion = config.version;
    }
    const cached = this.calendars.get(serviceId);
    if (cached) return cached;
    const service = serviceById(config, serviceId);
    const profile = service && hoursOf(config, service);
    if (!profile) return undefined;
    const calendar = new ServiceCalendar(profile, config.holidays);
    this.calendars.set(serviceId, calendar);
    return calendar;
  }
}
