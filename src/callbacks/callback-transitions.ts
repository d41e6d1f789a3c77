// Applying a policy event to a stored callback: load it, ask the pure lifecycle, write the result
// with the guarded UPDATE, and on a lost race load it again and ask again. Leaving `dialling`
// closes the attempt in progress in the same transaction.
import type { ServiceCalendar } from '../calendar/service-calendar.ts';
import {
  type AuditEntry,
  type CallbackEvent,
  type CallbackStatus,
  transition,
} from '../callbacks/policy/callback-lifecycle.ts';
import { nextAttemptAt } from '../callbacks/policy/callback-schedule.ts';
import type { CagriConfig } from '../config/cagri-config.ts';
import type { CallbackRepository } from '../db/callback-repository.ts';
import type { Clock } from '../domain/clock.ts';
import type { OperatorId } from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import { type CallbackRecord, policyState } from './callback-record.ts';

/** What every part of the callback runtime shares. */
export interface CallbackContext {
  repo: CallbackRepository;
  clock: Clock;
  logger: Logger;
  config: { current(): CagriConfig };
  calendars: { calendarFor(serviceId: string): ServiceCalendar | undefined };
}

export type Applied =
  | { kind: 'moved'; before: CallbackRecord; callback: CallbackRecord; audit: AuditEntry }
  | { kind: 'unchanged'; callback: CallbackRecord; reason: string }
  | { kind: 'rejected'; callback: CallbackRecord; error: string }
  | { kind: 'not-found' };

export interface ApplyOptions {
  /** The attempt's result when this leaves `dialling` (default: the event type). */
  attemptResult?: string;
  operatorId?: OperatorId | null;
  /** Only apply while the callback is in one of these states (e.g. the attempt this worker runs). */
  expect?: { status: CallbackStatus; attempts: number };
}

/** A race is lost only to another write of the same callback; a few rounds always settle it. */
const MAX_ROUNDS = 4;

export async function applyEvent(
  ctx: CallbackContext,
  id: string,
  event: CallbackEvent | ((cb: CallbackRecord) => CallbackEvent),
  opts: ApplyOptions = {},
): Promise<Applied> {
  let cb = await ctx.repo.get(id);
  for (let round = 0; cb && round < MAX_ROUNDS; round++) {
    if (opts.expect && (cb.status !== opts.expect.status || cb.attempts !== opts.expect.attempts)) {
      return {
        kind: 'rejected',
        callback: cb,
        error: `the callback moved on (now ${cb.status}, attempt ${cb.attempts})`,
      };
    }
    const e = typeof event === 'function' ? event(cb) : event;
    const result = transition(policyState(cb), e, ctx.clock.now());
    if (result.kind === 'unchanged') return { kind: 'unchanged', callback: cb, reason: result.reason };
    if (result.kind === 'rejected') return { kind: 'rejected', callback: cb, error: result.error };
    const leavesAttempt = cb.status === 'dialling';
    const write = await ctx.repo.applyTransition(id, cb, result, {
      ...(leavesAttempt && {
        finishAttempt: { attempt: cb.attempts, result: opts.attemptResult ?? e.type },
      }),
      ...(opts.operatorId !== undefined && { operatorId: opts.operatorId }),
    });
    if (write.kind === 'applied') {
      return { kind: 'moved', before: cb, callback: write.callback, audit: result.audit };
    }
    cb = write.current;
  }
  if (!cb) return { kind: 'not-found' };
  return { kind: 'rejected', callback: cb, error: 'the callback kept changing under this write' };
}

/** The `attempt-failed` event for a callback whose attempt just ended without reaching anyone. */
export function attemptFailed(ctx: CallbackContext, cb: CallbackRecord, outcome: string): CallbackEvent {
  const now = ctx.clock.now();
  const { retryDelayMin } = ctx.config.current().callbacks;
  const calendar = ctx.calendars.calendarFor(cb.serviceId);
  if (!calendar) {
    // The service left the config: no live hours to retry in.
    return { type: 'attempt-failed', outcome, retryAt: null };
  }
  const next = nextAttemptAt({
    now,
    attempt: cb.attempts,
    maxAttempts: cb.maxAttempts,
    retryDelayMin,
    dueUntil: cb.dueUntil,
    calendar,
    anyHour: cb.kind === 'urgent',
  });
  return { type: 'attempt-failed', outcome, retryAt: next.kind === 'at' ? next.at : null };
}
