// Finds open appeals near or past their deadline and reminds each unit once per local day. The
// day's reminder row is claimed in Postgres before anything is sent, so a second sweep (a retried
// job, a restart, a second worker) finds it taken and sends nothing; a failed delivery gives the
// claim back for the next run.
import type { Kysely } from 'kysely';
import type { ServiceCalendar } from '../calendar/service-calendar.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import { deadlineState } from './appeal-deadlines.ts';
import { appealFromRow } from './appeal-rows.ts';
import type { ReminderItem, ReminderSender } from './reminder-sender.ts';
import { type UnitsFile, unitById } from './units-config.ts';

export interface ReminderSweepDeps {
  db: Kysely<Database>;
  clock: Clock;
  calendars: { calendarFor(serviceId: string): ServiceCalendar | undefined };
  units(): UnitsFile;
  sender: ReminderSender;
  /** Working days left at which an appeal counts as near its deadline. */
  nearDays: number;
  logger: Logger;
}

export interface SweepResult {
  reminded: { unitId: string; regNos: string[]; channels: string[] }[];
  failed: { unitId: string; reason: string }[];
}

const DAY_MS = 24 * 3600_000;
const OPEN = ['registered', 'forwarded', 'in-review'];

export class ReminderSweep {
  constructor(private readonly deps: ReminderSweepDeps) {}

  async run(): Promise<SweepResult> {
    const { db, clock, calendars, nearDays } = this.deps;
    const now = clock.now();
    // Working days are at most calendar days; holidays add at most a fortnight in a row.
    const horizon = new Date(now + (2 * nearDays + 14) * DAY_MS);
    const rows = await db
      .selectFrom('appeals')
      .selectAll()
      .where('status', 'in', OPEN)
      .where('unit_id', 'is not', null)
      .where('deadline', '<=', horizon)
      .execute();
    const byUnit = new Map<string, { item: ReminderItem; day: string }[]>();
    for (const row of rows) {
      const a = appealFromRow(row);
      const calendar = calendars.calendarFor(a.serviceId);
      if (!calendar || a.unitId === undefined) continue;
      const state = deadlineState(calendar, now, a.deadline, nearDays);
      if (state === 'ok') continue;
      const list = byUnit.get(a.unitId) ?? [];
      list.push({
        day: calendar.localDate(now),
        item: {
          regNo: a.regNo,
          category: a.category,
          status: a.status,
          state,
          deadline: new Date(a.deadline).toISOString(),
          summary: a.summary,
        },
      });
      byUnit.set(a.unitId, list);
    }
    const result: SweepResult = { reminded: [], failed: [] };
    for (const [unitId, list] of byUnit) {
      const unit = unitById(this.deps.units(), unitId);
      if (!unit) {
        result.failed.push({ unitId, reason: `unit ${unitId} is no longer in units.yaml` });
        continue;
      }
      const claimed: { item: ReminderItem; day: string }[] = [];
      for (const entry of list) {
        const got = await db
          .insertInto('appeal_reminders')
          .values({ reg_no: entry.item.regNo, day: entry.day, kind: entry.item.state, unit_id: unitId })
          .onConflict((oc) => oc.columns(['reg_no', 'day']).doNothing())
          .returning('reg_no')
          .executeTakeFirst();
        if (got) claimed.push(entry);
      }
      if (claimed.length === 0) continue;
      const regNos = claimed.map((c) => c.item.regNo);
      try {
        const channels = await this.deps.sender.send(
          unit,
          claimed.map((c) => c.item),
        );
        const at = new Date(clock.now());
        await db.transaction().execute(async (tx) => {
          for (const c of claimed) {
            await tx
              .updateTable('appeal_reminders')
              .set({ sent_at: at, channels: JSON.stringify(channels) })
              .where('reg_no', '=', c.item.regNo)
              .where('day', '=', c.day)
              .execute();
            await tx
              .insertInto('appeal_history')
              .values({
                reg_no: c.item.regNo,
                at,
                actor: 'system',
                what: 'reminded',
                note: `${c.item.state === 'overdue' ? 'overdue' : 'deadline near'}: unit ${unitId} reminded by ${channels.join(' and ')}`,
              })
              .execute();
          }
        });
        result.reminded.push({ unitId, regNos, channels });
      } catch (err) {
        // Give the day's claims back: the next sweep tries again.
        for (const c of claimed)
          await db
            .deleteFrom('appeal_reminders')
            .where('reg_no', '=', c.item.regNo)
            .where('day', '=', c.day)
            .execute();
        const reason = (err as Error).message;
        this.deps.logger.warn(
          { unit: unitId, appeals: regNos, reason },
          'appeal reminder not delivered; retried next run',
        );
        result.failed.push({ unitId, reason });
      }
    }
    return result;
  }
}
