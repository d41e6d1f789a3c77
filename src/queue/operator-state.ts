// An operator's live state and its transitions. The admin API logs operators in and out and
// pauses them; the queue rings them, bridges them and gives them wrap-up time after a call.
import type { CallbackId, CallId, OperatorId } from '../domain/ids.ts';

/** What an operator is busy with: a citizen's call or a callback the scheduler is making. */
export type OperatorWork = { kind: 'call'; callId: CallId } | { kind: 'callback'; callbackId: CallbackId };

export type OperatorStatus =
  | { kind: 'offline' }
  | { kind: 'available' }
  | { kind: 'ringing'; callId: CallId }
  | { kind: 'on-call'; work: OperatorWork }
  | { kind: 'wrap-up'; untilMono: number }
  | { kind: 'paused'; reason: string };

/** The reason of the change when the wrap-up form ended the wrap-up (the timer's is `wrap-up over`). */
export const WRAP_UP_DONE = 'wrap-up done';

export type OperatorStatusKind = OperatorStatus['kind'];

export interface OperatorLive {
  readonly id: OperatorId;
  readonly status: OperatorStatus;
  /** Wall ms when the current status began. */
  readonly since: number;
  /** Wall ms since when the operator has been free; a failed ring does not reset it. */
  readonly idleSince: number;
}

/** Logged in and not paused: counts towards the weekly cap (talk and wrap-up included). */
export function isLive(kind: OperatorStatusKind): boolean {
  return kind === 'available' || kind === 'ringing' || kind === 'on-call' || kind === 'wrap-up';
}

export type AdminCommand =
  | { kind: 'login' }
  | { kind: 'logout' }
  | { kind: 'pause'; reason: string }
  | { kind: 'unpause' }
  /** The operator's wrap-up form is in: free before the wrap-up time runs out. */
  | { kind: 'end-wrap-up' };

export type OperatorInput =
  | AdminCommand
  | { kind: 'rung'; callId: CallId }
  | { kind: 'answered' }
  | { kind: 'ring-failed'; pauseReason?: string }
  | { kind: 'granted-callback'; callbackId: CallbackId }
  | { kind: 'work-ended'; wrapUpMs: number; mono: number; pauseReason?: string }
  | { kind: 'wrap-up-over' };

export interface OperatorChange {
  readonly from: OperatorStatusKind;
  readonly to: OperatorStatusKind;
  readonly reason: string;
}

export type TransitionResult =
  | { ok: true; operator: OperatorLive; change?: OperatorChange }
  | { ok: false; reason: string };

export function newOperator(id: OperatorId, now: number): OperatorLive {
  return { id, status: { kind: 'offline' }, since: now, idleSince: now };
}

/** Applies one input; refuses (with a reason a person can act on) what makes no sense now. */
export function transition(op: OperatorLive, input: OperatorInput, now: number): TransitionResult {
  const s = op.status;
  const to = (status: OperatorStatus, reason: string, idleSince = op.idleSince): TransitionResult => ({
    ok: true,
    operator: { id: op.id, status, since: now, idleSince },
    change: { from: s.kind, to: status.kind, reason },
  });
  const refuse = (reason: string): TransitionResult => ({
    ok: false,
    reason: `operator ${op.id}: ${reason}`,
  });
  switch (input.kind) {
    case 'login':
      if (s.kind !== 'offline') return refuse(`already logged in (${s.kind})`);
      return to({ kind: 'available' }, 'login', now);
    case 'logout':
      if (s.kind === 'offline') return refuse('already logged out');
      if (s.kind === 'on-call') return refuse('is on a call; log out after it ends');
      return to({ kind: 'offline' }, 'logout');
    case 'pause':
      if (s.kind === 'offline') return refuse('is logged out; log in first');
      if (s.kind === 'on-call') return refuse('is on a call; pause after it ends');
      if (s.kind === 'paused' && s.reason === input.reason) return { ok: true, operator: op };
      return to({ kind: 'paused', reason: input.reason }, `pause: ${input.reason}`);
    case 'unpause':
      if (s.kind !== 'paused') return refuse(`is not paused (${s.kind})`);
      return to({ kind: 'available' }, 'unpause', now);
    case 'end-wrap-up':
      if (s.kind !== 'wrap-up') return refuse(`is not in wrap-up (${s.kind})`);
      return to({ kind: 'available' }, WRAP_UP_DONE, now);
    case 'rung':
      if (s.kind !== 'available') return refuse(`cannot be rung while ${s.kind}`);
      return to({ kind: 'ringing', callId: input.callId }, 'rung');
    case 'answered':
      if (s.kind !== 'ringing') return refuse(`answered while ${s.kind}`);
      return to({ kind: 'on-call', work: { kind: 'call', callId: s.callId } }, 'answered');
    case 'ring-failed':
      if (s.kind !== 'ringing') return refuse(`ring failed while ${s.kind}`);
      if (input.pauseReason) return to({ kind: 'paused', reason: input.pauseReason }, input.pauseReason);
      // Not this operator's fault (busy, caller gone): keep the place in the idle order.
      return to({ kind: 'available' }, 'ring ended');
    case 'granted-callback':
      if (s.kind !== 'available') return refuse(`cannot take a callback while ${s.kind}`);
      return to({ kind: 'on-call', work: { kind: 'callback', callbackId: input.callbackId } }, 'callback');
    case 'work-ended':
      if (s.kind !== 'on-call') return refuse(`call ended while ${s.kind}`);
      if (input.pauseReason) return to({ kind: 'paused', reason: input.pauseReason }, input.pauseReason);
      if (input.wrapUpMs <= 0) return to({ kind: 'available' }, 'call ended', now);
      return to({ kind: 'wrap-up', untilMono: input.mono + input.wrapUpMs }, 'call ended');
    case 'wrap-up-over':
      if (s.kind !== 'wrap-up') return refuse(`not in wrap-up (${s.kind})`);
      return to({ kind: 'available' }, 'wrap-up over', now);
  }
}
