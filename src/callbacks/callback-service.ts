// What the engine asks of callbacks: book one (after hours, or instead of waiting), schedule the
// same-day callback of a lost call, and forget a lost-call callback once the caller was served
// by a later call (reached an operator, or booked a callback).
// Every callback is stored in Postgres before it is acknowledged or scheduled.
import { randomUUID } from 'node:crypto';
import {
  planBooking,
  planLostCallCallback,
  planUrgentCallback,
} from '../callbacks/policy/callback-schedule.ts';
import { checkCallbackNumber } from '../callbacks/policy/destination-policy.ts';
import { CallbackId, type CallId, type ServiceId } from '../domain/ids.ts';
import type {
  BookingRequest,
  BookingResult,
  CallbackService,
  LostCallDuty,
} from '../engine/engine-services.ts';
import type { CallbackDialler } from './callback-dialler.ts';
import type { CallbackRecord } from './callback-record.ts';
import type { CallbackScheduler } from './callback-scheduler.ts';
import { applyEvent, type CallbackContext } from './callback-transitions.ts';

export interface CallbackRuntimeDeps extends CallbackContext {
  scheduler: Pick<CallbackScheduler, 'schedule' | 'remove'>;
  dialler: Pick<CallbackDialler, 'abort'>;
  /** Notes on the lost call which callback covers it (QueueRepository). */
  lostCalls?: { linkLostCallback(lostCallId: string, callbackId: string): Promise<void> };
}

export type CancelResult =
  | { kind: 'cancelled'; callback: CallbackRecord }
  | { kind: 'not-found' }
  /** Already reached, cancelled, failed or expired: nothing to cancel. */
  | { kind: 'closed'; callback: CallbackRecord; reason: string };

export class CallbackRuntime implements CallbackService {
  constructor(private readonly deps: CallbackRuntimeDeps) {}

  callerServed(serviceId: ServiceId, callerNumber: string, callId: CallId, how: 'operator'): void {
    this.cancelServed(serviceId, callerNumber, callId, how).catch((err: unknown) =>
      this.deps.logger.error({ err, callId }, 'could not check the caller for an open lost-call callback'),
    );
  }

  async book(req: BookingRequest): Promise<BookingResult> {
    const { config, calendars, clock, repo, logger } = this.deps;
    const log = logger.child({ callId: req.callId });
    const cfg = config.current();
    const check = checkCallbackNumber(req.number, cfg.callbacks.numberingPlan);
    if (!check.ok) {
      log.warn({ number: req.number, code: check.code, reason: check.reason }, 'callback booking refused');
      return { ok: false, reason: check.reason };
    }
    const calendar = calendars.calendarFor(req.serviceId);
    if (!calendar) return { ok: false, reason: `service ${req.serviceId} has no working hours configured` };
    const plan = planBooking({ at: clock.now(), calendar });
    if (plan.kind === 'refused') {
      log.warn({ reason: plan.reason }, 'callback booking refused');
      return { ok: false, reason: plan.reason };
    }
    // Booking is being served: an open lost-call callback to this number gives way to the booking.
    await this.cancelServed(req.serviceId, check.e164, req.callId, 'booked-callback');
    const id = CallbackId(randomUUID());
    const created = await repo.create({
      id,
      kind: 'booked',
      serviceId: req.serviceId,
      number: check.e164,
      language: req.language,
      dueFrom: plan.dueFrom,
      dueUntil: plan.dueUntil,
      maxAttempts: cfg.callbacks.maxAttempts,
      sourceCallId: req.callId,
      at: clock.now(),
      reason: plan.reason,
    });
    if (created.kind === 'already-open') {
      log.info(
        { existing: created.existing?.id },
        'callback not booked: one is already open for this number',
      );
      const due = created.existing ? ` (due from ${new Date(created.existing.dueFrom).toISOString()})` : '';
      return { ok: false, reason: `a callback to this number is already open${due}` };
    }
    log.info({ callbackId: id, dueFrom: plan.dueFrom, reason: plan.reason }, 'callback booked');
    await this.scheduleFirst(created.callback);
    return { ok: true, dueFrom: plan.dueFrom };
  }

