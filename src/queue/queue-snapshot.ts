// What the admin API shows: operators with their state and weekly service time, callers
// waiting with their place and waited time, and callbacks waiting for or holding an operator.
import type { CallbackId, CallId, OperatorId } from '../domain/ids.ts';
import type { OperatorStatusKind } from './operator-state.ts';
import type { QueueId } from './queue-config.ts';
import type { QueueState } from './queue-state.ts';
import { callersInOrder, positionOf } from './routing.ts';
import { weeklyStatus } from './weekly-service-time.ts';
import { operatorZone } from './weekly-zone.ts';

export interface OperatorView {
  readonly id: OperatorId;
  readonly name: string;
  readonly endpoint: string;
  readonly languages: readonly string[];
  readonly queues: readonly QueueId[];
  readonly state: OperatorStatusKind;
  /** The pause reason, when paused. */
  readonly reason?: string;
  /** The call being rung or talked on. */
  readonly callId?: CallId;
  readonly callbackId?: CallbackId;
  /** Wall ms. */
  readonly since: number;
  readonly weeklySeconds: number;
  readonly nearCap: boolean;
  readonly atCap: boolean;
  /** The weekly cap of live service time that applies (the strictest of the operator's queues). */
  readonly capHours: number;
  /** Wall ms when the wrap-up time runs out, while in wrap-up. */
  readonly wrapUpUntil?: number;
}

export interface WaitingView {
  readonly callId: CallId;
  readonly queueId: QueueId;
  readonly language: string;
  readonly urgent: boolean;
  readonly position: number;
  readonly waitedMs: number;
  /** Wall ms. */
  readonly joinedAt: number;
  readonly ringing?: OperatorId;
  /** What the caller chose in the menu: reason, path, keyed-in values. */
  readonly reason: string;
  readonly menuPath: readonly string[];
  readonly collected: Readonly<Record<string, string>>;
}

export interface CallbackView {
  readonly callbackId: CallbackId;
  readonly queueId: QueueId;
  readonly state: 'waiting-for-operator' | 'held';
  readonly operatorId?: OperatorId;
}

export interface QueueSnapshot {
  readonly at: number;
  readonly operators: OperatorView[];
  readonly waiting: WaitingView[];
  readonly callbacks: CallbackView[];
}

/**
 * The state as of `now`/`mono` (default: the last event's time). An operator's cap is the
 * strictest of the queues they serve.
 */
export function snapshot(
  state: QueueState,
  now: number = state.now,
  mono: number = state.mono,
): QueueSnapshot {
  const operators: OperatorView[] = [];
  for (const op of state.operators.values()) {
    const cfg = state.setup.operators.get(op.id)!;
    const queues = cfg.queues.flatMap((id) => {
      const q = state.setup.queues.get(id);
      return q ? [q] : [];
    });
    const capHours = Math.min(...queues.map((q) => q.weeklyCapHours));
    const warnHours = Math.min(...queues.map((q) => q.weeklyWarnHours));
    const week = weeklyStatus(state.live.get(op.id) ?? [], now, operatorZone(state.setup, op.id), {
      capHours,
      warnHours,
    });
    const s = op.status;
    operators.push({
      id: op.id,
      name: cfg.name,
      endpoint: cfg.endpoint,
      languages: cfg.languages,
      queues: cfg.queues,
      state: s.kind,
      ...(s.kind === 'paused' ? { reason: s.reason } : {}),
      ...(s.kind === 'ringing' ? { callId: s.callId } : {}),
      ...(s.kind === 'on-call' && s.work.kind === 'call' ? { callId: s.work.callId } : {}),
      ...(s.kind === 'on-call' && s.work.kind === 'callback' ? { callbackId: s.work.callbackId } : {}),
      ...(s.kind === 'wrap-up' ? { wrapUpUntil: now + (s.untilMono - mono) } : {}),
      since: op.since,
      weeklySeconds: week.seconds,
      nearCap: week.nearCap,
      atCap: week.atCap,
      capHours,
    });
  }
  const waiting = callersInOrder(state).map(
    (c): WaitingView => ({
      callId: c.callId,
      queueId: c.queueId,
      language: c.language,
      urgent: c.urgent,
      position: positionOf(state, c),
      waitedMs: Math.max(0, mono - c.joinedMono),
      joinedAt: c.joinedWall,
      ...(c.ringing === undefined ? {} : { ringing: c.ringing }),
      reason: c.choice.reason,
      menuPath: c.choice.menuPath,
      collected: c.choice.collected,
    }),
  );
  const callbacks = [...state.callbacks.values()].map(
    (cb): CallbackView =>
      cb.kind === 'held'
        ? { callbackId: cb.callbackId, queueId: cb.queueId, state: 'held', operatorId: cb.operatorId }
        : { callbackId: cb.callbackId, queueId: cb.queueId, state: 'waiting-for-operator' },
  );
  return { at: now, operators, waiting, callbacks };
}
