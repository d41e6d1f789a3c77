// Issue 12, "Operators get the call's context": a signed-in operator goes available, a citizen keys
// the appeal-status path (1 → 1 → 3, appeal number 12345 #) and reaches the operator; the desk's
// event stream gets the screen pop with the reason and the keyed appeal number; the operator hangs
// up and wraps up; the form registers a complaint (seen through the appeals API) and frees the
// operator early — the caller waiting meanwhile was not offered to them before. A wrap-up with no
// form by the deadline frees the operator and lists the call as "wrap-up missing". Refusals: a unit
// member gets no desk; an operator cannot read another operator's stream.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealFromRow } from '../../src/appeals/appeal-rows.ts';
import {
  bridgedWith,
  callAndWait,
  legsTo,
  opState,
  ringingLeg,
  setQueueOption,
  startScenario,
} from '../engine/queue-scenario.ts';
import { useScenario } from '../engine/scenario.ts';
import { createUser, type SignedIn, signIn } from '../support/accounts.ts';
import { openSse, type SseClient } from './sse-client.ts';

describe('the operator desk: screen pop and wrap-up', () => {
  // A minute of wrap-up: long enough for the steps below to happen inside it. The keyed appeal
  // number goes straight to an operator here (the shipped menu reads its status out first).
  const s = useScenario(() =>
    startScenario({
      editConfig: (dir) => {
        const queues = path.join(dir, 'queues.yaml');
        writeFileSync(queues, setQueueOption(readFileSync(queues, 'utf8'), 'wrapUpSec', 60));
        const menu = path.join(dir, 'menus', 'main.yaml');
        writeFileSync(
          menu,
          readFileSync(menu, 'utf8').replace(
            /next: \{ action: appeal-status \}/,
            'next: { action: operator, reason: appeal-status }',
          ),
        );
      },
    }),
  );
  let address: string;
  let op1: SignedIn;
  let op2: SignedIn;
  let unit: SignedIn;
  let supervisor: SignedIn;
  let desk: SseClient;
  let firstCallId: string;
  const streams: SseClient[] = [];
  const stream = async (path: string, headers: Record<string, string>) => {
    const c = await openSse(address, path, headers);
    streams.push(c);
    return c;
  };

  beforeAll(async () => {
    const { h } = s;
    const db = h.cagri.db;
    await createUser(db, { username: 'aygun', roles: ['operator'], operatorId: 'op1' });
    await createUser(db, { username: 'reshad', roles: ['operator'], operatorId: 'op2' });
    await createUser(db, { username: 'n.huseynova', roles: ['unit'], unitIds: ['housing'] });
    await createUser(db, { username: 'boss', roles: ['supervisor'] });
    op1 = await signIn(h.cagri.http, 'aygun');
    op2 = await signIn(h.cagri.http, 'reshad');
    unit = await signIn(h.cagri.http, 'n.huseynova');
    supervisor = await signIn(h.cagri.http, 'boss');
    address = await h.cagri.http.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => {
    for (const c of streams) c.close();
  });

  it('refuses the desk to a unit member, and another operator’s stream to an operator', async () => {
    const asUnit = await stream('/api/desk/events', { cookie: unit.cookie });
    expect(asUnit.status).toBe(403);
    const other = await stream('/api/desk/events?operator=op1', { cookie: op2.cookie });
    expect(other.status).toBe(403);
    expect((await op2.inject('GET', '/api/desk/me?operator=op1')).status).toBe(403);
    expect((await unit.inject('GET', '/api/desk/me')).status).toBe(403);
    const form = { workId: 'x', category: 'complaint', summary: 's', outcome: 'registered' };
    expect((await unit.inject('POST', '/api/desk/wrap-up', form)).status).toBe(403);
    expect((await unit.inject('GET', '/api/desk/calls?wrapUp=missing')).status).toBe(403);
    expect((await supervisor.inject('GET', '/api/desk/me?operator=op1')).status).toBe(200);
    expect((await supervisor.inject('GET', '/api/desk/me?operator=op9')).status).toBe(404);
    const docs = await s.h.cagri.http.inject({ method: 'GET', url: '/docs/json' });
    expect(Object.keys(JSON.parse(docs.body).paths)).toEqual(
      expect.arrayContaining(['/api/desk/events', '/api/desk/me', '/api/desk/wrap-up', '/api/desk/calls']),
    );
  });

  it('sends the screen pop with the reason and the keyed appeal number when the call is bridged', async () => {
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000, hangupAfterMs: 5000 });
    desk = await stream('/api/desk/events', { cookie: op1.cookie });
    expect(desk.status).toBe(200);
    await h.waitFor('offline state on connect', () => desk.events('state')[0]);
    expect((await op1.inject('PUT', '/api/me/state', { state: 'available' })).status).toBe(200);
    await h.waitFor('available on the stream', () =>
      desk.events('state').find((f) => f.data.state === 'available'),
    );

    const caller = await callAndWait(s, '0501230001', '11312345#');
    firstCallId = caller.callId;
    await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(1000);
    await h.waitFor('bridged with op1', () => bridgedWith(h, caller.simId).includes('PJSIP/op1'));
    const pop = await h.waitFor('screen pop', () => desk.events('screen-pop')[0], 5000);
    expect(pop.id).toMatch(/-\d+$/);
    expect(pop.data).toMatchObject({
      workId: caller.callId,
      kind: 'call',
      callId: caller.callId,
      callerNumber: '0501230001',
      language: 'az',
      reason: 'appeal-status',
      menuPath: ['main', 'appeals', 'complaint', 'appeal-status'],
      keyed: { appealNumber: '12345' },
      appealNumber: '12345',
      urgent: false,
      callback: null,
      openAppeals: [],
    });

    const me = await op1.inject('GET', '/api/desk/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ operatorId: 'op1', state: 'on-call', urgent: false, callbacks: [] });
    expect(me.body.current.workId).toBe(caller.callId);
    expect(me.body.weekly).toMatchObject({ capHours: 36, atCap: false });
    expect(me.body.serverTime).toBe(new Date(s.clock.now()).toISOString());

    // A desk reconnecting with the id of an event before the pop gets the pop again.
    const before = desk.events('state').at(-1)?.id as string;
    const again = await stream('/api/desk/events', { cookie: op1.cookie, 'last-event-id': before });
    await h.waitFor('pop replayed', () => again.events('screen-pop')[0]);
    const seen = await stream('/api/desk/events', { cookie: op1.cookie, 'last-event-id': pop.id as string });
    await h.waitFor('state on connect', () => seen.events('state')[0]);
    expect(seen.events('screen-pop')).toEqual([]);
    // Heartbeats every 15 s of the engine's clock.
    await clock.advanceAsync(15_000);
    await h.waitFor('heartbeat', () => seen.frames.find((f) => f.comment === 'heartbeat'));
  });

  it('holds the next caller during wrap-up; the form registers a complaint and frees the operator', async () => {
    const { h, clock } = s;
    // The operator hung up 5 s after answering (already past on the clock above).
    await h.waitFor('op1 wraps up', () => opState(h, 'op1') === 'wrap-up');
    const ended = await h.waitFor('call ended', () => desk.events('call-ended')[0]);
    expect(ended.data).toMatchObject({ workId: firstCallId, kind: 'call' });
    const wrapUp = await h.waitFor('wrap-up deadline', () => desk.events('wrap-up')[0]);
    expect(wrapUp.data.workId).toBe(firstCallId);
    const deadline = Date.parse(wrapUp.data.deadline);
    expect(deadline - clock.now()).toBeGreaterThan(0);
    expect(deadline - clock.now()).toBeLessThanOrEqual(60_000);

    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000, hangupAfterMs: 3000 });
    const second = await callAndWait(s, '0501230002');
    await clock.advanceAsync(2000);
    expect(legsTo(h, 'PJSIP/op1')).toHaveLength(1); // not rung while wrapping up

    const form = {
      workId: firstCallId,
      category: 'complaint',
      summary: 'No hot water in the building since Monday',
      outcome: 'forwarded',
      unitId: 'housing',
    };
    // A double click: two submissions at once register one appeal, the other is refused.
    const both = await Promise.all([
      op1.inject('POST', '/api/desk/wrap-up', form),
      op1.inject('POST', '/api/desk/wrap-up', form),
    ]);
    expect(both.map((x) => x.status).sort()).toEqual([200, 409]);
    const r = both.find((x) => x.status === 200)!;
    const forCall = await h.cagri.db
      .selectFrom('appeals')
      .select('reg_no')
      .where(sql<boolean>`call_ids @> ${JSON.stringify([firstCallId])}::jsonb`)
      .execute();
    expect(forCall).toHaveLength(1);
    expect(r.body.wrapUp).toBe('ended');
    expect(r.body.regNo).toMatch(/^1655-\d{4}-\d{6}$/);
    expect((await op1.inject('POST', '/api/desk/wrap-up', form)).status).toBe(409);

    await ringingLeg(h, 'PJSIP/op1', 1); // rung for the waiting caller at once
    // The appeal as the registry stores it (its API is helper B's; its rows are read the same way).
    const row = await h.cagri.db
      .selectFrom('appeals')
      .selectAll()
      .where('reg_no', '=', r.body.regNo)
      .executeTakeFirstOrThrow();
    expect(appealFromRow(row)).toMatchObject({
      category: 'complaint',
      status: 'forwarded',
      unitId: 'housing',
      citizenNumber: '0501230001',
      callIds: [firstCallId],
      menuPath: ['main', 'appeals', 'complaint', 'appeal-status'],
      keyed: { appealNumber: '12345' },
    });
    const ok = await h.waitFor('wrap-up ended', () => desk.events('wrap-up-ended')[0]);
    expect(ok.data).toEqual({ workId: firstCallId, outcome: 'done', regNo: r.body.regNo });

    // The second call: answered, hung up, and no form by the deadline.
    await clock.advanceAsync(1000);
    await h.waitFor('bridged with op1', () => bridgedWith(h, second.simId).includes('PJSIP/op1'));
    await h.waitFor('second pop', () =>
      desk.events('screen-pop').find((f) => f.data.workId === second.callId),
    );
    await clock.advanceAsync(3000);
    await h.waitFor('op1 wraps up again', () => opState(h, 'op1') === 'wrap-up');
    await clock.advanceAsync(60_000);
    await h.waitFor('op1 available after the wrap-up time', () => opState(h, 'op1') === 'available');
    const missed = await h.waitFor('wrap-up missing', () =>
      desk.events('wrap-up-ended').find((f) => f.data.workId === second.callId),
    );
    expect(missed.data.outcome).toBe('missing');
    const list = await h.waitFor('listed as missing', async () => {
      const res = await supervisor.inject('GET', '/api/desk/calls?wrapUp=missing');
      return res.body.calls.length > 0 ? res : undefined;
    });
    expect(list.body.calls).toEqual([
      expect.objectContaining({
        workId: second.callId,
        operatorId: 'op1',
        wrapUp: 'missing',
        callerNumber: '0501230002',
      }),
    ]);
    // The form can still come late: the appeal is registered, the call leaves the missing list.
    const late = await op1.inject('POST', '/api/desk/wrap-up', {
      workId: second.callId,
      category: 'question',
      summary: 'Asked when the office opens',
      outcome: 'answered-directly',
      result: 'Told: 09:00 on working days',
    });
    expect(late.status).toBe(200);
    expect(late.body.wrapUp).toBe('already-over');
    const answered = await h.api('GET', `/api/appeals/${late.body.regNo}`);
    expect(answered.status).toBe(200);
    expect(answered.body.appeal).toMatchObject({ category: 'question', status: 'answered-directly' });
    expect((await supervisor.inject('GET', '/api/desk/calls?wrapUp=missing')).body.calls).toEqual([]);

    const own = await op1.inject('GET', '/api/desk/calls?wrapUp=done');
    expect(own.body.calls.map((c: { workId: string }) => c.workId).sort()).toEqual(
      [firstCallId, second.callId].sort(),
    );
    expect((await op2.inject('GET', '/api/desk/calls?wrapUp=done')).body.calls).toEqual([]);
  });

  it('a form filled in during the call leaves no wrap-up time after it', async () => {
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000, hangupAfterMs: 3000 });
    const third = await callAndWait(s, '0501230003', '0');
    await ringingLeg(h, 'PJSIP/op1', 2);
    await clock.advanceAsync(1000);
    await h.waitFor('third pop', () => desk.events('screen-pop').find((f) => f.data.workId === third.callId));
    const r = await op1.inject('POST', '/api/desk/wrap-up', {
      workId: third.callId,
      category: 'information',
      summary: 'Asked for the address of the centre',
      outcome: 'registered',
    });
    expect(r.status).toBe(200);
    expect(r.body.wrapUp).toBe('not-started');
    await clock.advanceAsync(3000);
    const ended = await h.waitFor('wrap-up over at once', () =>
      desk.events('wrap-up-ended').find((f) => f.data.workId === third.callId),
    );
    expect(ended.data).toEqual({ workId: third.callId, outcome: 'done', regNo: r.body.regNo });
    expect(opState(h, 'op1')).toBe('available');
  });
});
