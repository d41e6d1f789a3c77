// Urgent until a person answers, on the simulator at night (22:00, the centre closed): the urgent
// choice still rings the ladder — rung 1 does not answer, rung 2 does and is bridged with the
// caller — and an urgent caller who hangs up before anyone answers is called back at once, the
// ladder answering the callback before the citizen is dialled.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bridgedWith,
  callAndWait,
  legsTo,
  ringingLeg,
  type Scenario,
  startScenario,
  waiting,
} from '../engine/queue-scenario.ts';
import { scenarioPerTest } from '../engine/scenario.ts';

const NIGHT = '2026-12-01T22:00:00+04:00';

/** Rung 1: op3's phone (nobody there at night); rung 2: the duty phone. */
function twoRungs(dir: string): void {
  const file = path.join(dir, 'queues.yaml');
  const text = readFileSync(file, 'utf8')
    .replace('startAfterSec: 20', 'startAfterSec: 5')
    .replace(
      /ladder:\n\s+- \{ endpoint: "PJSIP\/duty"[^\n]*\n/,
      'ladder:\n        - { endpoint: "PJSIP/op3", ringSec: 10, name: "night duty" }\n' +
        '        - { endpoint: "PJSIP/duty", ringSec: 20, name: "supervisor" }\n',
    );
  writeFileSync(file, text);
}

const start = scenarioPerTest((webhookUrl?: string) =>
  startScenario({
    at: NIGHT,
    editConfig: (dir) => {
      twoRungs(dir);
      if (!webhookUrl) return;
      const file = path.join(dir, 'queues.yaml');
      const text = readFileSync(file, 'utf8').replace(/# webhookUrl: "[^"]*"/, `webhookUrl: "${webhookUrl}"`);
      writeFileSync(file, text);
    },
  }),
);

/** The duty officer's system: answers with the statuses queued in `answers` (then 204). */
let hook: Server;
let hookUrl: string;
const answers: number[] = [];
const delivered: Array<{ escalationId: string; key: string | undefined }> = [];
beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const code = answers.shift() ?? 204;
      if (code < 300)
        delivered.push({
          escalationId: JSON.parse(body).escalationId,
          key: req.headers['idempotency-key'] as string,
        });
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/escalations`;
});
afterAll(async () => {
  await new Promise((resolve) => hook?.close(resolve));
});

async function escalationOf(s: Scenario, callId: string) {
  return s.h.waitFor('escalation row', () =>
    s.h.cagri.db.selectFrom('escalations').selectAll().where('call_id', '=', callId).executeTakeFirst(),
  );
}

async function rungsOf(s: Scenario, escalationId: string) {
  return s.h.cagri.db
    .selectFrom('escalation_rungs')
    .select(['attempt', 'round', 'rung', 'endpoint', 'outcome'])
    .where('escalation_id', '=', escalationId)
    .orderBy('attempt')
    .execute();
}

describe('urgent callers at night', { timeout: 60_000 }, () => {
  it('ring the ladder: rung 1 does not answer, rung 2 answers and is bridged with the caller', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op3', { answer: 'never' });
    h.sim.world.scriptEndpoint('PJSIP', 'duty', { answer: 'after', afterMs: 2000 });
    const urgent = await callAndWait(s, '0503330002', '3'); // after-hours menu: 3 = urgent
    expect((await waiting(h)).map((w) => [w.callId, w.urgent])).toEqual([[urgent.callId, true]]);

    await clock.advanceAsync(5000);
    await ringingLeg(h, 'PJSIP/op3');
    expect(legsTo(h, 'PJSIP/duty')).toHaveLength(0);
    await clock.advanceAsync(10_000); // rung 1's 10 s are up: rung 2 at once
    await ringingLeg(h, 'PJSIP/duty');
    await clock.advanceAsync(2000);
    await h.waitFor('caller bridged with rung 2', () => bridgedWith(h, urgent.simId).includes('PJSIP/duty'));

    const row = await escalationOf(s, urgent.callId);
    await h.cagri.writes.idle();
    const answered = await h.waitFor('escalation answered', async () => {
      const r = await h.cagri.db
        .selectFrom('escalations')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirst();
      return r?.answered_at ? r : undefined;
    });
    expect(answered.answered_by).toBe('PJSIP/duty');
    expect(await rungsOf(s, row.id)).toEqual([
      { attempt: 1, round: 1, rung: 0, endpoint: 'PJSIP/op3', outcome: 'no-answer' },
      { attempt: 2, round: 1, rung: 1, endpoint: 'PJSIP/duty', outcome: 'answered' },
    ]);

    // Supervisors see it, with its rungs.
    const r = await h.api('GET', '/api/escalations?state=answered');
    expect(r.status).toBe(200);
    const listed = (r.body as { escalations: Array<{ id: string; rungs: unknown[]; answeredBy: string }> })
      .escalations;
    expect(listed.find((e) => e.id === row.id)).toMatchObject({
      answeredBy: 'PJSIP/duty',
      rungs: [
        expect.objectContaining({ outcome: 'no-answer' }),
        expect.objectContaining({ outcome: 'answered' }),
      ],
    });
    const bad = await h.api('GET', '/api/escalations?state=closed');
    expect(bad.status).toBe(400);
  });

  it('an urgent caller who hangs up before anyone answers is called back at once, at night', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op3', { answer: 'never' });
    h.sim.world.scriptEndpoint('PJSIP', 'duty', { answer: 'after', afterMs: 1000 });
    const urgent = await callAndWait(s, '0503330003', '3');
    await clock.advanceAsync(2000); // a 2 s wait: for an ordinary caller, a short abandon
    h.sim.world.hangup(urgent.simId);
    await h.waitFor('caller gone', async () => (await waiting(h)).length === 0);
    await h.cagri.writes.idle();

    const cb = await h.waitFor('an urgent callback', () =>
      h.cagri.db.selectFrom('callbacks').selectAll().where('number', '=', '+994503330003').executeTakeFirst(),
    );
    expect(cb).toMatchObject({ kind: 'urgent', status: expect.stringMatching(/scheduled|dialling/) });
    expect(Math.abs(new Date(cb.due_from).getTime() - clock.now())).toBeLessThan(5000); // now, not tomorrow 09:00

    // The ladder answers the callback (rung 1 rings out, rung 2 answers), then the citizen is dialled.
    await h.cagri.callbacks.scheduler.promoteDelayed();
    await ringingLeg(h, 'PJSIP/op3'); // the caller left before the ladder started: the first leg
    await clock.advanceAsync(10_000);
    await ringingLeg(h, 'PJSIP/duty');
    await clock.advanceAsync(1000);
    await h.waitFor('the citizen is dialled', () =>
      h.sim.world
        .listOriginations()
        .find((o) => o.dialString === 'PJSIP/0503330003@trunk' && o.result === 'ringing'),
    );
    await clock.advanceAsync(1000); // the citizen answers
    await h.waitFor('callback reached', async () => {
      const r = await h.cagri.db
        .selectFrom('callbacks')
        .select('status')
        .where('id', '=', cb.id)
        .executeTakeFirst();
      return r?.status === 'reached';
    });
  });

  it('the webhook is a durable job: a 500 is retried, and it is delivered exactly once', async () => {
    answers.push(500);
    const s = await start(hookUrl);
    const { h } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op3', { answer: 'never' });
    const urgent = await callAndWait(s, '0503330004', '3');
    const row = await escalationOf(s, urgent.callId);
    // BullMQ's backoff runs on real time (2 s): waited for as an event, not slept.
    const done = await h.waitFor(
      'webhook delivered after the retry',
      async () => {
        const r = await h.cagri.db
          .selectFrom('escalations')
          .selectAll()
          .where('id', '=', row.id)
          .executeTakeFirst();
        return r?.webhook_status === 'delivered' ? r : undefined;
      },
      15_000,
    );
    expect(done).toMatchObject({ webhook_attempts: 2, webhook_last_error: 'HTTP 500' });
    expect(delivered.filter((d) => d.escalationId === row.id)).toEqual([
      { escalationId: row.id, key: row.id },
    ]);
    h.sim.world.hangup(urgent.simId);
  });
});
