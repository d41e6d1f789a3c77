// Postgres is the truth, Redis only a schedule: at start and every few minutes, every escalation
// whose webhook is still pending gets its job again (adding an existing job id is a no-op; a job
// run for an escalation already delivered posts nothing), so a flushed Redis loses no escalation.
import type { Clock, TimerHandle } from '../domain/clock.ts';
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

export class EscalationReconciler {
  private timer: TimerHandle | undefined;
  private stopped = true;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: EscalationReconcilerDeps) {}

  /** Reconciles once now (resolving with how many jobs were checked), then every interval. */
  async start(): Promise<number> {
    this.stopped = false;
    try {
      return await this.runOnce();
    } finally {
      this.arm();
    }
  }

  stop(): void {
    this.stopped = true;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  async drain(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimeout(
      () => {
        this.runOnce()
          .catch((err: unknown) => this.deps.logger.error({ err }, 'escalation reconciliation failed'))
          .finally(() => this.arm());
      },
      this.deps.intervalMs ?? 5 * 60_000,
    );
  }

  private async pass(): Promise<number> {
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
