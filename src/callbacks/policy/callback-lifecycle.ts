// The callback's status machine. Pure: given the callback, an event and the time, it returns the
// next state with the audit entry to store (callback_events), or says why the event is refused.
//
//   scheduled ──attempt-started──▶ dialling ──reached──▶ reached
//       ▲                              │
//       └──── attempt-failed (retry) ──┤── attempt-failed, attempts used up ──▶ failed
//                                      └── attempt-failed, no live time left ──▶ expired
//   scheduled ──window-passed──▶ expired
//   scheduled | dialling ──refused (number no longer allowed, service gone)──▶ failed
//   scheduled | dialling ──caller-served (lost-call only) | admin-cancel──▶ cancelled
//   scheduled | dialling ──lost-again──▶ the same status, with an audit entry
//
// "Did not call again" means "was not served since": a later call from the same number cancels
// an OPEN lost-call callback only once it reached an operator or booked a callback, also
// mid-attempt (the engine then hangs up the callback legs, so it never ends in two calls). A
// repeat call that is lost again joins the open callback (never a second one) and says so in the
// audit trail. A BOOKED callback is kept when the caller is served: the citizen asked for a call
// at a time of their choosing; an operator or admin can cancel it (`unchanged`, not an error).

export const CALLBACK_STATUSES = [
  'scheduled',
  'dialling',
  'reached',
  'cancelled',
  'failed',
  'expired',
] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];
/** `urgent`: an urgent caller lost before anyone answered, dialled at once at any hour. */
export type CallbackKind = 'lost-call' | 'booked' | 'urgent';

export const OPEN_STATUSES: readonly CallbackStatus[] = ['scheduled', 'dialling'];
export function isOpen(status: CallbackStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export interface CallbackState {
  kind: CallbackKind;
  status: CallbackStatus;
  /** Attempts started so far. */
  attempts: number;
  maxAttempts: number;
  dueUntil: number;
  nextAttemptAt: number;
}

export type CallbackEvent =
  | { type: 'attempt-started' }
  | { type: 'reached' }
  /** `retryAt` from nextAttemptAt(): a time, or null when the window has no live time left. */
  | { type: 'attempt-failed'; outcome: string; retryAt: number | null }
  | { type: 'window-passed' }
  /** A later call from the number reached an operator or booked a callback. */
  | { type: 'caller-served'; how: 'operator' | 'booked-callback'; callId: string }
  /** A later call from the number was lost again: this open callback covers it too. */
  | { type: 'lost-again'; callId: string; waitedMs: number }
  | { type: 'admin-cancel'; by: string; note?: string }
  /** The callback cannot be made at all (checked again before dialling); `reason` says why. */
  | { type: 'refused'; reason: string };

export interface AuditEntry {
  from: CallbackStatus;
  to: CallbackStatus;
  reason: string;
  attempt: number;
  at: number;
}

export type TransitionResult =
  | { kind: 'moved'; next: CallbackState; audit: AuditEntry }
  | { kind: 'unchanged'; reason: string }
  | { kind: 'rejected'; error: string };

export function transition(cb: CallbackState, event: CallbackEvent, now: number): TransitionResult {
  if (!isOpen(cb.status)) {
    return reject(`the callback is already ${cb.status}; ${event.type} cannot change it`);
  }
  const move = (to: CallbackStatus, reason: string, patch: Partial<CallbackState> = {}): TransitionResult => {
    const next = { ...cb, ...patch, status: to };
    return { kind: 'moved', next, audit: { from: cb.status, to, reason, attempt: next.attempts, at: now } };
  };

  switch (event.type) {
    case 'attempt-started': {
      if (cb.status !== 'scheduled') return reject(`an attempt is already in progress (status ${cb.status})`);
      if (cb.attempts >= cb.maxAttempts) {
        return reject(`all ${cb.maxAttempts} attempts are used; the callback should be failed`);
      }
      if (now >= cb.dueUntil) return reject('the due window has passed; expire the callback instead');
      if (now < cb.nextAttemptAt) return reject('the attempt is not due yet');
      return move('dialling', `attempt ${cb.attempts + 1} of ${cb.maxAttempts}`, {
        attempts: cb.attempts + 1,
      });
    }
    case 'reached':
      if (cb.status !== 'dialling') return reject('only a callback being dialled can be reached');
      return move('reached', 'citizen answered and was bridged to an operator');
    case 'attempt-failed': {
      if (cb.status !== 'dialling') return reject('only a callback being dialled can fail an attempt');
      if (cb.attempts >= cb.maxAttempts) {
        return move('failed', `${event.outcome}; all ${cb.maxAttempts} attempts used`);
      }
      if (event.retryAt === null || event.retryAt >= cb.dueUntil) {
        return move('expired', `${event.outcome}; no live time left in the due window for another attempt`);
      }
      return move('scheduled', `${event.outcome}; retry`, { nextAttemptAt: event.retryAt });
    }
    case 'window-passed':
      if (cb.status !== 'scheduled')
        return reject('a callback being dialled expires only after its attempt ends');
      if (now < cb.dueUntil) return reject('the due window has not passed yet');
      return move('expired', 'due window passed without an attempt');
    case 'caller-served':
      if (cb.kind === 'booked') {
        return { kind: 'unchanged', reason: 'a booked callback is kept when the caller is served' };
      }
      return move(
        'cancelled',
        `caller served since: ${event.how === 'operator' ? 'reached an operator' : 'booked a callback'} (call ${event.callId})`,
      );
    case 'lost-again':
      return move(
        cb.status,
        `lost again (call ${event.callId}, waited ${Math.round(event.waitedMs / 1000)} s): this callback covers it`,
      );
    case 'admin-cancel':
      return move('cancelled', `cancelled by ${event.by}${event.note ? `: ${event.note}` : ''}`);
    case 'refused':
      return move('failed', `refused: ${event.reason}`);
  }
}

function reject(error: string): TransitionResult {
  return { kind: 'rejected', error };
}
