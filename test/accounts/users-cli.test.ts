// `cagri users add|passwd|list` for the first admin, and the demo accounts `cagri demo` creates.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, seedDemoUsers } from '../../src/accounts/demo-users.ts';
import { verifyPassword } from '../../src/accounts/password.ts';
import { UserRepository } from '../../src/accounts/user-repository.ts';
import { addUser, listUsers, setUserPassword } from '../../src/cli/users-command.ts';
import { createDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let tdb: TestDatabase;
let db: Kysely<Database>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createDatabase(tdb.url);
});
afterAll(async () => {
  await db?.destroy();
  await tdb?.drop();
});

const cagri = (args: string[], env: Record<string, string> = {}, input?: string) =>
  spawnSync(process.execPath, [resolve(ROOT, 'bin/cagri.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: tdb.url, ...env },
    encoding: 'utf8',
    timeout: 60_000,
    ...(input !== undefined && { input }),
  });

describe('cagri users', () => {
  it('adds the first admin with the password from stdin, lists, and changes the password from the environment', async () => {
    const add = cagri(
      ['users', 'add', 'first', '--role', 'admin', '--name', 'First Admin', '--password-stdin'],
      {},
      'blue-harbour-lights\n',
    );
    expect(add.stderr).toBe('');
    expect(add.stdout.trim()).toBe('created first (admin)');
    expect(add.status).toBe(0);
    const creds = await new UserRepository(db).credentialsOf('first');
    expect(creds?.user).toMatchObject({ displayName: 'First Admin', roles: ['admin'], language: 'az' });
    expect(await verifyPassword(creds!.passwordHash, 'blue-harbour-lights')).toBe(true);

    const passwd = cagri(['users', 'passwd', 'first'], { CAGRI_USER_PASSWORD: 'green-harbour-lights' });
    expect(passwd.stdout).toMatch(/password of first changed/);
    const after = await new UserRepository(db).credentialsOf('first');
    expect(await verifyPassword(after!.passwordHash, 'green-harbour-lights')).toBe(true);

    const list = cagri(['users', 'list']);
    expect(list.stdout).toMatch(/^first\s+admin\s+-\s+-\s+az$/m);
  }, 60_000);

  it('refuses with a reason and exit code 1: weak password, duplicate, operator without id, unknown user', async () => {
    const weak = await addUser(
      db,
      { username: 'w1', password: 'short', roles: ['admin'], units: [] },
      Date.now(),
    );
    expect(weak).toEqual({ ok: false, message: 'a password needs at least 10 characters' });
    const noOp = await addUser(
      db,
      { username: 'o1', password: 'long-enough-pw', roles: ['operator'], units: [] },
      Date.now(),
    );
    expect(noOp.ok).toBe(false);
    expect(noOp.message).toMatch(/operatorId: an operator account needs operatorId/);
    const role = await addUser(
      db,
      { username: 'r1', password: 'long-enough-pw', roles: ['king'], units: [] },
      Date.now(),
    );
    expect(role.ok).toBe(false);
    const ok = await addUser(
      db,
      { username: 'unit1', password: 'long-enough-pw', roles: ['unit'], units: ['social'], language: 'ru' },
      Date.now(),
    );
    expect(ok).toEqual({ ok: true, message: 'created unit1 (unit)' });
    const dup = await addUser(
      db,
      { username: 'Unit1', password: 'long-enough-pw', roles: ['unit'], units: ['x'] },
      Date.now(),
    );
    expect(dup).toEqual({ ok: false, message: 'that username is taken' });
    expect(await setUserPassword(db, 'nobody', 'long-enough-pw', Date.now())).toEqual({
      ok: false,
      message: 'no user nobody',
    });
    expect((await listUsers(db)).some((l) => /^unit1\s+unit\s+-\s+social\s+ru$/.test(l))).toBe(true);

    const cli = cagri(['users', 'add', 'w2', '--role', 'admin'], { CAGRI_USER_PASSWORD: 'short' });
    expect(cli.status).toBe(1);
    expect(cli.stderr.trim()).toBe('a password needs at least 10 characters');
  }, 60_000);
});

describe('demo accounts', () => {
  it('one per role, operators linked to queues.yaml, idempotent', async () => {
    await seedDemoUsers(db, Date.now());
    await seedDemoUsers(db, Date.now());
    const users = await new UserRepository(db).list();
    for (const d of DEMO_USERS) {
      const u = users.find((x) => x.username === d.username);
      expect(u?.roles).toEqual(d.roles);
      const creds = await new UserRepository(db).credentialsOf(d.username);
      expect(await verifyPassword(creds!.passwordHash, d.password)).toBe(true);
    }
    expect(users.find((u) => u.username === 'op2')?.operatorId).toBe('op2');
    expect(users.find((u) => u.username === 'social')?.unitIds).toEqual(['social']);
  });
});
