// Random call-centre days: whatever happens, the machine's bookkeeping stays consistent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallId, OperatorId } from '../../src/domain/ids.ts';
import { cb, op, QueueHarness, queuesFile } from './queue-harness.ts';

const OPS = ['op1', 'op2', 'op3'];

const action = fc.oneof(
  fc.record({
    kind: fc.constant('join' as const),
    lang: fc.constantFrom('az', 'ru', 'en', 'fr'),
    urgent: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('hangup' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('leave' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('answer' as const), i: fc.nat() }),
  fc.record({
    kind: fc.constant('fail' as const),
    i: fc.nat(),
    status: fc.constantFrom(
      'busy' as const,
      'no-answer' as const,
      'unavailable' as const,
      'hung-up' as const,
    ),
  }),
  fc.record({ kind: fc.constant('end' as const), i: fc.nat(), byOperator: fc.boolean() }),
  fc.record({
    kind: fc.constant('admin' as const),
    op: fc.constantFrom(...OPS),
    command: fc.constantFrom(
      { kind: 'login' as const },
      { kind: 'logout' as const },
      { kind: 'pause' as const, reason: 'break' },
      { kind: 'unpause' as const },
    ),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 40_000 }) }),
  fc.record({ kind: fc.constant('callback' as const), lang: fc.constantFrom('az', 'ru') }),
  fc.record({ kind: fc.constant('callback-done' as const), i: fc.nat(), answered: fc.boolean() }),
  fc.record({ kind: fc.constant('duty' as const), i: fc.nat() }),
);

type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);

function apply(h: QueueHarness, a: Action, n: number): void {
  const waiting = [...h.state.waiting.values()];
  const ringing = waiting.filter((c) => c.ringing !== undefined);
  switch (a.kind) {
    case 'join':
      h.join(`c${n}`, { language: a.lang, urgent: a.urgent });
      return;
    case 'hangup': {
      const c = pick([...waiting.map((w) => w.callId), ...h.state.connected.keys()], a.i);
      if (c) h.send({ type: 'caller-hung-up', callId: c });
      return;
    }
    case 'leave': {
      const c = pick(waiting, a.i);
      if (c) h.send({ type: 'caller-left', callId: c.callId, reason: 'callback' });
      return;
    }
    case 'answer': {
      const c = pick(ringing, a.i);
      if (c) h.send({ type: 'leg-answered', callId: c.callId, operatorId: c.ringing! });
      return;
    }
    case 'fail': {
      const c = pick(ringing, a.i);
      if (c) h.send({ type: 'leg-failed', callId: c.callId, operatorId: c.ringing!, status: a.status });
      return;
    }
    case 'end': {
      const c = pick([...h.state.connected.values()], a.i);
      if (c)
        h.send({
          type: a.byOperator ? 'operator-hung-up' : 'call-ended',
          callId: c.callId,
          operatorId: c.operatorId,
        });
      return;
    }
    case 'admin':
      h.send({ type: 'operator-command', operatorId: op(a.op), command: a.command });
      return;
    case 'advance':
      h.advance(a.ms);
      return;
    case 'callback':
      h.send({
        type: 'callback-request',
        callbackId: cb(`cb${n}`),
        queueId: 'general' as never,
        language: a.lang,
      });
      return;
    case 'callback-done': {
      const held = [...h.state.callbacks.values()].flatMap((x) => (x.kind === 'held' ? [x] : []));
      const x = pick(held, a.i);
      if (x)
        h.send({
          type: 'callback-done',
          callbackId: x.callbackId,
          operatorId: x.operatorId,
          operatorAnswered: a.answered,
        });
      return;
    }
    case 'duty': {
      const c = pick(
        waiting.filter((w) => w.ladder?.ringing),
        a.i,
      );
      if (c?.ladder) h.send({ type: 'duty-answered', callId: c.callId, attempt: c.ladder.attempt });
      return;
    }
  }
}

function checkInvariants(
  h: QueueHarness,
  joined: Set<string>,
  outcomes: Map<string, string[]>,
  legs: Map<string, string>,
): void {
  // One operator is rung for one caller at a time, and the two sides agree.
  const rungOps = new Map<OperatorId, CallId>();
  for (const c of h.state.waiting.values()) {
    if (c.ringing === undefined) continue;
    expect(rungOps.has(c.ringing), `${c.ringing} rung for two callers`).toBe(false);
    rungOps.set(c.ringing, c.callId);
  }
  for (const o of h.state.operators.values()) {
    if (o.status.kind === 'ringing') expect(rungOps.get(o.id)).toBe(o.status.callId);
    else expect(rungOps.has(o.id)).toBe(false);
    if (o.status.kind === 'on-call' && o.status.work.kind === 'call') {
      expect(h.state.connected.get(o.status.work.callId)?.operatorId).toBe(o.id);
    }
  }
  // Live legs the runtime holds (rung, not yet cancelled/failed/answered): at most one per operator.
  expect(new Set(legs.values()).size).toBe(legs.size);
  // Every caller who joined is waiting, connected, or ended with exactly one outcome.
  for (const id of joined) {
    const ended = outcomes.get(id) ?? [];
    const inQueue = h.state.waiting.has(id as CallId);
    expect(ended.length + (inQueue ? 1 : 0), `caller ${id}: ${ended.join(',')} waiting=${inQueue}`).toBe(1);
    if (h.state.connected.has(id as CallId)) expect(ended).toEqual(['connected']);
  }
  // The machine's timers are exactly the runtime's pending timers.
  expect(new Set(h.pendingTimers())).toEqual(new Set(h.state.timers.keys()));
}

