// One BullMQ job per callback attempt. The job id is derived from the callback id and the attempt
// number, so adding the same attempt twice (the service, then the reconciler) makes one job; the
// payload is the two ids only — phone numbers stay in Postgres, never in Redis. Jobs are removed
// when they finish: Postgres says what is still to do, and the reconciler re-adds what is missing.
import { DelayedError, type Job } from 'bullmq';
import type { Clock } from '../domain/clock.ts';
import { JobQueue, type JobQueueConnection, retriedJob } from '../jobs/job-queue.ts';

export interface CallbackJob {
  callbackId: string;
  attempt: number;
}

/** What the dialler made of a job: finished with it, or run it again at `at` (engine clock). */
export type JobOutcome = { kind: 'done'; note: string } | { kind: 'later'; at: number };

export interface CallbackSchedulerOptions extends JobQueueConnection {
  queueName?: string;
  clock: Clock;
}

export const CALLBACK_QUEUE = 'callbacks';

/** `cb-<callback id>-a<attempt>`: BullMQ forbids ':' in custom ids (it separates key parts). */
export function callbackJobId(callbackId: string, attempt: number): string {
  if (callbackId.includes(':')) throw new Error(`callback id must not contain ':' (got ${callbackId})`);
  return `cb-${callbackId}-a${attempt}`;
}

export class CallbackScheduler extends JobQueue<CallbackJob> {
  constructor(private readonly opts: CallbackSchedulerOptions) {
    super(opts.queueName ?? CALLBACK_QUEUE, opts, 'callback');
  }

  /**
   * Makes sure attempt `attempt` of the callback has its job, due at `dueAt` on the engine's clock
   * (BullMQ counts the delay in real time, which is what a shifted `--at` clock also does).
   */
  async schedule(callbackId: string, attempt: number, dueAt: number): Promise<void> {
    const delay = Math.max(0, dueAt - this.opts.clock.now());
    await this.queue.add(
      'dial',
      { callbackId, attempt },
      // A job that throws (Postgres down) is tried again; after that the reconciler re-adds it.
      { ...retriedJob(callbackJobId(callbackId, attempt), 5, 2000), delay },
    );
  }

  /** The job's BullMQ state, or undefined when there is none. */
  async jobState(callbackId: string, attempt: number): Promise<string | undefined> {
    const job = await this.queue.getJob(callbackJobId(callbackId, attempt));
    if (!job) return undefined;
    return job.getState();
  }

  /** Drops the job of an attempt that will not be made (cancelled); missing or running is fine. */
  async remove(callbackId: string, attempt: number): Promise<void> {
    try {
      await this.queue.remove(callbackJobId(callbackId, attempt));
    } catch (err) {
      this.opts.logger.debug({ err, callbackId, attempt }, 'callback job not removed (it is running)');
    }
  }

  /** Runs every delayed job now (tests and rehearsals on a fake clock): the dialler re-checks the time. */
  async promoteDelayed(): Promise<void> {
    await this.queue.promoteJobs();
  }

  /** Starts processing jobs with `run`; a `later` outcome puts the same job back, delayed. */
  startWorker(run: (job: CallbackJob) => Promise<JobOutcome>, concurrency = 4): void {
    const { clock, logger } = this.opts;
    const worker = this.openWorker(async (job: Job<CallbackJob>, token?: string) => {
      const outcome = await run({ callbackId: job.data.callbackId, attempt: job.data.attempt });
      if (outcome.kind === 'done') return outcome.note;
      const delay = Math.max(0, outcome.at - clock.now());
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }, concurrency);
    worker.on('failed', (job, err) =>
      logger.error({ err, jobId: job?.id, attemptsMade: job?.attemptsMade }, 'callback job failed'),
    );
  }
}
