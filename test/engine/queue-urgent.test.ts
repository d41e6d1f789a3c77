// An urgent caller (main menu, 3: threat to life, health or liberty) goes ahead of everyone,
// raises an escalation at once (row, webhook) and, if no operator answers within dutyAfterSec
// (20 s), the duty endpoint is rung as well.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  announcementHeard,
  bridgedWith,
  callAndWait,
  legsTo,
  opState,
  positionsHeard,
  ringingLeg,
  setOperator,
  startScenario,
  waiting,
} from './queue-scenario.ts';
import { useScenario } from './scenario.ts';

describe('urgent callers on the simulator', () => {
  let hook: Server;
  let url: string;
  const posted: unknown[] = [];
  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/escalations`;
  });
  afterAll(async () => {
    await new Promise((resolve) => hook?.close(resolve));
  });
  // Hooks run in the order they are registered (afterAll in reverse): the engine starts once the
  // webhook server listens, and stops before it closes.
  const s = useScenario(() =>
    startScenario({
      editConfig: (dir) => {
        const file = path.join(dir, 'queues.yaml');
        const text = readFileSync(file, 'utf8').replace(/# webhookUrl: "[^"]*"/, `webhookUrl: "${url}"`);
        writeFileSync(file, text);
      },
    }),
  );

  it('overtakes the queue, is escalated at once, and rings the duty phone after 20 s', async () => {
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'never' });
    h.sim.world.scriptEndpoint('PJSIP', 'duty', { answer: 'after', afterMs: 1000 });
    const ordinary = await callAndWait(s, '0503330001');
    const urgent = await callAndWait(s, '0503330002', '3');

    const queue = await waiting(h);
    expect(queue.map((w) => [w.callId, w.urgent, w.position])).toEqual([
      [urgent.callId, true, 1],
      [ordinary.callId, false, 2],
    ]);
    await announcementHeard(s, urgent.simId);
    expect(positionsHeard(h, urgent.simId)).toEqual([1]);

    // Raised at once: the row, and the webhook.
    const row = await h.waitFor('escalation row', () =>
      h.cagri.db
        .selectFrom('escalations')
        .selectAll()
        .where('call_id', '=', urgent.callId)
        .executeTakeFirst(),
    );
    expect(row).toMatchObject({
      caller_number: '0503330002',
      reason: 'threat-to-life-health-liberty', // the matter chosen, not just "urgent"
      duty_rung_at: null,
    });
    await h.waitFor('webhook delivered', async () => {
      const r = await h.cagri.db
        .selectFrom('escalations')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirst();
      return r?.webhook_status === 'delivered';
    });
    expect(posted).toEqual([
      expect.objectContaining({ escalationId: row.id, callId: urgent.callId, callerNumber: '0503330002' }),
    ]);

    // The first operator who logs in is rung for the urgent caller, not for the one ahead of time.
    await setOperator(h, 'op1', 'available');
    await ringingLeg(h, 'PJSIP/op1');
    expect((await waiting(h)).find((w) => w.ringing === 'op1')?.callId).toBe(urgent.callId);

    // op1 does not answer (15 s, paused); nobody else is in: 20 s after joining, the duty phone.
    await clock.advanceAsync(15_000);
    await h.waitFor('op1 paused', () => opState(h, 'op1') === 'paused');
    expect(legsTo(h, 'PJSIP/duty')).toHaveLength(0);
    await clock.advanceAsync(4_899); // 100 + 15 000 + 4 899 ms since the urgent caller joined
    expect(legsTo(h, 'PJSIP/duty')).toHaveLength(0);
    await clock.advanceAsync(1);
    await ringingLeg(h, 'PJSIP/duty');
    await clock.advanceAsync(1000);
    await h.waitFor('urgent caller bridged with duty', () =>
      bridgedWith(h, urgent.simId).includes('PJSIP/duty'),
    );

    const after = await h.waitFor('escalation answered', async () => {
      const r = await h.cagri.db
        .selectFrom('escalations')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirst();
      return r?.answered_at ? r : undefined;
    });
    expect(after.answered_by).toBe('PJSIP/duty'); // the rung of the ladder that answered
    expect(after.duty_rung_at).not.toBeNull();
    const rungs = await h.cagri.db
      .selectFrom('escalation_rungs')
      .selectAll()
      .where('escalation_id', '=', row.id)
      .execute();
    expect(rungs).toEqual([
      expect.objectContaining({ attempt: 1, round: 1, rung: 0, endpoint: 'PJSIP/duty', outcome: 'answered' }),
    ]);
    expect((await waiting(h)).map((w) => w.callId)).toEqual([ordinary.callId]);
  });
});
