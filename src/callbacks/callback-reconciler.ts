// Postgres is the truth, Redis only a schedule: on start and every few minutes the reconciler
// (1) closes attempts claimed but never finished — their worker died mid-attempt — as
//     `interrupted`, and moves the callback on to its next attempt (never re-dialling that one);
// (2) makes sure every `scheduled` callback has the job of its next attempt (adding an existing
//     job id is a no-op), so a flushed or lost Redis loses nothing.
//
// One dialling process per database is assumed (the engine, which owns the ARI connection and so
// the legs): an unfinished attempt this process is not making is one a dead process left behind.
import { PeriodicReconciler } from '../jobs/periodic-reconciler.ts';
import type { CallbackDialler } from './callback-dialler.ts';
import type { CallbackScheduler } from './callback-scheduler.ts';
import { applyEvent, attemptFailed, type CallbackContext } from './callback-transitions.ts';

export interface ReconcileReport {
  /** Scheduled callbacks whose job was checked (added when missing). */
  scheduled: number;
  /** Attempts closed as interrupted. */
  interrupted: number;
}

export interface CallbackReconcilerDeps extends CallbackContext {
  scheduler: Pick<CallbackScheduler, 'schedule'>;
  dialler: Pick<CallbackDialler, 'isActive'>;
  /** Every this many ms of the engine's clock; default 5 minutes. */
  intervalMs?: number;
}

const INTERRUPTED = 'interrupted';

export class CallbackReconciler extends PeriodicReconciler<ReconcileReport> {
  constructor(private readonly deps: CallbackReconcilerDeps) {
    super({
      clock: deps.clock,
      logger: deps.logger,
      failure: 'callback reconciliation failed',
      intervalMs: deps.intervalMs,
    });
  }

  protected async pass(): Promise<ReconcileReport> {
    const interrupted = await this.closeInterrupted();
    const scheduled = await this.deps.repo.listScheduled();
    for (const cb of scheduled) {
      await this.deps.scheduler.schedule(cb.id, cb.attempts + 1, cb.nextAttemptAt);
    }
    if (interrupted > 0 || scheduled.length > 0) {
      this.deps.logger.info({ scheduled: scheduled.length, interrupted }, 'callbacks reconciled');
    }
    return { scheduled: scheduled.length, interrupted };
  }

  private async closeInterrupted(): Promise<number> {
    const { repo, clock, logger } = this.deps;
    let count = 0;
    for (const row of await repo.unfinishedAttempts()) {
      if (this.deps.dialler.isActive(row.callbackId, row.attempt)) continue;
      const log = logger.child({ callbackId: row.callbackId, attempt: row.attempt, worker: row.worker });
      const r = await applyEvent(
        this.deps,
        row.callbackId,
        (cb) => attemptFailed(this.deps, cb, INTERRUPTED),
        {
          attemptResult: INTERRUPTED,
          expect: { status: 'dialling', attempts: row.attempt },
        },
      );
      if (r.kind === 'moved') {
        log.warn(
          { status: r.callback.status, reason: r.audit.reason },
          'callback attempt interrupted; moved on',
        );
      } else {
        // The callback is past this attempt already (closed, or the write was half done): just close the row.
        await repo.finishAttempt(row.callbackId, row.attempt, INTERRUPTED, clock.now());
        log.warn({ result: r.kind }, 'unfinished callback attempt closed as interrupted');
      }
      count++;
    }
    return count;
  }
}
