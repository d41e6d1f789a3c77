// Press 0, everywhere: from the root, at depth 3, during a prompt, during multi-digit input, in
// the callback flow and while waiting; outside live hours 0 leads to the callback offer. Plus a
// property: from any reachable state, 0 gets there within one step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionCommand } from '../../src/menu/session-commands.ts';
import { acts, Driver, played, service } from './session-fixture.ts';

// The menu path depends on where 0 was pressed (asserted in call-session-actions).
const enqueueZero = expect.objectContaining({
  type: 'enqueue',
  urgent: false,
  language: 'az',
  reason: 'zero',
  collected: {},
});

describe('0 reaches an operator', () => {
  it('from the root, during the greeting: the prompt stops at once', () => {
    const d = new Driver();
    expect(acts(d.key('0'))).toEqual([{ type: 'stop-playback', playbackId: 'call-1:p1' }, enqueueZero]);
  });

  it('from the root, waiting for a key: the silence timer is cancelled', () => {
    const d = new Driver();
    d.finishPrompt();
    expect(acts(d.key('0'))).toEqual([{ type: 'cancel-timer', timerId: 'call-1:t1' }, enqueueZero]);
  });

  it('from depth 3 (main → a → b → c, an input node)', () => {
    const d = new Driver();
    d.key('1', '1', '1');
    expect(d.phase).toMatchObject({ kind: 'input', nodeId: 'c' });
    expect(d.state.history).toEqual(['main', 'a', 'b']);
    expect(acts(d.key('0'))).toEqual([{ type: 'stop-playback', playbackId: 'call-1:p4' }, enqueueZero]);
  });

  it('during information and during goodbye', () => {
    const d = new Driver();
    d.key('2');
    expect(acts(d.key('0'))).toContainEqual(enqueueZero);
    const e = new Driver();
    e.key('*');
    expect(acts(e.key('0'))).toContainEqual(enqueueZero);
  });

  it('during multi-digit input: as the first key it is the operator, after that a digit', () => {
    const d = new Driver();
    d.key('1', '1', '1');
    d.finishPrompt();
    expect(acts(d.key('0'))).toContainEqual(enqueueZero);

    const e = new Driver();
    e.key('1', '1', '1', '1', '0', '2', '3', '#');
    expect(acts(e.last)).toContainEqual(
      expect.objectContaining({
        type: 'enqueue',
        urgent: false,
        language: 'az',
        reason: 'status',
        collected: { appealNumber: '1023' },
      }),
    );
  });

  it('in the callback flow, and during number entry before the first digit', () => {
    const d = new Driver();
    d.key('4');
    expect(acts(d.key('0'))).toContainEqual(enqueueZero);
    const e = new Driver();
    e.key('4', '2');
    expect(e.phase).toMatchObject({ kind: 'callback', step: 'enter' });
    expect(acts(e.key('0'))).toContainEqual(enqueueZero);
  });

  it('while already waiting: "you are already waiting", nothing else', () => {
    const d = new Driver();
    d.key('3');
    const cmds = acts(d.key('0'));
    expect(cmds).toEqual([
      { type: 'play', playbackId: 'call-1:p2', media: ['sound:t/az/alreadyWaiting'], language: 'az' },
    ]);
    expect(d.phase.kind).toBe('queued');
  });
});

describe('0 outside live hours: the callback offer', () => {
  it('from the after-hours root', () => {
    const d = new Driver({ live: false });
    const cmds = acts(d.key('0'));
    expect(cmds[0]).toEqual({ type: 'stop-playback', playbackId: 'call-1:p1' });
    expect(played(cmds)).toEqual(['sound:t/az/callbackOffer']);
    expect(cmds.some((c) => c.type === 'enqueue')).toBe(false);
    expect(d.phase).toMatchObject({ kind: 'callback', step: 'offer', returnTo: 'after' });
  });

  it('from depth 2 and from inside the callback flow (the offer starts again)', () => {
    const d = new Driver({ live: false });
    d.key('2', '1'); // after → a → b
    expect(played(d.key('0'))).toEqual(['sound:t/az/callbackOffer']);
    d.key('2', '5');
    expect(played(d.key('0'))).toEqual([]); // 0 after a digit is a digit of the number
    expect(d.phase).toMatchObject({ kind: 'callback', step: 'enter', digits: '50' });
    const e = new Driver({ live: false });
    e.key('1', '2');
    expect(played(e.key('0'))).toEqual(['sound:t/az/callbackOffer']);
    expect(e.phase).toMatchObject({ kind: 'callback', step: 'offer', digits: '' });
  });
});

