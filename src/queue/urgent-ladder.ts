// The urgent escalation ladder, pure (no I/O, no clock of its own): when no operator has answered
// an urgent caller within `startAfterSec`, the ladder's rungs (duty phones, then supervisors) are
// rung one at a time, each for its `ringSec`, until one answers; an exhausted ladder starts again
// from the top after `restartAfterSec`, for as long as the caller waits. Operators are still rung
// meanwhile, and whoever answers first wins.
import type { CallId } from '../domain/ids.ts';
import type { RungOutcome } from './queue-commands.ts';
import type { QueueConfig } from './queue-config.ts';
import { type Draft, timerIds } from './queue-draft.ts';
import type { LegFailure } from './queue-events.ts';
import type { WaitingCaller } from './queue-state.ts';

/** How long a rung's leg may ring at most; the machine's own timer ends the rung first. */
const LEG_GRACE_SEC = 5;

function ladderOf(d: Draft, caller: WaitingCaller): QueueConfig['urgent'] {
  return d.setup.queues.get(caller.queueId)?.urgent;
}

/** An urgent caller joined (`waitedMs` already waited, after a restart): the ladder starts later. */
export function scheduleLadder(d: Draft, caller: WaitingCaller, waitedMs: number): void {
  const urgent = ladderOf(d, caller);
  if (!urgent || urgent.ladder.length === 0) return;
  d.startTimer(
    timerIds.duty(caller.callId),
    { kind: 'duty', callId: caller.callId },
    urgent.startAfterSec * 1000 - waitedMs,
  );
}

/** The start (or restart) timer fired: ring the first rung (of the next round). */
export function ladderTimerFired(d: Draft, caller: WaitingCaller): void {
  const prev = caller.ladder;
  ringRung(d, caller, 0, prev ? prev.round + 1 : 1);
}

/** The ringing rung's time is up: drop its leg and go on. */
export function rungTimedOut(d: Draft, caller: WaitingCaller, attempt: number): void {
  if (!caller.ladder?.ringing || caller.ladder.attempt !== attempt) return;
  nextRung(d, cancelRung(d, caller, 'no-answer'));
}

/** The rung's phone failed (busy, unavailable, hung up, Asterisk's own no-answer). */
export function rungFailed(d: Draft, callId: CallId, attempt: number, status: LegFailure): void {
  const caller = d.waiting.get(callId);
  if (!caller?.ladder?.ringing || caller.ladder.attempt !== attempt) return; // stale
  d.cancelTimer(timerIds.rung(callId));
  d.emit({ type: 'rung-ended', callId, ...rungRef(d, caller), outcome: status, at: d.now });
  nextRung(d, d.updateCaller(caller, { ladder: { ...caller.ladder, ringing: false } }));
}

/** The rung answered: the caller is bridged with them and leaves the queue. */
export function rungAnswered(d: Draft, callId: CallId, attempt: number): void {
  const caller = d.waiting.get(callId);
  if (!caller?.ladder?.ringing || caller.ladder.attempt !== attempt) {
    d.emit({ type: 'cancel-duty', callId }); // too late: make sure the stray leg is dropped
    return;
  }
  d.cancelTimer(timerIds.rung(callId));
  const ref = rungRef(d, caller);
  d.emit({ type: 'rung-ended', callId, ...ref, outcome: 'answered', at: d.now });
  const after = d.stopRinging(caller, { dropLeg: true });
  d.removeCaller(d.updateCaller(after, { ladder: { ...caller.ladder, ringing: false } }), 'connected');
  d.emit({ type: 'bridge-duty', callId, attempt, endpoint: ref.endpoint });
}

/** Drops the ringing rung's leg and records why; the caller's ladder is left between rungs. */
export function cancelRung(d: Draft, caller: WaitingCaller, outcome: RungOutcome): WaitingCaller {
  if (!caller.ladder?.ringing) return caller;
  d.cancelTimer(timerIds.rung(caller.callId));
  d.emit({ type: 'cancel-duty', callId: caller.callId });
  d.emit({ type: 'rung-ended', callId: caller.callId, ...rungRef(d, caller), outcome, at: d.now });
  if (!d.waiting.has(caller.callId)) return caller;
  return d.updateCaller(caller, { ladder: { ...caller.ladder, ringing: false } });
}

function nextRung(d: Draft, caller: WaitingCaller): void {
  const urgent = ladderOf(d, caller);
  const prev = caller.ladder;
  if (!urgent || !prev) return;
  if (prev.rung + 1 < urgent.ladder.length) {
    ringRung(d, caller, prev.rung + 1, prev.round);
    return;
  }
  // Exhausted: start again from the top after a pause; urgent never gives up while the caller waits.
  d.startTimer(
    timerIds.duty(caller.callId),
    { kind: 'duty', callId: caller.callId },
    urgent.restartAfterSec * 1000,
  );
}

function ringRung(d: Draft, caller: WaitingCaller, rung: number, round: number): void {
  const urgent = ladderOf(d, caller);
  const step = urgent?.ladder[rung];
  if (!step) return;
  const attempt = (caller.ladder?.attempt ?? 0) + 1;
  const next = d.updateCaller(caller, { ladder: { attempt, round, rung, ringing: true } });
  d.emit({
    type: 'ring-duty',
    callId: caller.callId,
    ...rungRef(d, next),
    timeoutSec: step.ringSec + LEG_GRACE_SEC,
  });
  d.startTimer(
    timerIds.rung(caller.callId),
    { kind: 'rung', callId: caller.callId, attempt },
    step.ringSec * 1000,
  );
}

function rungRef(d: Draft, caller: WaitingCaller) {
  const p = caller.ladder!;
  const step = ladderOf(d, caller)?.ladder[p.rung];
  return {
    attempt: p.attempt,
    round: p.round,
    rung: p.rung,
    endpoint: step?.endpoint ?? '',
    ...(step?.name !== undefined && { name: step.name }),
  };
}
