// @fastify/session's store in Postgres: sessions survive an engine restart and are shared by a
// second engine. Expired rows are never returned and are swept on a slow beat.
import type { Session } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

type Callback = (err?: unknown) => void;
type SessionCallback = (err: unknown, session?: Session | null) => void;

export class PgSessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    /** How long a session lives after it was last saved (sign-in, new CSRF secret). */
    private readonly ttlMs: number,
  ) {}

  set(sessionId: string, session: Session, callback: Callback): void {
    // By the engine's clock, not the cookie's expiry (which @fastify/session takes from real time).
    const expiresAt = new Date(this.now() + this.ttlMs);
    const data = JSON.stringify(session);
    this.db
      .insertInto('sessions')
      .values({ id: sessionId, data, expires_at: expiresAt })
      .onConflict((oc) => oc.column('id').doUpdateSet({ data, expires_at: expiresAt }))
      .execute()
      .then(() => callback(), callback);
  }

  get(sessionId: string, callback: SessionCallback): void {
    this.db
      .selectFrom('sessions')
      .select('data')
      .where('id', '=', sessionId)
      .where('expires_at', '>', new Date(this.now()))
      .executeTakeFirst()
      .then((row) => callback(null, row ? (row.data as unknown as Session) : null), callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.db
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .execute()
      .then(() => callback(), callback);
  }

  /** Ends every session of one user (password reset, account disabled), but `exceptId`. */
  async destroyUserSessions(userId: string, exceptId?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where(sql<string>`data->>'userId'`, '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  }

  async sweepExpired(): Promise<number> {
    const r = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', new Date(this.now()))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
