// The appeals API on the full engine (simulator + Postgres + Redis), as signed-in people.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/domain/clock.ts';
import { createUser, type SignedIn, signIn } from '../support/accounts.ts';
import { type Harness, startHarness } from '../support/engine-harness.ts';
import { startSmtpSink } from './smtp-sink.ts';

let h: Harness;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const clock = new FakeClock('2026-12-01T10:00:00+04:00');
const as: Record<'op' | 'sup' | 'housing' | 'social' | 'admin', SignedIn> = {} as never;

beforeAll(async () => {
  sink = await startSmtpSink();
  h = await startHarness({ clock, env: { SMTP_URL: sink.url, SMTP_FROM: 'cagri@example.test' } });
  const db = h.cagri.db;
  await createUser(db, { username: 'op1', roles: ['operator'], operatorId: 'op1' });
  await createUser(db, { username: 'sup1', roles: ['supervisor'] });
  await createUser(db, { username: 'r.aliyev', roles: ['unit'], unitIds: ['housing'] });
  await createUser(db, { username: 'l.mammadova', roles: ['unit'], unitIds: ['social'] });
  await createUser(db, { username: 'adm1', roles: ['admin'] });
  as.op = await signIn(h.cagri.http, 'op1');
  as.sup = await signIn(h.cagri.http, 'sup1');
  as.housing = await signIn(h.cagri.http, 'r.aliyev');
  as.social = await signIn(h.cagri.http, 'l.mammadova');
  as.admin = await signIn(h.cagri.http, 'adm1');
});
afterAll(async () => {
  await h?.close();
  await sink?.close();
});

const complaint = (over: Record<string, unknown> = {}) => ({
  serviceId: 'citizens',
  citizenNumber: '+994501234567',
  citizenName: 'Aysel',
  language: 'az',
  category: 'complaint',
  summary: 'No hot water in the building for a week',
  menuPath: ['main', 'complaint'],
  keyed: {},
  ...over,
});

