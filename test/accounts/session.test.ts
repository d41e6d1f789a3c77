// Signing in and out over the real API: the session cookie, CSRF on changes, lockout after
// failed passwords (by the engine's clock), throttling per username and per IP, and sessions kept
// in Postgres across an engine restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/domain/clock.ts';
import { createUser, signIn, TEST_PASSWORD } from '../support/accounts.ts';
import { ADMIN_TOKEN, type Harness, startHarness } from '../support/engine-harness.ts';

let h: Harness;
const clock = new FakeClock('2026-12-01T10:00:00+04:00');

beforeAll(async () => {
  h = await startHarness({ clock });
  await createUser(h.cagri.db, { username: 'alice', roles: ['supervisor'] });
  await createUser(h.cagri.db, { username: 'bob', roles: ['admin'] });
  await createUser(h.cagri.db, { username: 'carol', roles: ['operator'], operatorId: 'op1' });
  await createUser(h.cagri.db, { username: 'dave', roles: ['supervisor'] });
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const login = (username: string, password: string, remoteAddress = '10.9.9.9') =>
  h.cagri.http.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password },
    remoteAddress,
  });

describe('signing in', () => {
  it('sets an httpOnly SameSite=Strict cookie and returns the principal and a CSRF token', async () => {
    const res = await login('Alice', TEST_PASSWORD, '10.1.0.1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.principal).toMatchObject({ kind: 'user', username: 'alice', roles: ['supervisor'] });
    expect(body.csrfToken).toEqual(expect.any(String));
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^cagri_session=/);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\/api/);
    expect(header).not.toMatch(/Secure/);

    const alice = await signIn(h.cagri.http, 'alice');
    const me = await alice.inject('GET', '/api/session');
    expect(me.status).toBe(200);
    expect(me.body.principal.username).toBe('alice');
    expect(me.body.csrfToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password and an unknown username alike, with a reason', async () => {
    const wrong = await login('alice', 'not-the-password', '10.1.0.2');
    const unknown = await login('nobody', 'not-the-password', '10.1.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe('wrong username or password');
    expect(unknown.json().message).toBe('wrong username or password');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('without a session or token /api answers 401 saying how to sign in', async () => {
    const res = await h.cagri.http.inject({ method: 'GET', url: '/api/session' });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/POST \/api\/session/);
    const forged = await h.cagri.http.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: 'cagri_session=forged.value' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('locks the account after 5 failed passwords, even for the right one, until the lock runs out', async () => {
    for (let i = 1; i <= 4; i++) {
      const r = await login('dave', 'wrong-password', `10.2.0.${i}`);
      expect(r.statusCode).toBe(401);
      expect(r.json().message).toBe('wrong username or password');
    }
    const fifth = await login('dave', 'wrong-password', '10.2.0.5');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().message).toMatch(/locked after too many failed sign-ins; try again in 15 min/);
    expect(fifth.headers['retry-after']).toBe('900');
    const right = await login('dave', TEST_PASSWORD, '10.2.0.6');
    expect(right.statusCode).toBe(423);

    await clock.advanceAsync(15 * 60_000);
    const after = await login('dave', TEST_PASSWORD, '10.2.0.7');
    expect(after.statusCode).toBe(200);
    const row = await h.cagri.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'dave')
      .executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(0);
    expect(row.locked_until).toBeNull();
  });

  it('throttles attempts per username (429) whatever the address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await login('ghost', 'whatever-pass', `10.3.0.${i}`)).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    await clock.advanceAsync(60_000);
  });

  it('limits sign-in attempts per client address (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await login(`user${i}`, 'whatever-pass', '10.4.0.1')).statusCode);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses[20]).toBe(429);
  });
});

describe('CSRF and signing out', () => {
  it('refuses a change made with the cookie but without the CSRF token; the bearer token needs none', async () => {
    const bob = await signIn(h.cagri.http, 'bob');
    const bare = await h.cagri.http.inject({
      method: 'POST',
      url: '/api/config/reload',
      headers: { cookie: bob.cookie },
    });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().message).toMatch(/missing CSRF token/);
    const wrong = await h.cagri.http.inject({
      method: 'POST',
      url: '/api/config/reload',
      headers: { cookie: bob.cookie, 'x-csrf-token': 'forged' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().message).toMatch(/csrf/i);
    const right = await bob.inject('POST', '/api/config/reload');
    expect(right.status).toBe(200);
    const token = await h.api('POST', '/api/config/reload');
    expect(token.status).toBe(200);
  });

  it('signing out ends the session', async () => {
    const carol = await signIn(h.cagri.http, 'carol');
    expect((await carol.inject('DELETE', '/api/session')).status).toBe(200);
    expect((await carol.inject('GET', '/api/session')).status).toBe(401);
    const left = await h.cagri.db.selectFrom('sessions').select('data').execute();
    expect(left.some((r) => (r.data as { userId?: string }).userId === carol.principal.userId)).toBe(false);
  });

  it('a disabled account is signed out at its next request', async () => {
    const carol = await signIn(h.cagri.http, 'carol');
    await h.cagri.db.updateTable('users').set({ disabled: true }).where('username', '=', 'carol').execute();
    const res = await carol.inject('GET', '/api/me');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/session has ended/);
    const again = await login('carol', TEST_PASSWORD, '10.5.0.1');
    expect(again.statusCode).toBe(401);
    expect(again.json().message).toMatch(/disabled/);
    await h.cagri.db.updateTable('users').set({ disabled: false }).where('username', '=', 'carol').execute();
  });

  it('changing one’s own password keeps this session and ends the others', async () => {
    const here = await signIn(h.cagri.http, 'alice');
    const there = await signIn(h.cagri.http, 'alice');
    const weak = await here.inject('PUT', '/api/session/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/at least 10 characters/);
    const wrongCurrent = await here.inject('PUT', '/api/session/password', {
      currentPassword: 'not-it-at-all',
      newPassword: 'a-brand-new-secret',
    });
    expect(wrongCurrent.status).toBe(403);
    const ok = await here.inject('PUT', '/api/session/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a-brand-new-secret',
    });
    expect(ok.status).toBe(200);
    expect((await here.inject('GET', '/api/session')).status).toBe(200);
    expect((await there.inject('GET', '/api/session')).status).toBe(401);
    expect((await login('alice', TEST_PASSWORD, '10.6.0.1')).statusCode).toBe(401);
    expect((await login('alice', 'a-brand-new-secret', '10.6.0.2')).statusCode).toBe(200);
  });

  it('a session lives in Postgres: it survives an engine restart', async () => {
    const bob = await signIn(h.cagri.http, 'bob');
    await h.restartEngine();
    const me = await h.cagri.http.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: bob.cookie },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().principal.username).toBe('bob');
    const viaToken = await h.cagri.http.inject({
      method: 'GET',
      url: '/api/session',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(viaToken.json().principal).toEqual({ kind: 'token' });
  });
});
