// One BullMQ job per callback attempt. The job id is derived from the callback id and the attempt
// number, so adding the same attempt twice (the service, then the reconciler) makes one job; the
// payload is the two ids only — phone numbers stay in Postgres, never in Redis. Jobs are removed
// when they finish: Postgres says what is still to do, and the reconciler re-adds what is missing.
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';

export interface CallbackJob {
  callbackId: string;
  attempt: number;
}

/** What the dialler made of a job: finished with it, or run it again at `at` (engine clock). */
export type JobOutcome = { kind: 'done'; note: string } | { kind: 'later'; at: number };

export interface CallbackSchedulerOptions {
  /** ioredis with `maxRetriesPerRequest: null` (BullMQ's blocking worker needs it); not closed here. */
  connection: Redis;
  /** Key prefix; each test (or deployment sharing a Redis) uses its own. */
  prefix: string;
  queueName?: string;
  clock: Clock;
  logger: Logger;
}

export const CALLBACK_QUEUE = 'callbacks';

/** `cb-<callback id>-a<attempt>`: BullMQ forbids ':' in custom ids (it separates key parts). */
export function callbackJobId(callbackId: string, attempt: number): string {
  if (callbackId.includes(':')) throw new Error(`callback id must not contain ':' (got ${callbackId})`);
  return `cb-${callbackId}-a${attempt}`;
}

export class CallbackScheduler {
  readonly queue: Queue<CallbackJob>;
  private worker: Worker<CallbackJob> | undefined;

  constructor(private readonly opts: CallbackSchedulerOptions) {
    this.queue = new Queue<CallbackJob>(opts.queueName ?? CALLBACK_QUEUE, {
      connection: opts.connection,
      prefix: opts.prefix,
    });
    // Redis trouble is retried by ioredis; log it instead of letting an 'error' event kill the process.
    this.queue.on('error', (err) => opts.logger.warn({ err: err.message }, 'callback queue: Redis error'));
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
      {
        jobId: callbackJobId(callbackId, attempt),
        delay,
        removeOnComplete: true,
        removeOnFail: true,
        // A job that throws (Postgres down) is tried again; after that the reconciler re-adds it.
        attempts: 5,
        backoff: { type: 'exponential', delay: 2000 },
      },
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
    if (this.worker) throw new Error('the callback worker is already running');
    const { clock, logger } = this.opts;
    this.worker = new Worker<CallbackJob>(
      this.queue.name,
      async (job: Job<CallbackJob>, token?: string) => {
        const outcome = await run({ callbackId: job.data.callbackId, attempt: job.data.attempt });
        if (outcome.kind === 'done') return outcome.note;
        const delay = Math.max(0, outcome.at - clock.now());
        await job.moveToDelayed(Date.now() + delay, token);
        throw new DelayedError();
      },
      { connection: this.opts.connection, prefix: this.opts.prefix, concurrency },
    );
    this.worker.on('error', (err) => logger.warn({ err: err.message }, 'callback worker: Redis error'));
    this.worker.on('failed', (job, err) =>
      logger.error({ err, jobId: job?.id, attemptsMade: job?.attemptsMade }, 'callback job failed'),
    );
  }

  /** Stops taking jobs; `force` does not wait for running ones (a crash, in tests). */
  async stopWorker(force = false): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    // Closing a worker whose connections are still initialising leaves BullMQ's own start-up
    // promise to reject unhandled ("Connection is closed"): let it finish first.
    await worker?.waitUntilReady().catch(() => undefined);
    await worker?.close(force);
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.queue.close();
  }
}
