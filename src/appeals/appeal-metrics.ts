// Prometheus: open appeals near or past their deadline, per unit, read from Postgres at scrape
// time (the registry is main's, served on /metrics).
import type { Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { ServiceCalendar } from '../calendar/service-calendar.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import { deadlineState } from './appeal-deadlines.ts';

export interface AppealMetricsDeps {
  db: Kysely<Database>;
  clock: Clock;
  calendars: { calendarFor(serviceId: string): ServiceCalendar | undefined };
  nearDays: number;
}

const DAY_MS = 24 * 3600_000;

export function registerAppealMetrics(registry: Registry, deps: AppealMetricsDeps): void {
  new Gauge({
    name: 'cagri_appeals_deadline',
    help: 'Open appeals near (state="near") or past (state="overdue") their deadline, per responsible unit',
    labelNames: ['unit', 'state'],
    registers: [registry],
    async collect() {
      const now = deps.clock.now();
      // Postgres away: keep the last values rather than fail the whole scrape.
      const rows = await deps.db
        .selectFrom('appeals')
        .select(['service_id', 'unit_id', 'deadline'])
        .where('status', 'in', ['registered', 'forwarded', 'in-review'])
        .where('deadline', '<=', new Date(now + (2 * deps.nearDays + 14) * DAY_MS))
        .execute()
        .catch(() => undefined);
      if (!rows) return;
      const counts = new Map<string, number>();
      for (const r of rows) {
        const calendar = deps.calendars.calendarFor(r.service_id);
        if (!calendar) continue;
        const state = deadlineState(calendar, now, r.deadline.getTime(), deps.nearDays);
        if (state === 'ok') continue;
        const key = `${r.unit_id ?? 'none'}\0${state}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      this.reset();
      for (const [key, n] of counts) {
        const [unit, state] = key.split('\0') as [string, string];
        this.set({ unit, state }, n);
      }
    },
  });
}
