// Operator self-service: a signed-in operator sees their own queue state and weekly live time,
// and logs in, pauses and logs out themselves — no admin token — refused at the 36-hour cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/domain/clock.ts';
import { createUser, signIn } from '../support/accounts.ts';
import { type Harness, startHarness } from '../support/engine-harness.ts';

let h: Harness;
// Monday 00:00 in Baku: 36 h later it is Tuesday 12:00.
const clock = new FakeClock('2026-11-30T00:00:00+04:00');

beforeAll(async () => {
  h = await startHarness({ clock });
  await createUser(h.cagri.db, { username: 'aygun', roles: ['operator'], operatorId: 'op1' });
  await createUser(h.cagri.db, { username: 'sup', roles: ['supervisor'] });
  await createUser(h.cagri.db, { username: 'ghost', roles: ['operator'], operatorId: 'op9' });
}, 30_000);
afterAll(async () => {
  await h?.close();
});

describe('/api/me', () => {
  it('an operator logs in, pauses with a reason and logs out themselves', async () => {
    const me = await signIn(h.cagri.http, 'aygun');
    const first = await me.inject('GET', '/api/me');
    expect(first.status).toBe(200);
    expect(first.body.principal).toMatchObject({ username: 'aygun', operatorId: 'op1' });
    expect(first.body.operator).toMatchObject({
      id: 'op1',
      state: 'offline',
      weeklyHours: 0,
      weeklyCapHours: 36,
    });

    const on = await me.inject('PUT', '/api/me/state', { state: 'available' });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ id: 'op1', state: 'available' });
    const ops = await h.api('GET', '/api/operators');
    expect(ops.body.operators.find((o: { id: string }) => o.id === 'op1').state).toBe('available');

    const noReason = await me.inject('PUT', '/api/me/state', { state: 'paused' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/a pause needs a reason/);
    const paused = await me.inject('PUT', '/api/me/state', { state: 'paused', reason: 'lunch' });
    expect(paused.body).toMatchObject({ state: 'paused', reason: 'lunch' });
    const back = await me.inject('PUT', '/api/me/state', { state: 'available' });
    expect(back.body.state).toBe('available');

    const audit = await h.api('GET', '/api/audit?actor=aygun');
    expect(audit.body.entries.filter((e: { action: string }) => e.action === 'operator.state')).toHaveLength(
      3,
    );
    expect(audit.body.entries[0]).toMatchObject({
      target: 'operator:op1',
      before: { state: 'paused', reason: 'lunch' },
      after: { state: 'available' },
    });
  });

  it('at the weekly cap the operator is refused (409) with the reason, and sees it in GET /api/me', async () => {
    await clock.advanceAsync(36 * 3600_000);
    // Sessions last 12 h by the engine's clock: sign in again.
    const me = await signIn(h.cagri.http, 'aygun');
    const view = await me.inject('GET', '/api/me');
    expect(view.body.operator).toMatchObject({
      state: 'paused',
      reason: 'weekly-cap',
      atCap: true,
      weeklyHours: 36,
    });
    const again = await me.inject('PUT', '/api/me/state', { state: 'available' });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/^operator op1 has reached the weekly cap of 36 h/);
    const off = await me.inject('PUT', '/api/me/state', { state: 'offline' });
    expect(off.body.state).toBe('offline');
  });

  it('a supervisor sees who they are but has no queue state to move', async () => {
    const sup = await signIn(h.cagri.http, 'sup');
    const view = await sup.inject('GET', '/api/me');
    expect(view.body).toMatchObject({ principal: { username: 'sup' }, operator: null });
    const move = await sup.inject('PUT', '/api/me/state', { state: 'available' });
    expect(move.status).toBe(403);
    expect(move.body.message).toBe('requires role operator; you are supervisor');
  });

  it('an operator account linked to an id not in queues.yaml gets 404 with the reason', async () => {
    const ghost = await signIn(h.cagri.http, 'ghost');
    const move = await ghost.inject('PUT', '/api/me/state', { state: 'available' });
    expect(move.status).toBe(404);
    expect(move.body.message).toBe('operator op9 is not in queues.yaml');
  });
});
