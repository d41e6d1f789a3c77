// Accounts in Postgres. The password hash never leaves this file except to be verified; the
// rest of the code sees UserRecord. Unique usernames (case-insensitive) and operator links are
// enforced by the database and come back as reasons, not exceptions.
import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, UsersTable } from '../db/schema.ts';
import { OperatorId } from '../domain/ids.ts';
import { type Language, type Principal, UnitId, UserId } from './principal.ts';
import type { Role } from './roles.ts';
import type { NewUser, UserChanges } from './user-schema.ts';

export interface UserRecord {
  id: UserId;
  username: string;
  displayName: string;
  roles: Role[];
  operatorId: OperatorId | null;
  unitIds: UnitId[];
  language: Language;
  disabled: boolean;
  failedLogins: number;
  /** Wall ms; sign-in is refused until then. */
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

export type UserWriteResult =
  | { ok: true; user: UserRecord }
  | { ok: false; kind: 'duplicate'; message: string }
  | { ok: false; kind: 'not-found'; message: string };

type Row = Selectable<UsersTable>;

function toRecord(r: Row): UserRecord {
  return {
    id: UserId(r.id),
    username: r.username,
    displayName: r.display_name,
    roles: r.roles as Role[],
    operatorId: r.operator_id === null ? null : OperatorId(r.operator_id),
    unitIds: r.unit_ids.map(UnitId),
    language: r.language as Language,
    disabled: r.disabled,
    failedLogins: r.failed_logins,
    lockedUntil: r.locked_until ? r.locked_until.getTime() : null,
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}

export function principalOf(u: UserRecord): Principal {
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    ...(u.operatorId ? { operatorId: u.operatorId } : {}),
    unitIds: u.unitIds,
    language: u.language,
  };
}

function duplicate(err: unknown): string | undefined {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23505') return undefined;
  return e.constraint === 'users_operator_id_key'
    ? 'another account is already linked to that operator id'
    : 'that username is taken';
}

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(u: NewUser & { passwordHash: string }, now: number): Promise<UserWriteResult> {
    try {
      const row = await this.db
        .insertInto('users')
        .values({
          id: randomUUID(),
          username: u.username,
          display_name: u.displayName ?? u.username,
          password_hash: u.passwordHash,
          roles: u.roles,
          operator_id: u.operatorId ?? null,
          unit_ids: u.unitIds,
          language: u.language,
          created_at: new Date(now),
          updated_at: new Date(now),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { ok: true, user: toRecord(row) };
    } catch (err) {
      const message = duplicate(err);
      if (message) return { ok: false, kind: 'duplicate', message };
      throw err;
    }
  }

  async byId(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** The record and its hash, for sign-in only. */
  async credentialsOf(username: string): Promise<{ user: UserRecord; passwordHash: string } | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(username)`, '=', username.toLowerCase())
      .executeTakeFirst();
    return row && { user: toRecord(row), passwordHash: row.password_hash };
  }

  async passwordHashOf(id: UserId): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.password_hash;
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(toRecord);
  }

  async update(id: string, c: UserChanges, now: number): Promise<UserWriteResult> {
    try {
      const row = await this.db
        .updateTable('users')
        .set({
          updated_at: new Date(now),
          ...(c.displayName !== undefined && { display_name: c.displayName }),
          ...(c.roles !== undefined && { roles: c.roles }),
          ...(c.operatorId !== undefined && { operator_id: c.operatorId }),
          ...(c.unitIds !== undefined && { unit_ids: c.unitIds }),
          ...(c.language !== undefined && { language: c.language }),
          ...(c.disabled !== undefined && { disabled: c.disabled }),
          // Re-enabling an account also lifts a lockout.
          ...(c.disabled === false && { failed_logins: 0, locked_until: null }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) return { ok: false, kind: 'not-found', message: `no user ${id}` };
      return { ok: true, user: toRecord(row) };
    } catch (err) {
      const message = duplicate(err);
      if (message) return { ok: false, kind: 'duplicate', message };
      throw err;
    }
  }

  /** Sets a new hash and lifts any lockout. False when there is no such user. */
  async setPassword(id: string, passwordHash: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: new Date(now) })
      .where('id', '=', id)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /**
   * Counts a failed sign-in; locks the account until `lockUntil` once `limit` is reached. A lock
   * that has run out starts the count again.
   */
  async recordFailure(id: UserId, limit: number, now: number, lockUntil: number): Promise<UserRecord> {
    const at = new Date(now);
    const count = sql<number>`CASE WHEN locked_until IS NOT NULL AND locked_until <= ${at}::timestamptz THEN 1 ELSE failed_logins + 1 END`;
    const row = await this.db
      .updateTable('users')
      .set({
        failed_logins: count,
        locked_until: sql<Date | null>`CASE WHEN ${count} >= ${limit} THEN ${new Date(lockUntil)}::timestamptz WHEN locked_until <= ${at}::timestamptz THEN NULL ELSE locked_until END`,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async clearFailures(id: UserId): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', id)
      .execute();
  }
}
