// Issue 11, gap 1: what the caller chose in the menu travels with the call — the reason, the menu
// path and every value keyed in are kept with the queue entry (Postgres, GET /api/queue, the calls
// API), shown on the operator's phone (caller-ID name and SIP headers), and an urgent escalation
// records the matter chosen, not just "urgent".
import { describe, expect, it } from 'vitest';
import { callAndWait, legsTo, ringingLeg, setOperator, startScenario, waiting } from './queue-scenario.ts';
import { useScenario } from './scenario.ts';

describe("the caller's choice travels with the call", () => {
  const s = useScenario(() => startScenario());

  it('keeps reason, menu path and the appeal number with the queue entry and shows them to the operator', async () => {
    const { h } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'never' });
    // main → 1 appeals → 1 complaint → 3 appeal status → 12345 and # (looked up: unknown) → 0.
    const caller = await callAndWait(s, '0504440001', '11312345#0');

    const row = (await waiting(h)).find((w) => w.callId === caller.callId) as unknown as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({
      reason: 'zero',
      menuPath: ['main', 'appeals', 'complaint', 'appeal-status'],
      collected: { appealNumber: '12345' },
    });

    const entry = await h.waitFor('queue entry stored', () =>
      h.cagri.db
        .selectFrom('queue_entries')
        .selectAll()
        .where('call_id', '=', caller.callId)
        .executeTakeFirst(),
    );
    expect(entry).toMatchObject({
      reason: 'zero',
      menu_path: ['main', 'appeals', 'complaint', 'appeal-status'],
      collected: { appealNumber: '12345' },
    });

    const calls = await h.api('GET', '/api/calls?number=0504440001');
    expect(calls.status).toBe(200);
    expect(calls.body.calls[0].choice).toEqual({
      reason: 'zero',
      menuPath: ['main', 'appeals', 'complaint', 'appeal-status'],
      collected: { appealNumber: '12345' },
    });

    await setOperator(h, 'op1', 'available');
    const leg = await ringingLeg(h, 'PJSIP/op1');
    expect(leg.callerId).toEqual({ name: 'zero appealNumber=12345', number: '0504440001' });
    const channel = h.sim.world.liveChannel(leg.channelId);
    expect(channel?.variables.get('PJSIP_HEADER(add,X-Cagri-Reason)')).toBe('zero');
    expect(channel?.variables.get('PJSIP_HEADER(add,X-Cagri-Collected)')).toBe('appealNumber=12345');
    expect(channel?.variables.get('PJSIP_HEADER(add,X-Cagri-Menu-Path)')).toBe(
      'main/appeals/complaint/appeal-status',
    );
    expect(legsTo(h, 'PJSIP/op1')).toHaveLength(1);
  });

  it('records the urgent matter chosen on the escalation', async () => {
    const { h } = s;
    const urgent = await callAndWait(s, '0504440002', '3');
    const esc = await h.waitFor('escalation row', () =>
      h.cagri.db
        .selectFrom('escalations')
        .selectAll()
        .where('call_id', '=', urgent.callId)
        .executeTakeFirst(),
    );
    expect(esc).toMatchObject({
      reason: 'threat-to-life-health-liberty',
      language: 'az',
      menu_path: ['main'],
    });
  });
});
