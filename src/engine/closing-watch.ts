// Closing time at the edge: one timer per service on the injected clock, set for the end of its
// live hours (src/queue/closing-time.ts). When it fires and the service is no longer live, the
// queue is told, and the next closing is set. Calendars are read from the current config.
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import { type ClosingCalendar, nextClosing } from '../queue/closing-time.ts';

export interface ClosingWatchDeps {
  clock: Clock;
  logger: Logger;
  calendarFor(serviceId: string): ClosingCalendar | undefined;
  /** Live hours of the service just ended. */
  closed(serviceId: string): void;
}

const MAX_WAIT_MS = 24 * 3600_000;

export class ClosingWatch {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(private readonly deps: ClosingWatchDeps) {}

  start(serviceIds: readonly string[]): void {
    for (const id of serviceIds) this.arm(id);
  }

  stop(): void {
    for (const t of this.timers.values()) this.deps.clock.clearTimeout(t);
    this.timers.clear();
  }

  private arm(serviceId: string): void {
    const calendar = this.deps.calendarFor(serviceId);
    if (!calendar) return;
    const now = this.deps.clock.now();
    const at = nextClosing(calendar, now);
    if (at === null) return;
    // At most a day at a time (Node's timers overflow after 24.8 days); early wake-ups re-arm.
    const ms = Math.min(Math.max(0, at - now), MAX_WAIT_MS);
    this.timers.set(
      serviceId,
      this.deps.clock.setTimeout(() => this.fire(serviceId, at), ms),
    );
  }

  private fire(serviceId: string, at: number): void {
    this.timers.delete(serviceId);
    const calendar = this.deps.calendarFor(serviceId);
    const now = this.deps.clock.now();
    if (calendar && now >= at && !calendar.isLive(now)) {
      this.deps.logger.info({ serviceId }, 'live hours ended: closing time for the callers still waiting');
      try {
        this.deps.closed(serviceId);
      } catch (err) {
        this.deps.logger.error({ err, serviceId }, 'closing time failed');
      }
    }
    this.arm(serviceId);
  }
}
