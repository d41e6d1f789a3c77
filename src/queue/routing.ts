// Who is served next and by whom: callers in order of arrival (urgent ones first), the
// longest-idle available operator who speaks the caller's language, is in the caller's queue
// and is not at the weekly cap. Also the callback share rule and the wait estimate.
import type { OperatorId } from '../domain/ids.ts';
import type { OperatorLive } from './operator-state.ts';
import type { QueueConfig, QueueId } from './queue-config.ts';
import type { QueueState, WaitingCaller } from './queue-state.ts';
import { weeklyStatus } from './weekly-service-time.ts';
import { operatorZone } from './weekly-zone.ts';

/** Urgent callers first, then by original joining time, then by arrival sequence. */
export function compareCallers(a: WaitingCaller, b: WaitingCaller): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  if (a.joinedMono !== b.joinedMono) return a.joinedMono - b.joinedMono;
  return a.seq - b.seq;
}

export function callersInOrder(state: QueueState): WaitingCaller[] {
  return [...state.waiting.values()].sort(compareCallers);
}

/** 1-based place of a caller among the callers waiting in the same queue. */
export function positionOf(state: QueueState, caller: WaitingCaller): number {
  let ahead = 0;
  for (const other of state.waiting.values()) {
    if (other.queueId === caller.queueId && compareCallers(other, caller) < 0) ahead++;
  }
  return ahead + 1;
}

export function queueOf(state: QueueState, queueId: QueueId): QueueConfig {
  const q = state.setup.queues.get(queueId);
  if (!q) throw new Error(`unknown queue "${queueId}"`);
  return q;
}

export function isAtCap(state: QueueState, operatorId: OperatorId, queue: QueueConfig): boolean {
  const intervals = state.live.get(operatorId) ?? [];
  return weeklyStatus(intervals, state.now, operatorZone(state.setup, operatorId), {
    capHours: queue.weeklyCapHours,
    warnHours: queue.weeklyWarnHours,
  }).atCap;
}

/** Available operators who could serve the queue (and the language, when given), longest idle first. */
export function freeOperators(state: QueueState, queueId: QueueId, language?: string): OperatorLive[] {
  const queue = queueOf(state, queueId);
  const free: OperatorLive[] = [];
  for (const op of state.operators.values()) {
    if (op.status.kind !== 'available') continue;
    const cfg = state.setup.operators.get(op.id);
    if (!cfg?.queues.includes(queueId)) continue;
    if (language !== undefined && !cfg.languages.includes(language)) continue;
    if (isAtCap(state, op.id, queue)) continue;
    free.push(op);
  }
  // Longest idle first; ties broken by config order (stable sort keeps it).
  return free.sort((a, b) => a.idleSince - b.idleSince);
}

export type RingChoice =
  | { kind: 'ring'; operatorId: OperatorId }
  /** Operators exist but this caller tried them all: wait `retrySec`, then try them again. */
  | { kind: 'retry-later' }
  | { kind: 'none' };

export function chooseOperator(state: QueueState, caller: WaitingCaller): RingChoice {
  const language = overflows(state, caller) ? undefined : caller.language;
  const candidates = freeOperators(state, caller.queueId, language);
  const untried = candidates.find((op) => !caller.tried.includes(op.id));
  if (untried) return { kind: 'ring', operatorId: untried.id };
  return candidates.length > 0 ? { kind: 'retry-later' } : { kind: 'none' };
}

/**
 * Language overflow: no logged-in operator of the queue speaks the caller's language, and the
 * caller has waited the queue's `overflowAfterSec` (null: never) — any operator may take them.
 */
export function overflows(state: QueueState, caller: WaitingCaller): boolean {
  const after = queueOf(state, caller.queueId).overflowAfterSec;
  if (after === null || state.mono - caller.joinedMono < after * 1000) return false;
  for (const op of state.operators.values()) {
    if (op.status.kind === 'offline') continue;
    const cfg = state.setup.operators.get(op.id);
    if (cfg?.queues.includes(caller.queueId) && cfg.languages.includes(caller.language)) return false;
  }
  return true;
}

/**
 * Whether a callback for (queue, language) may take `operatorId` now. Live callers always come
 * first: none the operator could serve may be waiting unrung; and callbacks may hold at most
 * `callbackShare` of the operators free for the queue (free + already held by callbacks,
 * rounded up so a small team can still make callbacks when nobody is waiting).
 */
export function callbackMayTake(state: QueueState, queueId: QueueId, operatorId: OperatorId): boolean {
  const queue = queueOf(state, queueId);
  const cfg = state.setup.operators.get(operatorId);
  if (!cfg) return false;
  for (const c of state.waiting.values()) {
    const speaks = cfg.languages.includes(c.language) || overflows(state, c);
    if (c.ringing === undefined && cfg.queues.includes(c.queueId) && speaks) {
      return false;
    }
  }
  let held = 0;
  for (const cb of state.callbacks.values()) if (cb.kind === 'held' && cb.queueId === queueId) held++;
  const pool = freeOperators(state, queueId).length + held;
  return held + 1 <= Math.ceil(queue.callbackShare * pool);
}

/** No operator serving the queue is logged in (offline all), and the queue says not to wait then. */
export function offerCallbackInstead(state: QueueState, queueId: QueueId, urgent: boolean): boolean {
  const queue = state.setup.queues.get(queueId);
  if (urgent || queue?.nobodyLoggedIn !== 'offer-callback') return false;
  for (const op of state.operators.values()) {
    if (op.status.kind === 'offline') continue;
    if (state.setup.operators.get(op.id)?.queues.includes(queueId)) return false;
  }
  return true;
}

/** How many recent answered waits the estimate is based on. */
export const ESTIMATE_HISTORY = 20;

/** Estimated wait for a place in the queue, once there is a history of answered waits. */
export function estimateWaitSec(state: QueueState, queueId: QueueId, position: number): number | undefined {
  const history = state.answeredWaits.get(queueId);
  if (!history || history.length === 0) return undefined;
  const perPlace = history.reduce((a, b) => a + b, 0) / history.length;
  return Math.max(1, Math.ceil((perPlace * position) / 1000));
}
