// The queue as a pure state machine: one machine for the whole call centre (operators are
// shared by queues). `step(state, event)` returns the next state and the commands the runtime
// carries out through the telephony port, Postgres, timers and the escalation webhook.
import type { CallId } from '../domain/ids.ts';
import { NO_CHOICE } from './caller-choice.ts';
import { classifyAbandon, waitedAcrossRestart } from './lost-call-rule.ts';
import { callbackDone, callbackRequested, callbackWithdrawn, grantCallbacks } from './queue-callbacks.ts';
import type { QueueCommand } from './queue-commands.ts';
import { Draft, type QueueError, timerIds } from './queue-draft.ts';
import type { QueueEvent } from './queue-events.ts';
import type { QueueState, WaitingCaller } from './queue-state.ts';
import {
  callersInOrder,
  chooseOperator,
  ESTIMATE_HISTORY,
  estimateWaitSec,
  positionOf,
  queueOf,
} from './routing.ts';
import { ladderTimerFired, rungAnswered, rungFailed, rungTimedOut, scheduleLadder } from './urgent-ladder.ts';
import { capTimerFired, enforceWeeklyCap, refuseAtCap } from './weekly-cap.ts';

export interface StepResult {
  readonly state: QueueState;
  readonly commands: QueueCommand[];
  /** Set when the event was refused or referred to something unknown; the state is unchanged. */
  readonly error?: QueueError;
}

type EventOf<T extends QueueEvent['type']> = Extract<QueueEvent, { type: T }>;

/**
 * Applies one event. The state's maps are updated in place (no copy per event), so the state
 * given is used up: keep the one returned. A refused event, or a step that throws, leaves it as
 * it was.
 */
export function step(state: QueueState, event: QueueEvent): StepResult {
  const d = new Draft(state, event.now, event.mono);
  try {
    handle(d, event);
    if (d.error) {
      d.rollback();
      return { state, commands: [], error: d.error };
    }
    enforceWeeklyCap(d);
    dispatch(d);
  } catch (err) {
    d.rollback();
    throw err;
  }
  return { state: d.result(), commands: d.commands };
}

function handle(d: Draft, e: QueueEvent): void {
  switch (e.type) {
    case 'caller-joined':
      callerJoined(d, e);
      break;
    case 'caller-hung-up':
      callerHungUp(d, e);
      break;
    case 'caller-left': {
      const caller = waitingCaller(d, e.callId);
      if (caller) d.removeCaller(d.stopRinging(caller, { dropLeg: true }), 'left');
      break;
    }
    case 'operator-command':
      operatorCommand(d, e);
      break;
    case 'leg-answered':
      legAnswered(d, e);
      break;
    case 'leg-failed':
      legFailed(d, e);
      break;
    case 'operator-hung-up':
    case 'call-ended':
      callEnded(d, e.callId, e.operatorId);
      break;
    case 'duty-answered':
      rungAnswered(d, e.callId, e.attempt);
      break;
    case 'duty-failed':
      rungFailed(d, e.callId, e.attempt, e.status);
      break;
    case 'timer':
      timerFired(d, e.timerId);
      break;
    case 'callback-request':
      callbackRequested(d, e);
      break;
    case 'callback-withdrawn':
      callbackWithdrawn(d, e);
      break;
    case 'callback-done':
      callbackDone(d, e);
      break;
    case 'hours-ended':
      closingTime(d, e.queueId);
      break;
  }
}

function waitingCaller(d: Draft, callId: CallId): WaitingCaller | undefined {
  const caller = d.waiting.get(callId);
  if (!caller) d.fail('unknown-call', `call ${callId} is not waiting in a queue`);
  return caller;
}

function callerJoined(d: Draft, e: EventOf<'caller-joined'>): void {
  if (d.waiting.has(e.callId) || d.connected.has(e.callId)) {
    d.fail('duplicate', `call ${e.callId} is already in the queue`);
    return;
  }
  const q = d.setup.queues.get(e.queueId);
  if (!q) {
    d.fail('unknown-queue', `no queue "${e.queueId}" in queues.yaml`);
    return;
  }
  // Re-adoption after a restart keeps the original waiting time; monotonic time does not
  // survive a restart, so it is rebuilt from the persisted wall-clock joining time.
  const readopted = e.joinedMono !== undefined || e.joinedWall !== undefined;
  const joinedMono =
    e.joinedMono ?? (e.joinedWall !== undefined ? e.mono - Math.max(0, e.now - e.joinedWall) : e.mono);
  const joinedWall = e.joinedWall ?? e.now - (e.mono - joinedMono);
  const base: WaitingCaller = {
    callId: e.callId,
    queueId: e.queueId,
    language: e.language,
    urgent: e.urgent,
    callerNumber: e.callerNumber,
    choice: e.choice ?? NO_CHOICE,
    joinedMono,
    joinedWall,
    joinPosition: 1,
    seq: d.seq++,
    tried: [],
  };
  d.waiting.set(e.callId, base);
  const position = positionOf(d.view(), base);
  d.updateCaller(base, { joinPosition: position });
  const entry = {
    callId: e.callId,
    queueId: e.queueId,
    callerNumber: e.callerNumber,
    language: e.language,
    choice: base.choice,
  };
  d.emit({ type: 'persist-entry', ...entry, urgent: e.urgent, joinedAt: joinedWall });
  if (e.urgent && !readopted) {
    d.emit({
      type: 'escalate',
      ...entry,
      at: e.now,
      webhookUrl: q.urgent?.webhookUrl,
      webhookRetries: q.urgent?.webhookRetries ?? 0,
    });
  }
  announce(d, base, position);
  if (q.overflowAfterSec !== null && q.overflowAfterSec > 0) {
    // Routing looks at the wait on every event; this timer makes sure there is one then.
    const left = q.overflowAfterSec * 1000 - (e.mono - joinedMono);
    if (left > 0) d.startTimer(timerIds.overflow(e.callId), { kind: 'overflow', callId: e.callId }, left);
  }
  if (e.urgent) scheduleLadder(d, base, e.mono - joinedMono);
}

