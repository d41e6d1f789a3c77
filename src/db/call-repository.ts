// The `calls` table: one row per inbound channel, written as the call moves on. Every write is
// idempotent (a retried write after a lost reply, or a re-adopted channel after a reconnect,
// changes nothing the first write already recorded).
import type { Kysely } from 'kysely';
import type { CallId, ServiceId } from '../domain/ids.ts';
import type { CallRow, Database, NewCall } from './schema.ts';

export interface CallListQuery {
  /** Exact caller number as stored (the channel's caller id). */
  number?: string;
  limit: number;
}

export interface CallClassification {
  serviceId?: ServiceId | null;
  language?: string | null;
  configVersion?: string | null;
}

export class CallRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a new call. Returns false when a row with this id or channel id already exists. */
  async insertStarted(call: NewCall): Promise<boolean> {
    const result = await this.db
      .insertInto('calls')
      .values(call)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  /** Sets answered_at once; a later answer (e.g. a retry) keeps the first time. */
  async markAnswered(id: CallId, at: Date): Promise<void> {
    await this.db
      .updateTable('calls')
      .set({ answered_at: at })
      .where('id', '=', id)
      .where('answered_at', 'is', null)
      .execute();
  }

  /** Closes the call. Returns false if it was already ended (the first end wins). */
  async markEnded(id: CallId, at: Date, endCause: string, outcome: string): Promise<boolean> {
    const result = await this.db
      .updateTable('calls')
      .set({ ended_at: at, end_cause: endCause, outcome })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Records which hotline and language the call runs on; only the fields given are written. */
  async setServiceAndLanguage(id: CallId, fields: CallClassification): Promise<void> {
    const set: { service_id?: string | null; language?: string | null; config_version?: string | null } = {};
    if (fields.serviceId !== undefined) set.service_id = fields.serviceId;
    if (fields.language !== undefined) set.language = fields.language;
    if (fields.configVersion !== undefined) set.config_version = fields.configVersion;
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('calls').set(set).where('id', '=', id).execute();
  }

  async findById(id: CallId): Promise<CallRow | undefined> {
    return this.db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first; ties on started_at are ordered by id so pages are stable. */
  async listRecent(q: CallListQuery): Promise<CallRow[]> {
    let query = this.db.selectFrom('calls').selectAll();
    if (q.number !== undefined) query = query.where('caller_number', '=', q.number);
    return query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  }
}
