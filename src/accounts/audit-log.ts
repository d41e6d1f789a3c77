// The audit log: who changed what, when, through which request. Append-only (a trigger in
// sql/010_accounts.sql refuses UPDATE and DELETE). Features call `record` for changes they want
// described with before/after; the API hook records every other successful change generically.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface AuditEntry {
  /** Username, or `token` for the automation bearer token. */
  actor: string;
  /** What was done, e.g. `user.create` or `PUT /api/operators/:id/state`. */
  action: string;
  /** What it was done to, e.g. `user:alice` or `operator:op1`. */
  target?: string;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  /** Wall ms. */
  at: number;
}

export interface AuditQuery {
  actor?: string;
  /** Wall ms, inclusive. */
  from?: number;
  /** Wall ms, exclusive. */
  until?: number;
  /** Entries older than this id (the previous page's last id). */
  before?: string;
  limit: number;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async record(e: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: new Date(this.now()),
        actor: e.actor,
        action: e.action,
        target: e.target ?? null,
        before: json(e.before),
        after: json(e.after),
        request_id: e.requestId ?? null,
      })
      .execute();
  }

  /** Newest first; page with `before` = the last id of the previous page. */
  async list(q: AuditQuery): Promise<AuditRecord[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (q.actor) query = query.where('actor', '=', q.actor);
    if (q.from !== undefined) query = query.where('at', '>=', new Date(q.from));
    if (q.until !== undefined) query = query.where('at', '<', new Date(q.until));
    if (q.before) query = query.where('id', '<', q.before);
    const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at.getTime(),
      actor: r.actor,
      action: r.action,
      ...(r.target !== null && { target: r.target }),
      ...(r.before !== null && { before: r.before }),
      ...(r.after !== null && { after: r.after }),
      ...(r.request_id !== null && { requestId: r.request_id }),
    }));
  }
}
