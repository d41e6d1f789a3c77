// The admin's users API and the audit log: accounts created, changed, disabled and reset through
// the API, each refusal with a reason, and every change a person makes found in GET /api/audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/accounts/password.ts';
import { createUser, type SignedIn, signIn } from '../support/accounts.ts';
import { type Harness, startHarness } from '../support/engine-harness.ts';

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

describe('passwords', () => {
  it('are stored as argon2id hashes that verify only the right password', async () => {
    const hash = await hashPassword('a-long-secret-1');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('a-long-secret-1');
    expect(await verifyPassword(hash, 'a-long-secret-1')).toBe(true);
    expect(await verifyPassword(hash, 'a-long-secret-2')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('follow a rule stated in words', () => {
    expect(passwordProblem('short', 'amy')).toMatch(/at least 10 characters/);
    expect(passwordProblem('amy-is-great-2026', 'amy')).toMatch(/must not contain the username/);
    expect(passwordProblem('aaaaaaaaaaaa', 'amy')).toMatch(/4 different characters/);
    expect(passwordProblem('pale-blue-dot-7', 'amy')).toBeUndefined();
  });
});

describe('the users API', () => {
  it('creates an operator account, refuses duplicates (409) and weak passwords (400)', async () => {
    const created = await admin.inject('POST', '/api/users', {
      username: 'aygun',
      displayName: 'Aygün Məmmədova',
      password: 'pale-blue-dot-7',
      roles: ['operator'],
      operatorId: 'op1',
      language: 'az',
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'aygun', roles: ['operator'], operatorId: 'op1' });
    expect(JSON.stringify(created.body)).not.toMatch(/argon2|password/i);
    const row = await h.cagri.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'aygun')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, 'pale-blue-dot-7')).toBe(true);

    const dup = await admin.inject('POST', '/api/users', {
      username: 'AYGUN',
      password: 'pale-blue-dot-7',
      roles: ['supervisor'],
    });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toBe('that username is taken');
    const sameOp = await admin.inject('POST', '/api/users', {
      username: 'other',
      password: 'pale-blue-dot-7',
      roles: ['operator'],
      operatorId: 'op1',
    });
    expect(sameOp.status).toBe(409);
    expect(sameOp.body.message).toMatch(/already linked to that operator id/);
    const weak = await admin.inject('POST', '/api/users', {
      username: 'weak',
      password: 'abc',
      roles: ['unit'],
      unitIds: ['social'],
    });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toBe('a password needs at least 10 characters');
    const noOp = await admin.inject('POST', '/api/users', {
      username: 'noop',
      password: 'pale-blue-dot-7',
      roles: ['operator'],
    });
    expect(noOp.status).toBe(400);
    expect(noOp.body.message).toMatch(/operatorId/);
    const badRole = await admin.inject('POST', '/api/users', {
      username: 'x1',
      password: 'pale-blue-dot-7',
      roles: ['boss'],
    });
    expect(badRole.status).toBe(400);
  });

  it('changes roles and units, disables and resets, each in the audit log with before and after', async () => {
    const list = await admin.inject('GET', '/api/users');
    const aygun = list.body.users.find((u: { username: string }) => u.username === 'aygun');
    const changed = await admin.inject('PATCH', `/api/users/${aygun.id}`, {
      roles: ['operator', 'supervisor'],
      language: 'ru',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ roles: ['operator', 'supervisor'], language: 'ru' });
    expect((await admin.inject('PATCH', `/api/users/${aygun.id}`, {})).status).toBe(400);
    expect(
      (await admin.inject('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', { language: 'en' }))
        .status,
    ).toBe(404);
    expect((await admin.inject('PATCH', '/api/users/not-a-uuid', { language: 'en' })).status).toBe(400);

    const aygunIn = await signIn(h.cagri.http, 'aygun', 'pale-blue-dot-7');
    expect((await aygunIn.inject('GET', '/api/me')).status).toBe(200);
    const disabled = await admin.inject('PATCH', `/api/users/${aygun.id}`, { disabled: true });
    expect(disabled.body.user.disabled).toBe(true);
    expect((await aygunIn.inject('GET', '/api/me')).status).toBe(401);

    await admin.inject('PATCH', `/api/users/${aygun.id}`, { disabled: false });
    const weak = await admin.inject('PUT', `/api/users/${aygun.id}/password`, { password: 'aygun-2026-x' });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/username/);
    expect(
      (await admin.inject('PUT', `/api/users/${aygun.id}/password`, { password: 'new-pale-dot-8' })).status,
    ).toBe(200);
    await signIn(h.cagri.http, 'aygun', 'new-pale-dot-8');

    const audit = await admin.inject('GET', '/api/audit?actor=root');
    expect(audit.status).toBe(200);
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'user.update', 'user.password-reset', 'session.sign-in']),
    );
    const update = audit.body.entries.find(
      (e: { action: string; before?: { language?: string } }) =>
        e.action === 'user.update' && e.before?.language === 'az',
    );
    expect(update).toMatchObject({
      actor: 'root',
      target: 'user:aygun',
      before: { roles: ['operator'], language: 'az' },
      after: { roles: ['operator', 'supervisor'], language: 'ru' },
      requestId: expect.any(String),
    });
    expect(JSON.stringify(audit.body)).not.toContain('new-pale-dot-8');
  });

  it('records every other change generically (token and person), filters by actor and date, pages', async () => {
    await h.api('POST', '/api/config/reload');
    await admin.inject('POST', '/api/config/reload');
    const byToken = await admin.inject('GET', '/api/audit?actor=token');
    expect(byToken.body.entries[0]).toMatchObject({
      actor: 'token',
      action: 'POST /api/config/reload',
      after: { status: 200 },
    });
    const mine = await admin.inject('GET', '/api/audit?actor=root&limit=1');
    expect(mine.body.entries).toHaveLength(1);
    expect(mine.body.entries[0].action).toBe('POST /api/config/reload');
    const next = await admin.inject('GET', `/api/audit?actor=root&limit=1&before=${mine.body.next}`);
    expect(
      next.body.entries[0].id < mine.body.entries[0].id ||
        Number(next.body.entries[0].id) < Number(mine.body.entries[0].id),
    ).toBe(true);
    // Reads are not changes: no entry for GETs.
    expect(
      (await admin.inject('GET', '/api/audit?limit=500')).body.entries.some((e: { action: string }) =>
        e.action.startsWith('GET'),
      ),
    ).toBe(false);
    const future = await admin.inject('GET', '/api/audit?from=2999-01-01');
    expect(future.body.entries).toEqual([]);
    const bad = await admin.inject('GET', '/api/audit?from=yesterday');
    expect(bad.status).toBe(400);
  });

  it('the audit log is append-only in the database', async () => {
    await expect(h.cagri.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(h.cagri.db.updateTable('audit_log').set({ actor: 'nobody' }).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});
