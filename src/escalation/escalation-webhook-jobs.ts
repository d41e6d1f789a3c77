// The escalation webhook as a durable BullMQ job: one job per escalation (id `esc-<id>-webhook`,
// so adding it twice — the applier, then the reconciler — makes one job), retried with
// exponential backoff. The job carries the escalation id only; what is posted is read from
// Postgres, and Postgres says whether it was delivered, so a job run twice posts once.
import type { Job } from 'bullmq';
import type { Clock } from '../domain/clock.ts';
import { JobQueue, type JobQueueConnection, retriedJob } from '../jobs/job-queue.ts';
import type { EscalationRepository, WebhookTarget } from './escalation-repository.ts';

export const ESCALATION_QUEUE = 'escalations';

export interface EscalationWebhookJob {
  escalationId: string;
}

/** What the duty officer's system receives. */
export interface EscalationPayload {
  escalationId: string;
  callId: string;
  serviceId: string;
  callerNumber: string;
  language: string | null;
  reason: string;
  menuPath: readonly string[];
  collected: Readonly<Record<string, string>>;
  raisedAt: string;
}

export interface EscalationWebhookOptions extends JobQueueConnection {
  repo: EscalationRepository;
  clock: Clock;
  fetchImpl?: typeof fetch;
  /** First retry after this many ms, doubling (default 2000). */
  backoffMs?: number;
  timeoutMs?: number;
}

/** `esc-<escalation id>-webhook`: BullMQ forbids ':' in custom ids. */
export function webhookJobId(escalationId: string): string {
  if (escalationId.includes(':')) throw new Error(`escalation id must not contain ':' (got ${escalationId})`);
  return `esc-${escalationId}-webhook`;
}

export function payloadOf(t: WebhookTarget): EscalationPayload {
  return {
    escalationId: t.id,
    callId: t.callId,
    serviceId: t.serviceId,
    callerNumber: t.callerNumber,
    language: t.language,
    reason: t.reason,
    menuPath: t.menuPath,
    collected: t.collected,
    raisedAt: t.raisedAt.toISOString(),
  };
}

export class EscalationWebhookJobs extends JobQueue<EscalationWebhookJob> {
  constructor(private readonly opts: EscalationWebhookOptions) {
    super(ESCALATION_QUEUE, opts, 'escalation');
  }

  /**
   * The escalation row is stored: note where it goes (Postgres), then make sure its job exists.
   * Redis trouble is logged, not thrown: the reconciler re-adds the job from Postgres.
   */
  async send(escalationId: string, url: string | undefined, retries: number): Promise<void> {
    await this.opts.repo.setWebhook(escalationId, url, retries);
    if (!url) return;
    await this.schedule(escalationId, retries).catch((err: unknown) =>
      this.opts.logger.warn({ err, escalationId }, 'escalation webhook job not added; the reconciler will'),
    );
  }

  async schedule(escalationId: string, retries: number): Promise<void> {
    await this.queue.add(
      'post',
      { escalationId },
      retriedJob(webhookJobId(escalationId), retries + 1, this.opts.backoffMs ?? 2000),
    );
  }

  startWorker(concurrency = 4): void {
    this.openWorker((job) => this.run(job), concurrency);
  }

  private async run(job: Job<EscalationWebhookJob>): Promise<string> {
    const { repo, logger, clock } = this.opts;
    const target = await repo.webhookTarget(job.data.escalationId);
    if (target?.status !== 'pending' || !target.url) return 'nothing to deliver';
    const attempt = target.attempts + 1;
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const log = logger.child({ escalationId: target.id, attempt });
    let error: string;
    try {
      const res = await (this.opts.fetchImpl ?? fetch)(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': target.id },
        body: JSON.stringify(payloadOf(target)),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
      if (res.ok) {
        await repo.webhookAttempt(target.id, attempt, { kind: 'delivered', at: clock.now() });
        log.info('escalation webhook delivered');
        return 'delivered';
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    await repo.webhookAttempt(target.id, attempt, { kind: 'failed', error, final });
    if (final) log.error({ detail: error }, 'escalation webhook failed for good');
    else log.warn({ detail: error }, 'escalation webhook failed; retrying');
    throw new Error(`escalation webhook: ${error}`);
  }
}
