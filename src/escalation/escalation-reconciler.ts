// Postgres is the truth, Redis only a schedule: at start and every few minutes, every escalation
// whose webhook is still pending gets its job again (adding an existing job id is a no-op; a job
// run for an escalation already delivered posts nothing), so a flushed Redis loses no escalation.
import type { Clock } from '../domain/clock.ts';
import { PeriodicReconciler } from '../jobs/periodic-reconciler.ts';
import type { Logger } from '../log/logger.ts';
import type { EscalationRepository } from './escalation-repository.ts';
import type { EscalationWebhookJobs } from './escalation-webhook-jobs.ts';

export interface EscalationReconcilerDeps {
  repo: Pick<EscalationRepository, 'pendingWebhooks' | 'webhookTarget'>;
  jobs: Pick<EscalationWebhookJobs, 'schedule'>;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}

/** `start` resolves with how many jobs were checked; a failed first pass is retried every interval. */
export class EscalationReconciler extends PeriodicReconciler<number> {
  constructor(private readonly deps: EscalationReconcilerDeps) {
    super({
      clock: deps.clock,
      logger: deps.logger,
      failure: 'escalation reconciliation failed',
      intervalMs: deps.intervalMs,
      armAfterFailedStart: true,
    });
  }

  protected async pass(): Promise<number> {
    const ids = await this.deps.repo.pendingWebhooks();
    for (const id of ids) {
      const t = await this.deps.repo.webhookTarget(id);
      // The job's own retries were spent if Redis kept it; a rebuilt job gets what is left.
      if (t) await this.deps.jobs.schedule(id, Math.max(0, t.retries - t.attempts));
    }
    if (ids.length > 0) this.deps.logger.info({ pending: ids.length }, 'escalation webhooks reconciled');
    return ids.length;
  }
}