function announce(d: Draft, caller: WaitingCaller, position = positionOf(d.view(), caller)): void {
  const q = queueOf(d.view(), caller.queueId);
  const estimatedWaitSec = estimateWaitSec(d.view(), caller.queueId, position);
  d.emit({
    type: 'announce-position',
    callId: caller.callId,
    position,
    ...(estimatedWaitSec === undefined ? {} : { estimatedWaitSec }),
  });
  d.startTimer(
    timerIds.announce(caller.callId),
    { kind: 'announce', callId: caller.callId },
    q.announceEverySec * 1000,
  );
}

function callerHungUp(d: Draft, e: EventOf<'caller-hung-up'>): void {
  const connected = d.connected.get(e.callId);
  if (connected) {
    callEnded(d, e.callId, connected.operatorId);
    return;
  }
  const caller = waitingCaller(d, e.callId);
  if (!caller) return;
  const q = queueOf(d.view(), caller.queueId);
  const position = positionOf(d.view(), caller);
  const waitedMs =
    e.hungUpWall !== undefined
      ? waitedAcrossRestart(caller.joinedWall, e.hungUpWall)
      : e.mono - caller.joinedMono;
  // An urgent caller who hangs up before anyone answered is always called back, at once.
  const kind = caller.urgent ? 'lost' : classifyAbandon(waitedMs, q.lostCallThresholdSec);
  const record = {
    callId: caller.callId,
    queueId: caller.queueId,
    callerNumber: caller.callerNumber,
    language: caller.language,
    waitedMs: Math.round(waitedMs),
    position,
    at: e.hungUpWall ?? e.now,
    ...(caller.urgent && { urgent: true }),
  };
  const after = d.stopRinging(caller, { dropLeg: true });
  // Written before the entry is closed: a lost call must never be forgotten.
  d.emit(
    kind === 'lost' ? { type: 'record-lost-call', ...record } : { type: 'record-short-abandon', ...record },
  );
  d.removeCaller(after, kind === 'lost' ? 'lost' : 'abandoned');
}

function operatorCommand(d: Draft, e: EventOf<'operator-command'>): void {
  const op = d.operators.get(e.operatorId);
  if (!op) {
    d.fail('unknown-operator', `no operator "${e.operatorId}" in queues.yaml`);
    return;
  }
  const before = op.status;
  const goesLive = e.command.kind === 'login' || e.command.kind === 'unpause';
  const atCap = goesLive ? refuseAtCap(d.view(), e.operatorId) : undefined;
  if (atCap) {
    d.fail('refused', atCap);
    return;
  }
  if (!d.applyOperator(e.operatorId, e.command)) return;
  if (before.kind === 'ringing') {
    // Logged out or paused while being rung: drop the leg; the caller goes on to the next.
    const caller = d.waiting.get(before.callId);
    if (caller?.ringing === e.operatorId) d.stopRinging(caller, { dropLeg: true });
  }
  if (before.kind === 'wrap-up') d.cancelTimer(timerIds.wrapUp(e.operatorId));
}

function legAnswered(d: Draft, e: EventOf<'leg-answered'>): void {
  const caller = d.waiting.get(e.callId);
  if (caller?.ringing !== e.operatorId) {
    // Too late (the caller hung up, the ring timed out): make sure the stray leg is dropped.
    d.emit({ type: 'cancel-ring', callId: e.callId, operatorId: e.operatorId });
    return;
  }
  d.cancelTimer(timerIds.ring(e.callId));
  d.applyOperator(e.operatorId, { kind: 'answered' });
  const waitedMs = e.mono - caller.joinedMono;
  const history = [...(d.answeredWaits.get(caller.queueId) ?? []), waitedMs / caller.joinPosition];
  d.answeredWaits.set(caller.queueId, history.slice(-ESTIMATE_HISTORY));
  d.removeCaller(caller, 'connected', e.operatorId);
  d.connected.set(e.callId, { callId: e.callId, queueId: caller.queueId, operatorId: e.operatorId });
  d.emit({ type: 'bridge', callId: e.callId, operatorId: e.operatorId });
}