  /** Idempotent enough to be retried (the lost-call outbox): a second run finds the open one. */
  async lostCall(duty: LostCallDuty): Promise<void> {
    const { config, calendars, repo, logger, clock } = this.deps;
    const log = logger.child({ callId: duty.callId, lostCallId: duty.lostCallId });
    const cfg = config.current();
    const check = checkCallbackNumber(duty.callerNumber, cfg.callbacks.numberingPlan);
    if (!check.ok) {
      log.warn(
        { number: duty.callerNumber, code: check.code, reason: check.reason },
        'lost call not called back: the number is not allowed',
      );
      return;
    }
    const calendar = calendars.calendarFor(duty.serviceId);
    if (!calendar) {
      log.error({ serviceId: duty.serviceId }, 'lost call not called back: the service has no working hours');
      return;
    }
    const plan = duty.urgent
      ? planUrgentCallback(duty.hungUpAt)
      : planLostCallCallback({ lostAt: duty.hungUpAt, calendar, graceSec: cfg.callbacks.lostCallGraceSec });
    if (plan.kind === 'refused') {
      log.error({ reason: plan.reason }, 'lost call not called back');
      return;
    }
    const created = await repo.create({
      id: CallbackId(randomUUID()),
      kind: duty.urgent ? 'urgent' : 'lost-call',
      serviceId: duty.serviceId,
      number: check.e164,
      language: duty.language,
      dueFrom: plan.dueFrom,
      dueUntil: plan.dueUntil,
      maxAttempts: cfg.callbacks.maxAttempts,
      sourceCallId: duty.callId,
      at: clock.now(),
      reason: plan.kind === 'same-day' ? plan.reason : `${plan.reason}: not possible the same day`,
    });
    const callback = created.kind === 'created' ? created.callback : created.existing;
    if (callback) {
      await this.deps.lostCalls?.linkLostCallback(duty.lostCallId, callback.id);
    }
    if (created.kind === 'already-open') {
      // Lost again before being served: the open callback covers this call too (never two).
      if (callback) {
        await applyEvent(this.deps, callback.id, {
          type: 'lost-again',
          callId: duty.callId,
          waitedMs: duty.waitedMs ?? 0,
        });
      }
      log.info({ callbackId: callback?.id }, 'lost call already covered by an open callback');
      return;
    }
    log.info(
      { callbackId: created.callback.id, dueFrom: plan.dueFrom, plan: plan.kind, reason: plan.reason },
      'lost-call callback scheduled',
    );
    await this.scheduleFirst(created.callback);
  }

  /** Admin cancel (API). */
  async cancel(id: string, by: string, note?: string): Promise<CancelResult> {
    const r = await applyEvent(
      this.deps,
      id,
      { type: 'admin-cancel', by, ...(note ? { note } : {}) },
      {
        attemptResult: 'cancelled',
      },
    );
    switch (r.kind) {
      case 'not-found':
        return { kind: 'not-found' };
      case 'rejected':
        return { kind: 'closed', callback: r.callback, reason: r.error };
      case 'unchanged':
        return { kind: 'closed', callback: r.callback, reason: r.reason };
      case 'moved':
        this.afterCancel(r.before, `cancelled by ${by}`);
        return { kind: 'cancelled', callback: r.callback };
    }
  }

  private async cancelServed(
    serviceId: ServiceId,
    callerNumber: string,
    callId: CallId,
    how: 'operator' | 'booked-callback',
  ): Promise<void> {
    const check = checkCallbackNumber(callerNumber, this.deps.config.current().callbacks.numberingPlan);
    if (!check.ok) return; // a number we would never call back has no callback to cancel
    const open = await this.deps.repo.findOpen(serviceId, check.e164);
    if (open?.kind !== 'lost-call') return;
    const r = await applyEvent(
      this.deps,
      open.id,
      { type: 'caller-served', how, callId },
      { attemptResult: 'cancelled' },
    );
    if (r.kind !== 'moved') return;
    this.deps.logger.info(
      { callId, callbackId: open.id, how, wasDialling: r.before.status === 'dialling' },
      'lost-call callback cancelled: the caller was served since',
    );
    this.afterCancel(r.before, 'caller-served');
  }

  /** The cancel is stored: stop the attempt in progress, or drop the pending job. */
  private afterCancel(before: CallbackRecord, reason: string): void {
    if (before.status === 'dialling') {
      this.deps.dialler.abort(before.id, reason);
    } else {
      void this.deps.scheduler.remove(before.id, before.attempts + 1);
    }
  }

  private async scheduleFirst(cb: CallbackRecord): Promise<void> {
    try {
      await this.deps.scheduler.schedule(cb.id, cb.attempts + 1, cb.nextAttemptAt);
    } catch (err) {
      // Stored is what counts: the reconciler adds the job when Redis is back.
      this.deps.logger.warn(
        { err, callbackId: cb.id },
        'callback job not queued; the reconciler will add it',
      );
    }
  }
}