// A reachable state: from the start, any sequence of keys, prompt ends, timer firings, booking
// answers, applied in order (stopping if the call ends).
type Move =
  | { kind: 'key'; digit: string }
  | { kind: 'finish' }
  | { kind: 'timer' }
  | { kind: 'booked' }
  | { kind: 'refused' };

const moveArb: fc.Arbitrary<Move> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(...'0123456789*#'.split('')).map((digit) => ({ kind: 'key' as const, digit })),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'finish' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'timer' as const }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ kind: 'booked' as const }, { kind: 'refused' as const }),
  },
);

function apply(d: Driver, m: Move): void {
  if (m.kind === 'key') d.key(m.digit);
  else if (m.kind === 'finish' && d.state.playback) d.finishPrompt();
  else if (m.kind === 'timer' && d.state.timer) d.fireTimer();
  else if (m.kind === 'booked')
    d.send({ type: 'callback-booked', dueFrom: Date.parse('2026-12-02T09:00:00+04:00') });
  else if (m.kind === 'refused') d.send({ type: 'callback-refused', reason: 'already booked' });
}

const onlyHousekeeping = (cmds: SessionCommand[]) =>
  cmds.every((c) => c.type === 'stop-playback' || c.type === 'cancel-timer' || c.type === 'log');

describe('property: 0 from any reachable state', () => {
  it('yields enqueue (live) or the callback offer (not live) within one step', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.array(moveArb, { maxLength: 40 }),
        (live, afterHoursRoot, moves) => {
          const d = new Driver({
            live,
            service: afterHoursRoot ? service : { ...service, afterHoursMenu: undefined },
          });
          for (const m of moves) {
            if (d.phase.kind === 'ended' || d.phase.kind === 'transferring') break;
            apply(d, m);
          }
          const before = d.phase;
          // 0 after keyed digits is part of the number; the caller is typing, not asking for help.
          const typing =
            (before.kind === 'input' || (before.kind === 'callback' && before.step === 'enter')) &&
            before.digits.length > 0;
          if (
            before.kind === 'ended' ||
            before.kind === 'transferring' || // put through elsewhere: that conversation's keys
            before.kind === 'with-operator' ||
            before.kind === 'booking' ||
            typing
          )
            return;
          const cmds = d.key('0');
          if (before.kind === 'queued') {
            expect(played(cmds)).toEqual([`sound:t/${d.state.language}/alreadyWaiting`]);
            return;
          }
          const main = cmds.filter(
            (c) => c.type !== 'stop-playback' && c.type !== 'cancel-timer' && c.type !== 'log',
          );
          if (live) {
            expect(main).toEqual([
              expect.objectContaining({
                type: 'enqueue',
                urgent: false,
                language: d.state.language,
                reason: 'zero',
                collected: d.state.collected,
              }),
            ]);
          } else {
            expect(main).toEqual([
              expect.objectContaining({ type: 'play', media: [`sound:t/${d.state.language}/callbackOffer`] }),
            ]);
            expect(d.phase).toMatchObject({ kind: 'callback', step: 'offer' });
          }
          // Before it: only the prompt stopping and the timer cancelled.
          expect(onlyHousekeeping(cmds.slice(0, cmds.indexOf(main[0]!)))).toBe(true);
          // Nothing is left playing or running from before.
          expect(d.state.timer).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });
});