function legFailed(d: Draft, e: EventOf<'leg-failed'>): void {
  const caller = d.waiting.get(e.callId);
  if (caller?.ringing !== e.operatorId) return; // stale: already timed out or cancelled
  const q = queueOf(d.view(), caller.queueId);
  const operatorsFault = e.status === 'no-answer' || e.status === 'unavailable';
  d.stopRinging(caller, {
    dropLeg: false,
    pauseReason: operatorsFault && q.noAnswerPause ? e.status : undefined,
  });
}

function callEnded(d: Draft, callId: CallId, operatorId: EventOf<'call-ended'>['operatorId']): void {
  const call = d.connected.get(callId);
  if (call?.operatorId !== operatorId) {
    d.fail('unknown-call', `call ${callId} is not connected to operator ${operatorId}`);
    return;
  }
  d.connected.delete(callId);
  d.endWork(operatorId, queueOf(d.view(), call.queueId).wrapUpSec * 1000);
}

function timerFired(d: Draft, timerId: string): void {
  const purpose = d.timers.get(timerId);
  if (!purpose) return; // cancelled, or already handled: timers may race their cancellation
  d.timers.delete(timerId);
  if (purpose.kind === 'wrap-up') {
    d.applyOperator(purpose.operatorId, { kind: 'wrap-up-over' });
    return;
  }
  if (purpose.kind === 'cap' || purpose.kind === 'cap-warn') {
    capTimerFired(d, purpose.operatorId, purpose.kind);
    return;
  }
  const caller = d.waiting.get(purpose.callId);
  if (!caller) return;
  const q = queueOf(d.view(), caller.queueId);
  switch (purpose.kind) {
    case 'ring':
      if (caller.ringing === purpose.operatorId) {
        d.stopRinging(caller, { dropLeg: true, pauseReason: q.noAnswerPause ? 'no-answer' : undefined });
      }
      return;
    case 'announce':
      announce(d, caller);
      return;
    case 'duty':
      ladderTimerFired(d, caller);
      return;
    case 'rung':
      rungTimedOut(d, caller, purpose.attempt);
      return;
    case 'retry':
      d.updateCaller(caller, { tried: caller.ringing === undefined ? [] : [caller.ringing] });
      return;
    case 'overflow':
      return; // dispatch, after every event, now lets any operator take the caller
  }
}

/** Rings operators for waiting callers in order, then grants callbacks the share allows. */
function dispatch(d: Draft): void {
  // Nobody to ring: skip sorting every waiting caller (each event at a long queue with all
  // operators busy would otherwise cost O(n log n) for nothing).
  for (const caller of anyoneAvailable(d) ? callersInOrder(d.view()) : []) {
    if (caller.ringing !== undefined) continue;
    if (!anyoneAvailable(d)) break;
    const q = queueOf(d.view(), caller.queueId);
    const choice = chooseOperator(d.view(), caller);
    if (choice.kind === 'ring') {
      const cfg = d.setup.operators.get(choice.operatorId)!;
      d.applyOperator(choice.operatorId, { kind: 'rung', callId: caller.callId });
      d.updateCaller(caller, { ringing: choice.operatorId });
      d.emit({
        type: 'ring-operator',
        callId: caller.callId,
        operatorId: choice.operatorId,
        endpoint: cfg.endpoint,
        timeoutSec: q.ringTimeoutSec,
      });
      const ring = { kind: 'ring', callId: caller.callId, operatorId: choice.operatorId } as const;
      d.startTimer(timerIds.ring(caller.callId), ring, q.ringTimeoutSec * 1000);
    } else if (choice.kind === 'retry-later' && !d.timers.has(timerIds.retry(caller.callId))) {
      d.startTimer(
        timerIds.retry(caller.callId),
        { kind: 'retry', callId: caller.callId },
        q.retrySec * 1000,
      );
    }
  }
  grantCallbacks(d);
}

function anyoneAvailable(d: Draft): boolean {
  for (const op of d.operators.values()) if (op.status.kind === 'available') return true;
  return false;
}

/**
 * Live hours ended: with `atClosing: offer-callback` every caller still waiting in the queue (even
 * one being rung) leaves it for the callback offer of the next working day; urgent callers stay.
 */
function closingTime(d: Draft, queueId: EventOf<'hours-ended'>['queueId']): void {
  const q = d.setup.queues.get(queueId);
  if (!q) {
    d.fail('unknown-queue', `no queue "${queueId}" in queues.yaml`);
    return;
  }
  if (q.atClosing !== 'offer-callback') return;
  for (const caller of callersInOrder(d.view())) {
    if (caller.queueId !== queueId || caller.urgent) continue;
    d.removeCaller(d.stopRinging(caller, { dropLeg: true }), 'left');
    d.emit({ type: 'offer-callback', callId: caller.callId, queueId });
  }
}
