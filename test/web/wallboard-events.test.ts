// GET /api/wallboard/events: a supervisor's wallboard gets the board at once, then a push when a
// caller joins the queue, when an operator's state changes and when the caller hangs up — and
// nothing while only the clocks move. Operators and unit members are refused; GET /api/services
// lists the services the reports page offers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, type SseClient } from '../desk/sse-client.ts';
import { callAndWait, startScenario } from '../engine/queue-scenario.ts';
import { useScenario } from '../engine/scenario.ts';
import { createUser, type SignedIn, signIn } from '../support/accounts.ts';

describe('the wallboard stream', () => {
  const s = useScenario(() => startScenario());
  let address: string;
  let boss: SignedIn;
  let operator: SignedIn;
  let unit: SignedIn;
  const streams: SseClient[] = [];
  const open = async (cookie: string) => {
    const c = await openSse(address, '/api/wallboard/events', { cookie });
    streams.push(c);
    return c;
  };

  beforeAll(async () => {
    const { h } = s;
    await createUser(h.cagri.db, { username: 'boss', roles: ['supervisor'] });
    await createUser(h.cagri.db, { username: 'aygun', roles: ['operator'], operatorId: 'op1' });
    await createUser(h.cagri.db, { username: 'n.huseynova', roles: ['unit'], unitIds: ['housing'] });
    boss = await signIn(h.cagri.http, 'boss');
    operator = await signIn(h.cagri.http, 'aygun');
    unit = await signIn(h.cagri.http, 'n.huseynova');
    address = await h.cagri.http.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => {
    for (const c of streams) c.close();
  });

  it('refuses those who may not see the wallboard', async () => {
    expect((await operator.inject('GET', '/api/wallboard/events')).status).toBe(403);
    expect((await unit.inject('GET', '/api/wallboard/events')).status).toBe(403);
    expect((await unit.inject('GET', '/api/services')).status).toBe(403);
  });

  it('pushes the board at once and on each change of callers and operators', async () => {
    const { h, clock } = s;
    const board = await open(boss.cookie);
    expect(board.status).toBe(200);
    const first = await h.waitFor('the board on connect', () => board.events('snapshot')[0]);
    expect(first.data.waiting).toEqual([]);
    expect(first.data.operators.map((o: { id: string }) => o.id)).toContain('op1');
    expect(first.data.at).toBe(new Date(clock.now()).toISOString());

    // Only the clocks move: nothing is pushed.
    await clock.advanceAsync(5000);
    expect(board.events('snapshot')).toHaveLength(1);

    const { simId, callId } = await callAndWait(s, '0501230001');
    const joined = await h.waitFor('the caller on the board', () =>
      board.events('snapshot').find((f) => f.data.waiting.length === 1),
    );
    expect(joined.data.waiting[0]).toMatchObject({ callId, position: 1 });

    h.sim.world.hangup(simId);
    await h.waitFor(
      'the board empty again',
      () => board.events('snapshot').at(-1)?.data.waiting.length === 0,
    );

    expect((await boss.inject('PUT', '/api/operators/op2/state', { state: 'available' })).status).toBe(200);
    await h.waitFor('op2 available on the board', () =>
      board
        .events('snapshot')
        .some((f) =>
          f.data.operators.some(
            (o: { id: string; state: string }) => o.id === 'op2' && o.state === 'available',
          ),
        ),
    );

    const pause = { state: 'paused', reason: 'break' };
    expect((await boss.inject('PUT', '/api/operators/op2/state', pause)).status).toBe(200);
    await h.waitFor('op2 paused for a break on the board', () =>
      board
        .events('snapshot')
        .some((f) =>
          f.data.operators.some(
            (o: { id: string; state: string; reason?: string }) =>
              o.id === 'op2' && o.state === 'paused' && o.reason === 'break',
          ),
        ),
    );

    // A second wallboard gets the board as it is now; closing the first leaves it working.
    const second = await open(boss.cookie);
    const now = await h.waitFor('the board for the second', () => second.events('snapshot')[0]);
    expect(now.data.waiting).toEqual([]);
    board.close();
    expect((await boss.inject('PUT', '/api/operators/op2/state', { state: 'offline' })).status).toBe(200);
    await h.waitFor('op2 offline on the second board', () =>
      second
        .events('snapshot')
        .some((f) =>
          f.data.operators.some(
            (o: { id: string; state: string }) => o.id === 'op2' && o.state === 'offline',
          ),
        ),
    );
    // Heartbeats every 15 s of the engine's clock keep an idle link open.
    await clock.advanceAsync(15_000);
    await h.waitFor('a heartbeat', () => second.frames.some((f) => f.comment === 'heartbeat'));
  });

  it('lists the services of the running config', async () => {
    const r = await boss.inject('GET', '/api/services');
    expect(r.status).toBe(200);
    expect(r.body.services[0]).toMatchObject({ id: 'citizens', number: '1655' });
    expect(r.body.services[0].name.az).toEqual(expect.any(String));
  });
});
