// Between the appeals table and the Appeal type: one mapping each way, validated on the way out
// so a row the code cannot read is an error with a reason, never a half-typed object.
import type { Insertable, Selectable } from 'kysely';
import type { AppealsTable } from '../db/schema.ts';
import { type Appeal, AppealSchema } from './appeal.ts';

export type AppealRow = Selectable<AppealsTable>;

const ms = (d: Date | null): number | undefined => (d === null ? undefined : d.getTime());

export function appealFromRow(row: AppealRow): Appeal {
  const informedAt = ms(row.informed_at);
  const dueBy = ms(row.referral_due_by);
  const sentAt = ms(row.referral_sent_at);
  return AppealSchema.parse({
    regNo: row.reg_no,
    serviceId: row.service_id,
    registeredAt: row.registered_at.getTime(),
    callIds: row.call_ids,
    callbackIds: row.callback_ids,
    citizenNumber: row.citizen_number,
    ...(row.citizen_name !== null && { citizenName: row.citizen_name }),
    language: row.language,
    category: row.category,
    menuPath: row.menu_path,
    keyed: row.keyed,
    summary: row.summary,
    ...(row.unit_id !== null && { unitId: row.unit_id }),
    deadline: row.deadline.getTime(),
    deadlineDays: row.deadline_days,
    status: row.status,
    ...(row.result !== null && { result: row.result }),
    ...(row.result_at !== null && { resultAt: row.result_at.getTime() }),
    ...(row.informed_how !== null &&
      informedAt !== undefined && { citizenInformed: { how: row.informed_how, at: informedAt } }),
    ...(row.referral_body !== null &&
      dueBy !== undefined && {
        referral: { body: row.referral_body, dueBy, ...(sentAt !== undefined && { sentAt }) },
      }),
    ...(row.possible_repeat_of !== null && { possibleRepeatOf: row.possible_repeat_of }),
  });
}

/** The mutable columns of an appeal (what a transition may change). */
export function appealChanges(a: Appeal, now: number) {
  return {
    unit_id: a.unitId ?? null,
    deadline: new Date(a.deadline),
    deadline_days: a.deadlineDays,
    status: a.status,
    result: a.result ?? null,
    result_at: a.resultAt === undefined ? null : new Date(a.resultAt),
    informed_how: a.citizenInformed?.how ?? null,
    informed_at: a.citizenInformed ? new Date(a.citizenInformed.at) : null,
    referral_body: a.referral?.body ?? null,
    referral_due_by: a.referral ? new Date(a.referral.dueBy) : null,
    referral_sent_at: a.referral?.sentAt === undefined ? null : new Date(a.referral.sentAt),
    possible_repeat_of: a.possibleRepeatOf ? JSON.stringify(a.possibleRepeatOf) : null,
    updated_at: new Date(now),
  };
}

export function appealInsert(a: Appeal, year: number, seq: number, now: number): Insertable<AppealsTable> {
  return {
    reg_no: a.regNo,
    service_id: a.serviceId,
    year,
    seq,
    registered_at: new Date(a.registeredAt),
    call_ids: JSON.stringify(a.callIds),
    callback_ids: JSON.stringify(a.callbackIds),
    citizen_number: a.citizenNumber,
    citizen_name: a.citizenName ?? null,
    language: a.language,
    category: a.category,
    menu_path: JSON.stringify(a.menuPath),
    keyed: JSON.stringify(a.keyed),
    summary: a.summary,
    ...appealChanges(a, now),
  };
}
