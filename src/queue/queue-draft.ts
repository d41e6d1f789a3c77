// What one event is applied to: the state's maps, written in place and rolled back if the event
// is refused, the commands emitted so far, and the helpers every handler needs (operator
// transitions, timers, leaving callers).
import type { CallbackId, CallId, OperatorId } from '../domain/ids.ts';
import { isLive, type OperatorInput, type OperatorLive, transition } from './operator-state.ts';
import type { EntryOutcome, QueueCommand } from './queue-commands.ts';
import type { QueueId } from './queue-config.ts';
import type { CallbackEntry, ConnectedCall, QueueState, TimerPurpose, WaitingCaller } from './queue-state.ts';
import { ownMap, UndoableMap } from './undoable-map.ts';
import { cancelRung } from './urgent-ladder.ts';
import { closeLive, type LiveInterval, openLive, pruneBefore } from './weekly-service-time.ts';
import { operatorZone } from './weekly-zone.ts';

export type QueueErrorKind =
  | 'unknown-queue'
  | 'unknown-operator'
  | 'unknown-call'
  | 'unknown-callback'
  | 'duplicate'
  | 'refused';

/** Why an event changed nothing, in words an admin or the lead's runtime can act on. */
export interface QueueError {
  readonly kind: QueueErrorKind;
  readonly reason: string;
}

export const timerIds = {
  ring: (callId: CallId) => `ring:${callId}`,
  announce: (callId: CallId) => `announce:${callId}`,
  duty: (callId: CallId) => `duty:${callId}`,
  rung: (callId: CallId) => `rung:${callId}`,
  retry: (callId: CallId) => `retry:${callId}`,
  overflow: (callId: CallId) => `overflow:${callId}`,
  wrapUp: (operatorId: OperatorId) => `wrap-up:${operatorId}`,
  cap: (operatorId: OperatorId) => `weekly-cap:${operatorId}`,
};

export class Draft {
  readonly operators: UndoableMap<OperatorId, OperatorLive>;
  readonly live: UndoableMap<OperatorId, readonly LiveInterval[]>;
  readonly waiting: UndoableMap<CallId, WaitingCaller>;
  readonly connected: UndoableMap<CallId, ConnectedCall>;
  readonly callbacks: UndoableMap<CallbackId, CallbackEntry>;
  readonly timers: UndoableMap<string, TimerPurpose>;
  readonly answeredWaits: UndoableMap<QueueId, readonly number[]>;
  readonly commands: QueueCommand[] = [];
  seq: number;
  error?: QueueError;

  constructor(
    private readonly prev: QueueState,
    readonly now: number,
    readonly mono: number,
  ) {
    this.operators = new UndoableMap(ownMap(prev.operators));
    this.live = new UndoableMap(ownMap(prev.live));
    this.waiting = new UndoableMap(ownMap(prev.waiting));
    this.connected = new UndoableMap(ownMap(prev.connected));
    this.callbacks = new UndoableMap(ownMap(prev.callbacks));
    this.timers = new UndoableMap(ownMap(prev.timers));
    this.answeredWaits = new UndoableMap(ownMap(prev.answeredWaits));
    this.seq = prev.seq;
  }

  /** The draft as a state, read through the draft's maps: for the routing queries mid-event. */
  view(): QueueState {
    return {
      setup: this.prev.setup,
      now: this.now,
      mono: this.mono,
      seq: this.seq,
      operators: this.operators,
      live: this.live,
      waiting: this.waiting,
      connected: this.connected,
      callbacks: this.callbacks,
      timers: this.timers,
      answeredWaits: this.answeredWaits,
    };
  }

  /** The step's result: the state's maps with this event's writes (the state is used up by it). */
  result(): QueueState {
    return {
      setup: this.prev.setup,
      now: this.now,
      mono: this.mono,
      seq: this.seq,
      operators: this.operators.result(),
      live: this.live.result(),
      waiting: this.waiting.result(),
      connected: this.connected.result(),
      callbacks: this.callbacks.result(),
      timers: this.timers.result(),
      answeredWaits: this.answeredWaits.result(),
    };
  }

  /** The event was refused, or its step threw: every map goes back to how the event found it. */
  rollback(): void {
    const maps: Array<{ rollback(): void }> = [
      this.operators,
      this.live,
      this.waiting,
      this.connected,
      this.callbacks,
      this.timers,
      this.answeredWaits,
    ];
    for (const m of maps) m.rollback();
  }

  get setup() {
    return this.prev.setup;
  }