describe('queue properties', () => {
  it('no operator is rung for two callers; every caller ends exactly once; timers agree', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 120 }), (actions) => {
        const h = new QueueHarness(queuesFile({ wrapUpSec: 5, retrySec: 3 }));
        const joined = new Set<string>();
        const outcomes = new Map<string, string[]>();
        const legs = new Map<string, string>(); // callId → operatorId being rung
        let seen = 0;
        actions.forEach((a, n) => {
          // leg-failed is reported by the runtime: that leg is gone before the machine reacts.
          const failed = a.kind === 'fail' ? [...h.state.waiting.values()].filter((c) => c.ringing) : [];
          const ringingBefore = new Map(failed.map((c) => [c.callId as string, c.ringing]));
          apply(h, a, n);
          for (const [c, o] of ringingBefore) {
            if (h.state.waiting.get(c as CallId)?.ringing !== o) legs.delete(c);
          }
          for (const c of h.log.slice(seen)) {
            if (c.type === 'persist-entry') joined.add(c.callId);
            if (c.type === 'remove-entry')
              outcomes.set(c.callId, [...(outcomes.get(c.callId) ?? []), c.outcome]);
            if (c.type === 'ring-operator') {
              expect(legs.has(c.callId), `${c.callId} rang two operators at once`).toBe(false);
              legs.set(c.callId, c.operatorId);
            }
            if (c.type === 'cancel-ring' || c.type === 'bridge') legs.delete(c.callId);
            if (c.type === 'record-lost-call' || c.type === 'record-short-abandon') {
              expect(c.waitedMs).toBeGreaterThanOrEqual(0);
            }
          }
          seen = h.log.length;
          // leg-failed is reported by the runtime, so the leg is gone then too.
          if (a.kind === 'fail')
            for (const [c, o] of legs) if (h.state.waiting.get(c as CallId)?.ringing !== o) legs.delete(c);
          checkInvariants(h, joined, outcomes, legs);
        });
      }),
      { numRuns: Number(process.env.QUEUE_PROP_RUNS ?? 300) },
    );
  });

  it('an event the machine refuses leaves the state exactly as it was (its writes rolled back)', () => {
    const freeze = (s: QueueHarness['state']) =>
      JSON.stringify(
        [s.seq, s.operators, s.live, s.waiting, s.connected, s.callbacks, s.timers, s.answeredWaits].map(
          (m) => (typeof m === 'number' ? m : [...m]),
        ),
      );
    let refused = 0;
    fc.assert(
      fc.property(fc.array(action, { maxLength: 80 }), fc.nat(), (actions, pickOp) => {
        const h = new QueueHarness(queuesFile({ wrapUpSec: 5, retrySec: 3 }));
        actions.forEach((a, n) => {
          apply(h, a, n);
          // Events that are refused once handlers may already have written (a login while logged
          // in, an unknown caller's leg, a pause of an offline operator).
          const frozen = freeze(h.state);
          const id = OPS[pickOp % OPS.length]!;
          for (const bad of [
            { type: 'operator-command', operatorId: op(id), command: { kind: 'login' } },
            { type: 'operator-command', operatorId: op(id), command: { kind: 'pause', reason: 'x' } },
            { type: 'leg-answered', callId: 'nobody' as CallId, operatorId: op(id) },
            { type: 'operator-command', operatorId: op('ghost'), command: { kind: 'login' } },
          ] as const) {
            const r = h.send(bad);
            if (!r.error) return; // accepted: the state moved on legitimately
            refused++;
            expect(freeze(h.state)).toBe(frozen);
          }
        });
      }),
      { numRuns: Number(process.env.QUEUE_PROP_RUNS ?? 200) },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it('a caller is never left waiting unrung while an eligible operator is free and untried', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 80 }), (actions) => {
        const h = new QueueHarness(queuesFile({ wrapUpSec: 5 }));
        actions.forEach((a, n) => {
          apply(h, a, n);
          for (const c of h.state.waiting.values()) {
            if (c.ringing !== undefined) continue;
            for (const o of h.state.operators.values()) {
              const cfg = h.state.setup.operators.get(o.id)!;
              const eligible = o.status.kind === 'available' && cfg.languages.includes(c.language);
              expect(eligible && !c.tried.includes(o.id), `${c.callId} not rung though ${o.id} is free`).toBe(
                false,
              );
            }
          }
        });
      }),
      { numRuns: Number(process.env.QUEUE_PROP_RUNS ?? 200) },
    );
  });
});
