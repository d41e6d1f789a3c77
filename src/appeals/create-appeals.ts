// Assembles the appeals feature: the registry service, its routes, the reminder job and metrics.
// main.ts calls this and only wires the results.
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { ServiceCalendar } from '../calendar/service-calendar.ts';
import type { CagriConfig } from '../config/cagri-config.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { AppealLookup } from '../engine/engine-services.ts';
import type { Logger } from '../log/logger.ts';
import { deadlineState } from './appeal-deadlines.ts';
import { registerAppealMetrics } from './appeal-metrics.ts';
import type { AppealService } from './appeal-service.ts';
import { appealsRoutes } from './appeals-routes.ts';
import { PgAppealService } from './pg-appeal-service.ts';
import { ReminderJob } from './reminder-job.ts';
import { MailReminderSender } from './reminder-sender.ts';
import { ReminderSweep } from './reminder-sweep.ts';
import { unitById } from './units-config.ts';

export interface AppealsDeps {
  db: Kysely<Database>;
  redis: Redis;
  prefix?: string;
  clock: Clock;
  logger: Logger;
  config: { current(): CagriConfig };
  calendars: { calendarFor(serviceId: string): ServiceCalendar | undefined };
  smtpUrl?: string | undefined;
  smtpFrom: string;
  nearDays: number;
  reminderEveryMs: number;
}

export interface Appeals {
  service: AppealService;
  /** For the engine: the IVR `appeal-status` lookup. */
  lookup: AppealLookup;
  sweep: ReminderSweep;
  routes: ReturnType<typeof appealsRoutes>;
  registerMetrics(registry: Registry): void;
  /** Starts the reminder schedule (after the lease: one active engine reminds). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createAppeals(deps: AppealsDeps): Appeals {
  const logger = deps.logger.child({ component: 'appeals' });
  const units = () => deps.config.current().units;
  const service = new PgAppealService({
    db: deps.db,
    clock: deps.clock,
    calendars: deps.calendars,
    serviceNumber: (id) => deps.config.current().services.find((s) => s.id === id)?.number,
    units: { exists: (id) => unitById(units(), id) !== undefined },
    logger,
  });
  const sender = new MailReminderSender({ smtpUrl: deps.smtpUrl, from: deps.smtpFrom, logger });
  const sweep = new ReminderSweep({
    db: deps.db,
    clock: deps.clock,
    calendars: deps.calendars,
    units,
    sender,
    nearDays: deps.nearDays,
    logger,
  });
  const job = new ReminderJob({
    connection: deps.redis,
    prefix: deps.prefix ?? 'cagri',
    everyMs: deps.reminderEveryMs,
    sweep,
    logger,
  });
  const routes = appealsRoutes({
    service,
    units,
    deadlineState: (a) => {
      const calendar = deps.calendars.calendarFor(a.serviceId);
      return calendar ? deadlineState(calendar, deps.clock.now(), a.deadline, deps.nearDays) : 'ok';
    },
  });
  return {
    service,
    lookup: {
      async statusOf(serviceId, digits) {
        const a = await service.byKeyedNumber(serviceId, digits);
        return (
          a && {
            status: a.status,
            deadline: a.deadline,
            ...(a.resultAt !== undefined && { resultAt: a.resultAt }),
          }
        );
      },
    },
    sweep,
    routes,
    registerMetrics: (registry) =>
      registerAppealMetrics(registry, {
        db: deps.db,
        clock: deps.clock,
        calendars: deps.calendars,
        nearDays: deps.nearDays,
      }),
    start: () => job.start(),
    async close() {
      await job.close();
      sender.close();
    },
  };
}
