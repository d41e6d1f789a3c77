// A BullMQ queue of cagri with at most one worker of this process. Redis errors are logged, not
// thrown: ioredis retries, and an unhandled 'error' event would kill the process. Jobs are removed
// when they finish, since Postgres says what is still to do and a reconciler re-adds what is missing.
import { type JobsOptions, type Processor, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';

export interface JobQueueConnection {
  /** ioredis with `maxRetriesPerRequest: null` (BullMQ's blocking worker needs it); not closed here. */
  connection: Redis;
  /** Key prefix; each test (or deployment sharing a Redis) uses its own. */
  prefix: string;
  logger: Logger;
}

/** A job with its own id (adding it twice makes one job), retried with exponential backoff. */
export function retriedJob(jobId: string, attempts: number, backoffMs: number): JobsOptions {
  return {
    jobId,
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: true,
    removeOnFail: true,
  };
}

export abstract class JobQueue<Data> {
  readonly queue: Queue<Data>;
  private worker: Worker<Data> | undefined;

  /** `what` names it in logs and errors: `<what> queue: Redis error`, `<what> worker: …`. */
  protected constructor(
    name: string,
    private readonly redis: JobQueueConnection,
    private readonly what: string,
  ) {
    this.queue = new Queue<Data>(name, { connection: redis.connection, prefix: redis.prefix });
    this.queue.on('error', (err) => redis.logger.warn({ err: err.message }, `${what} queue: Redis error`));
  }

  /** Starts this process's worker on the queue; one at a time. */
  protected openWorker(processor: Processor<Data>, concurrency: number): Worker<Data> {
    if (this.worker) throw new Error(`the ${this.what} worker is already running`);
    const { connection, prefix, logger } = this.redis;
    const worker = new Worker<Data>(this.queue.name, processor, { connection, prefix, concurrency });
    worker.on('error', (err) => logger.warn({ err: err.message }, `${this.what} worker: Redis error`));
    this.worker = worker;
    return worker;
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