  emit(command: QueueCommand): void {
    this.commands.push(command);
  }

  fail(kind: QueueErrorKind, reason: string): void {
    this.error = { kind, reason };
  }

  startTimer(timerId: string, purpose: TimerPurpose, ms: number): void {
    if (this.timers.has(timerId)) this.emit({ type: 'cancel-timer', timerId });
    this.timers.set(timerId, purpose);
    this.emit({ type: 'start-timer', timerId, ms: Math.max(0, Math.round(ms)) });
  }

  cancelTimer(timerId: string): void {
    if (!this.timers.delete(timerId)) return;
    this.emit({ type: 'cancel-timer', timerId });
  }

  /** Applies an operator transition, keeps the live-time ledger and reports the change. */
  applyOperator(operatorId: OperatorId, input: OperatorInput): boolean {
    const op = this.operators.get(operatorId);
    if (!op) {
      this.fail('unknown-operator', `no operator "${operatorId}" in queues.yaml`);
      return false;
    }
    const result = transition(op, input, this.now);
    if (!result.ok) {
      this.fail('refused', result.reason);
      return false;
    }
    this.operators.set(operatorId, result.operator);
    const change = result.change;
    if (!change) return true;
    const wasLive = isLive(change.from);
    const nowLive = isLive(change.to);
    let intervals = this.live.get(operatorId) ?? [];
    if (!wasLive && nowLive) intervals = openLive(intervals, this.now);
    if (wasLive && !nowLive) intervals = closeLive(intervals, this.now);
    this.live.set(operatorId, pruneBefore(intervals, this.now, operatorZone(this.setup, operatorId)));
    this.emit({
      type: 'operator-state-changed',
      operatorId,
      from: change.from,
      to: change.to,
      reason: change.reason,
      at: this.now,
      live: wasLive === nowLive ? 'unchanged' : nowLive ? 'started' : 'ended',
    });
    return true;
  }

  updateCaller(caller: WaitingCaller, patch: Partial<WaitingCaller>): WaitingCaller {
    const next = { ...caller, ...patch };
    this.waiting.set(caller.callId, next);
    return next;
  }

  /**
   * Stops ringing the caller's operator (drops the leg): the operator is freed, or paused when
   * `pauseReason` is given, and is not rung again for this caller until the retry pause.
   */
  stopRinging(caller: WaitingCaller, opts: { dropLeg: boolean; pauseReason?: string }): WaitingCaller {
    const operatorId = caller.ringing;
    if (operatorId === undefined) return caller;
    this.cancelTimer(timerIds.ring(caller.callId));
    if (opts.dropLeg) this.emit({ type: 'cancel-ring', callId: caller.callId, operatorId });
    const op = this.operators.get(operatorId);
    if (op?.status.kind === 'ringing' && op.status.callId === caller.callId) {
      this.applyOperator(operatorId, { kind: 'ring-failed', pauseReason: opts.pauseReason });
    }
    const tried = caller.tried.includes(operatorId) ? caller.tried : [...caller.tried, operatorId];
    return this.updateCaller(caller, { ringing: undefined, tried });
  }

  /** The caller leaves the waiting list: its timers stop and its persisted entry is closed. */
  removeCaller(caller: WaitingCaller, outcome: EntryOutcome, operatorId?: OperatorId): void {
    this.cancelTimer(timerIds.ring(caller.callId));
    this.cancelTimer(timerIds.announce(caller.callId));
    this.cancelTimer(timerIds.duty(caller.callId));
    this.cancelTimer(timerIds.rung(caller.callId));
    this.cancelTimer(timerIds.retry(caller.callId));
    this.cancelTimer(timerIds.overflow(caller.callId));
    const servedByDuty = outcome === 'connected' && operatorId === undefined;
    if (caller.ladder?.ringing && !servedByDuty) cancelRung(this, caller, 'cancelled');
    this.waiting.delete(caller.callId);
    this.emit({ type: 'remove-entry', callId: caller.callId, outcome, operatorId, at: this.now });
  }

  /** The operator's call or callback is over: wrap-up (timed), or paused / available at once. */
  endWork(operatorId: OperatorId, wrapUpMs: number, pauseReason?: string): void {
    this.applyOperator(operatorId, { kind: 'work-ended', wrapUpMs, mono: this.mono, pauseReason });
    if (this.operators.get(operatorId)?.status.kind === 'wrap-up') {
      this.startTimer(timerIds.wrapUp(operatorId), { kind: 'wrap-up', operatorId }, wrapUpMs);
    }
  }
}
