// An account's operator id and unit ids must be in queues.yaml / units.yaml: the users API and
// `cagri users add` refuse unknown ones with a reason naming the id and the file.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unknownConfigRef } from '../../src/accounts/account-config-refs.ts';
import { addUser, configRefsIn } from '../../src/cli/users-command.ts';
import { createUser, type SignedIn, signIn } from '../support/accounts.ts';
import { type Harness, startHarness } from '../support/engine-harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const KNOWN = { operatorIds: ['op1', 'op2'], unitIds: ['housing', 'social'] };

describe('the rule', () => {
  it('names the unknown id and the file it is missing from', () => {
    expect(unknownConfigRef({ operatorId: 'op1', unitIds: ['social'] }, KNOWN)).toBeUndefined();
    expect(unknownConfigRef({ operatorId: null }, KNOWN)).toBeUndefined();
    expect(unknownConfigRef({}, KNOWN)).toBeUndefined();
    expect(unknownConfigRef({ operatorId: 'op9' }, KNOWN)).toBe(
      'operator id "op9" is not in queues.yaml (operators there: op1, op2)',
    );
    expect(unknownConfigRef({ unitIds: ['social', 'roads'] }, KNOWN)).toBe(
      'unit id "roads" is not in units.yaml (units there: housing, social)',
    );
    expect(unknownConfigRef({ unitIds: ['a', 'b'] }, { operatorIds: [], unitIds: [] })).toBe(
      'unit ids "a", "b" are not in units.yaml (it lists no units)',
    );
  });
});

describe('the users API', () => {
  let h: Harness;
  let admin: SignedIn;
  beforeAll(async () => {
    h = await startHarness();
    await createUser(h.cagri.db, { username: 'root', roles: ['admin'] });
    admin = await signIn(h.cagri.http, 'root');
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('refuses an unknown operator or unit with 400 and creates nothing', async () => {
    const op = await admin.inject('POST', '/api/users', {
      username: 'ghost',
      password: 'pale-blue-dot-7',
      roles: ['operator'],
      operatorId: 'op9',
    });
    expect(op.status).toBe(400);
    expect(op.body.message).toBe('operator id "op9" is not in queues.yaml (operators there: op1, op2, op3)');
    const unit = await admin.inject('POST', '/api/users', {
      username: 'ghost',
      password: 'pale-blue-dot-7',
      roles: ['unit'],
      unitIds: ['roads'],
    });
    expect(unit.status).toBe(400);
    expect(unit.body.message).toBe('unit id "roads" is not in units.yaml (units there: housing, social)');
    const users = await admin.inject('GET', '/api/users');
    expect(users.body.users.map((u: { username: string }) => u.username)).toEqual(['root']);
  });

  it('a change to an unknown unit or operator is refused too; known ones go through', async () => {
    const made = await admin.inject('POST', '/api/users', {
      username: 'nigar',
      password: 'pale-blue-dot-7',
      roles: ['unit'],
      unitIds: ['social'],
    });
    expect(made.status).toBe(201);
    const id = made.body.user.id as string;
    const bad = await admin.inject('PATCH', `/api/users/${id}`, { unitIds: ['social', 'roads'] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^unit id "roads" is not in units.yaml/);
    const badOp = await admin.inject('PATCH', `/api/users/${id}`, { operatorId: 'op7' });
    expect(badOp.status).toBe(400);
    expect(badOp.body.message).toMatch(/^operator id "op7" is not in queues.yaml/);
    const ok = await admin.inject('PATCH', `/api/users/${id}`, { unitIds: ['housing'], operatorId: 'op2' });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ unitIds: ['housing'], operatorId: 'op2' });
    // Unlinking needs no config.
    expect((await admin.inject('PATCH', `/api/users/${id}`, { operatorId: null })).status).toBe(200);
  });
});

describe('cagri users add', () => {
  it('checks --operator and --unit against the config folder', async () => {
    const loaded = await configRefsIn(resolve(ROOT, 'config'));
    expect(loaded).toEqual({
      ok: true,
      refs: { operatorIds: ['op1', 'op2', 'op3'], unitIds: ['housing', 'social'] },
    });
    const missing = await configRefsIn(resolve(ROOT, 'no-such-config'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.message).toMatch(/--operator and --unit cannot be checked/);
    // Refused before the database is touched: the rule runs ahead of the insert.
    const refused = await addUser(
      undefined as never,
      { username: 'ghost', password: 'long-enough-pw', roles: ['operator'], operator: 'op9', units: [] },
      Date.now(),
      KNOWN,
    );
    expect(refused).toEqual({
      ok: false,
      message: 'operator id "op9" is not in queues.yaml (operators there: op1, op2)',
    });
    const cli = spawnSync(
      process.execPath,
      [resolve(ROOT, 'bin/cagri.js'), 'users', 'add', 'ghost', '--role', 'unit', '--unit', 'roads'],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(cli.stderr.trim()).toBe('unit id "roads" is not in units.yaml (units there: housing, social)');
    expect(cli.status).toBe(1);
  }, 60_000);
});