describe('appeals API', () => {
  it('a complaint: registered → forwarded → in review → answered (citizen informed) → closed', async () => {
    const created = await as.op.inject('POST', '/api/appeals', complaint({ callIds: ['c-1'] }));
    expect(created.status).toBe(201);
    const a = created.body.appeal;
    expect(a.regNo).toMatch(/^1655-2026-\d{6}$/);
    expect(a.deadline).toBe('2026-12-22T20:00:00.000Z'); // end of 22 Dec, Baku: 15 working days
    const url = `/api/appeals/${a.regNo}`;

    expect(
      (await as.op.inject('POST', `${url}/transitions`, { to: 'forwarded', unitId: 'housing' })).status,
    ).toBe(200);
    // Another unit sees the appeal with the number masked and cannot act on it.
    const seen = await as.social.inject('GET', url);
    expect(seen.body.appeal.citizenNumber).not.toBe('+994501234567');
    expect(seen.body.appeal.citizenNumberMasked).toBe(true);
    expect(seen.body.appeal.citizenName).toBeUndefined();
    const refused = await as.social.inject('POST', `${url}/transitions`, { to: 'in-review' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/not forwarded to a unit of yours/);
    // The responsible unit sees the number and works on it.
    const mine = await as.housing.inject('GET', `/api/appeals?unit=housing&status=forwarded`);
    expect(mine.body.appeals.map((x: { regNo: string }) => x.regNo)).toContain(a.regNo);
    expect(mine.body.appeals[0].citizenNumber).toBe('+994501234567');
    expect((await as.housing.inject('POST', `${url}/transitions`, { to: 'in-review' })).status).toBe(200);
    expect((await as.housing.inject('POST', `${url}/comments`, { note: 'Plumber sent' })).status).toBe(200);
    const answered = await as.housing.inject('POST', `${url}/transitions`, {
      to: 'answered',
      result: 'Boiler repaired on 3 December',
      citizenInformed: { how: 'phone', at: new Date(clock.now()).toISOString() },
    });
    expect(answered.status).toBe(200);
    // The centre sees it and closes it.
    const closed = await as.sup.inject('POST', `${url}/transitions`, {
      to: 'closed',
      note: 'checked with citizen',
    });
    expect(closed.body.appeal.status).toBe('closed');
    const got = await as.admin.inject('GET', url);
    expect(got.body.history.map((x: { actor: string; what: string }) => `${x.actor}:${x.what}`)).toEqual([
      'op1:registered',
      'op1:transition:forwarded',
      'r.aliyev:transition:in-review',
      'r.aliyev:comment',
      'r.aliyev:transition:answered',
      'sup1:transition:closed',
    ]);
    expect(got.body.appeal.citizenInformed.how).toBe('phone');
  });

  it('a question answered directly by the operator', async () => {
    const r = await as.op.inject(
      'POST',
      '/api/appeals',
      complaint({ category: 'question', summary: 'Opening hours?' }),
    );
    const done = await as.op.inject('POST', `/api/appeals/${r.body.appeal.regNo}/transitions`, {
      to: 'answered-directly',
      result: 'Told: Mon-Fri 9-18',
    });
    expect(done.body.appeal).toMatchObject({ status: 'answered-directly', deadlineState: 'none' });
  });

  it('an out-of-competence appeal is referred with its 3-working-day limit', async () => {
    const r = await as.op.inject(
      'POST',
      '/api/appeals',
      complaint({ category: 'out-of-competence', summary: 'Passport' }),
    );
    expect(r.body.appeal.deadlineDays).toBe(3);
    expect(r.body.appeal.deadline).toBe('2026-12-04T20:00:00.000Z');
    const bad = await as.op.inject('POST', `/api/appeals/${r.body.appeal.regNo}/transitions`, {
      to: 'referred-elsewhere',
    });
    expect(bad.status).toBe(400);
    const sent = await as.op.inject('POST', `/api/appeals/${r.body.appeal.regNo}/transitions`, {
      to: 'referred-elsewhere',
      body: 'State Migration Service',
    });
    expect(sent.body.appeal.referral).toMatchObject({
      body: 'State Migration Service',
      dueBy: '2026-12-04T20:00:00.000Z',
    });
  });

  it('a repeated appeal is flagged and a supervisor leaves it unexamined', async () => {
    const number = '+994552223344';
    for (let i = 0; i < 3; i++) {
      const r = await as.op.inject(
        'POST',
        '/api/appeals',
        complaint({ citizenNumber: number, unitId: 'housing' }),
      );
      const u = `/api/appeals/${r.body.appeal.regNo}/transitions`;
      await as.op.inject('POST', u, { to: 'forwarded', unitId: 'housing' });
      await as.housing.inject('POST', u, { to: 'in-review' });
      const ans = await as.housing.inject('POST', u, {
        to: 'answered',
        result: 'Explained',
        citizenInformed: { how: 'letter', at: clock.now() },
      });
      expect(ans.status).toBe(200);
    }
    const again = await as.op.inject(
      'POST',
      '/api/appeals',
      complaint({ citizenNumber: number, unitId: 'housing' }),
    );
    expect(again.body.appeal.possibleRepeatOf).toHaveLength(3);
    const u = `/api/appeals/${again.body.appeal.regNo}/transitions`;
    const body = { to: 'left-unexamined-repeated', citizenInformed: { how: 'phone', at: clock.now() } };
    expect((await as.op.inject('POST', u, body)).status).toBe(403);
    expect((await as.sup.inject('POST', u, body)).body.appeal.status).toBe('left-unexamined-repeated');
  });

  it('refusals: roles, bad input, unknown appeals', async () => {
    expect((await as.housing.inject('POST', '/api/appeals', complaint())).status).toBe(403);
    expect((await as.op.inject('POST', '/api/appeals', complaint({ category: 'gossip' }))).status).toBe(400);
    expect((await as.op.inject('POST', '/api/appeals', complaint({ unitId: 'nope' }))).body.message).toMatch(
      /units\.yaml/,
    );
    expect((await as.op.inject('GET', '/api/appeals/1655-2026-999999')).status).toBe(404);
    expect((await as.op.inject('GET', '/api/appeals/nonsense')).status).toBe(400);
    const r = await as.op.inject('POST', '/api/appeals', complaint());
    const ext = `/api/appeals/${r.body.appeal.regNo}/deadline-extension`;
    expect((await as.op.inject('POST', ext, { reason: 'study' })).status).toBe(403);
    expect(
      (await as.sup.inject('POST', ext, { reason: 'needs an inspection' })).body.appeal.deadlineDays,
    ).toBe(30);
    expect((await as.sup.inject('POST', ext, { reason: 'again' })).status).toBe(409);
    // A unit member searching by number stays within their units.
    expect((await as.social.inject('GET', '/api/appeals?number=%2B994501234567&unit=housing')).status).toBe(
      403,
    );
    const units = await as.housing.inject('GET', '/api/units');
    expect(units.body.units.map((u: { id: string }) => u.id)).toEqual(['housing', 'social']);
    expect((await h.api('GET', '/api/appeals?limit=1')).body.appeals).toHaveLength(1);
    const doc = await h.cagri.http.inject({ method: 'GET', url: '/docs/json' });
    expect(Object.keys(JSON.parse(doc.body).paths)).toContain('/api/appeals/{regNo}/transitions');
  });

  it('units.yaml is hot-reloaded; a bad one is refused with file:line:col and the units stay', async () => {
    const file = path.join(h.configDir, 'units.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('id: social', 'id: welfare'));
    expect((await h.api('POST', '/api/config/reload')).status).toBe(200);
    const units = await as.sup.inject('GET', '/api/units');
    expect(units.body.units.map((u: { id: string }) => u.id)).toEqual(['housing', 'welfare']);
    writeFileSync(file, text.replace('email: social@example.gov.az', 'email: nowhere'));
    const bad = await h.api('POST', '/api/config/reload');
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toMatch(/units\.yaml:\d+:\d+/);
    expect((await as.sup.inject('GET', '/api/units')).body.units.map((u: { id: string }) => u.id)).toContain(
      'welfare',
    );
    writeFileSync(file, text);
    expect((await h.api('POST', '/api/config/reload')).status).toBe(200);
  });

  // Last: it moves the clock three weeks on.
  it('an overdue appeal: flagged in the API and its unit reminded by exactly one mail', async () => {
    const r = await as.op.inject(
      'POST',
      '/api/appeals',
      complaint({ citizenNumber: '+994557770000', summary: 'Street light' }),
    );
    const regNo = r.body.appeal.regNo;
    await as.op.inject('POST', `/api/appeals/${regNo}/transitions`, { to: 'forwarded', unitId: 'social' });
    clock.advance(Date.parse('2026-12-23T11:00:00+04:00') - clock.now());
    // Three weeks on, the sessions have expired: sign in again.
    as.sup = await signIn(h.cagri.http, 'sup1');
    const overdue = await as.sup.inject('GET', '/api/appeals?overdue=true&unit=social');
    expect(overdue.body.appeals.map((x: { regNo: string }) => x.regNo)).toEqual([regNo]);
    expect(overdue.body.appeals[0].deadlineState).toBe('overdue');
    await h.cagri.appeals.sweep.run();
    await h.cagri.appeals.sweep.run();
    await sink.waitForMail(1);
    const toSocial = sink.mails.filter((m) => m.to.includes('social@example.gov.az'));
    expect(toSocial).toHaveLength(1);
    expect(toSocial[0]?.raw).toContain(regNo);
    const metrics = await h.cagri.http.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('cagri_appeals_deadline{unit="social",state="overdue"} 1');
  });
});
