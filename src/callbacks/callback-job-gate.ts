// Before an attempt is made: is this job still the attempt to make, may the number still be
// called, is it due, and is the service live? A job that must not dial is finished here (refused,
// expired, or nothing to do) or put back until it may (the next opening, the next attempt time).
import { checkCallbackNumber } from '../callbacks/policy/destination-policy.ts';
import { serviceById } from '../config/cagri-config.ts';
import type { ServiceConfig } from '../config/services-config.ts';
import type { Logger } from '../log/logger.ts';
import type { CallbackRecord } from './callback-record.ts';
import type { CallbackJob, JobOutcome } from './callback-scheduler.ts';
import { applyEvent, type CallbackContext } from './callback-transitions.ts';

export type GateResult =
  | { kind: 'go'; cb: CallbackRecord; service: ServiceConfig; e164: string; national: string; now: number }
  | { kind: 'stop'; outcome: JobOutcome };

const stop = (note: string): GateResult => ({ kind: 'stop', outcome: { kind: 'done', note } });

export async function gateJob(ctx: CallbackContext, job: CallbackJob, log: Logger): Promise<GateResult> {
  const { repo, clock, config, calendars } = ctx;
  const cb = await repo.get(job.callbackId);
  if (!cb) return stop('no such callback');
  if (cb.status !== 'scheduled' || job.attempt !== cb.attempts + 1) {
    return stop(`stale job: the callback is ${cb.status} after ${cb.attempts} attempt(s)`);
  }
  const cfg = config.current();
  const service = serviceById(cfg, cb.serviceId);
  if (!service) return refuse(ctx, cb, `service ${cb.serviceId} is no longer configured`, log);
  // Checked again: the numbering plan may have changed since the booking.
  const check = checkCallbackNumber(cb.number, cfg.callbacks.numberingPlan);
  if (!check.ok) {
    log.warn(
      { number: cb.number, code: check.code, reason: check.reason },
      'callback number refused before dialling',
    );
    return refuse(ctx, cb, `the number is not allowed by the numbering plan: ${check.reason}`, log);
  }
  const now = clock.now();
  if (now >= cb.dueUntil) {
    const r = await applyEvent(ctx, cb.id, { type: 'window-passed' });
    log.info({ result: r.kind }, 'callback expired before its attempt');
    return stop('due window passed');
  }
  if (now < cb.nextAttemptAt) return { kind: 'stop', outcome: { kind: 'later', at: cb.nextAttemptAt } };
  const calendar = calendars.calendarFor(cb.serviceId);
  // Urgent callbacks are dialled at any hour; the others only inside live hours.
  if (calendar && cb.kind !== 'urgent' && !calendar.isLive(now)) {
    // Only inside live hours; at the end of the window the job runs again and expires it.
    let opening = cb.dueUntil;
    try {
      opening = Math.min(calendar.nextOpening(now), cb.dueUntil);
    } catch {
      // never opens again: wait for the window to pass
    }
    return { kind: 'stop', outcome: { kind: 'later', at: opening } };
  }
  return { kind: 'go', cb, service, e164: check.e164, national: check.national, now };
}

async function refuse(
  ctx: CallbackContext,
  cb: CallbackRecord,
  reason: string,
  log: Logger,
): Promise<GateResult> {
  const r = await applyEvent(ctx, cb.id, { type: 'refused', reason });
  log.warn({ result: r.kind, reason }, 'callback refused');
  return stop('refused');
}
