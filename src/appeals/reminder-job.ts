// The reminder sweep as a repeatable BullMQ job. Redis holds only the schedule: the job carries no
// data, the sweep reads Postgres and claims each day's reminder there, so a lost Redis, a retried
// job or a restart costs nothing but a later run (the schedule is upserted again at every start).
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';
import type { ReminderSweep, SweepResult } from './reminder-sweep.ts';

export const REMINDER_QUEUE = 'appeal-reminders';
const SCHEDULER_ID = 'appeal-reminder-sweep';

export interface ReminderJobOptions {
  connection: Redis;
  prefix: string;
  everyMs: number;
  sweep: Pick<ReminderSweep, 'run'>;
  logger: Logger;
  /** Called after every run (tests wait on it). */
  onRun?: (r: SweepResult) => void;
}

export class ReminderJob {
  private readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(private readonly opts: ReminderJobOptions) {
    this.queue = new Queue(REMINDER_QUEUE, { connection: opts.connection, prefix: opts.prefix });
    this.queue.on('error', (err) => opts.logger.warn({ err: err.message }, 'reminder queue: Redis error'));
  }

  async start(): Promise<void> {
    // Upsert: the same scheduler id every start, so there is always exactly one schedule.
    await this.queue.upsertJobScheduler(
      SCHEDULER_ID,
      { every: this.opts.everyMs },
      { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    this.worker = new Worker(
      REMINDER_QUEUE,
      async () => {
        const r = await this.opts.sweep.run();
        if (r.reminded.length || r.failed.length)
          this.opts.logger.info(
            {
              reminded: r.reminded.map((x) => ({ unit: x.unitId, appeals: x.regNos.length })),
              failed: r.failed,
            },
            'appeal reminders',
          );
        this.opts.onRun?.(r);
        return { reminded: r.reminded.length, failed: r.failed.length };
      },
      { connection: this.opts.connection, prefix: this.opts.prefix, concurrency: 1 },
    );
    this.worker.on('error', (err) =>
      this.opts.logger.warn({ err: err.message }, 'reminder worker: Redis error'),
    );
    this.worker.on('failed', (_job, err) => this.opts.logger.error({ err }, 'appeal reminder sweep failed'));
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.waitUntilReady().catch(() => undefined);
    await w?.close();
    await this.queue.close();
  }
}
