// Postgres is the truth, Redis only a schedule: a reconciler rebuilds BullMQ jobs from Postgres
// once at start and then every few minutes on the engine's clock. This is the loop they share —
// one pass at a time (concurrent calls share the pass in progress), re-armed after each pass,
// stopped and drained before the Redis connection closes. A subclass says what a pass does.
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';

export interface PeriodicReconcilerOptions {
  clock: Clock;
  logger: Logger;
  /** What a failed periodic pass is logged as. */
  failure: string;
  /** Every this many ms of the engine's clock; default 5 minutes. */
  intervalMs?: number | undefined;
  /** Re-arm even when the pass at start failed (it is rethrown either way); default false: not armed. */
  armAfterFailedStart?: boolean;
}

export abstract class PeriodicReconciler<Report> {
  private timer: TimerHandle | undefined;
  private running: Promise<Report> | undefined;
  private stopped = true;

  constructor(private readonly loop: PeriodicReconcilerOptions) {}

  protected abstract pass(): Promise<Report>;

  /** Reconciles once now (resolving with what it did), then every interval until `stop`. */
  async start(): Promise<Report> {
    this.stopped = false;
    try {
      const report = await this.runOnce();
      this.arm();
      return report;
    } catch (err) {
      if (this.loop.armAfterFailedStart) this.arm();
      throw err;
    }
  }

  stop(): void {
    this.stopped = true;
    this.loop.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Resolves once a pass in progress has finished (before the Redis connection is closed). */
  async drain(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** One pass; concurrent calls share the pass in progress. */
  runOnce(): Promise<Report> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.loop.clock.setTimeout(
      () => {
        this.runOnce()
          .catch((err: unknown) => this.loop.logger.error({ err }, this.loop.failure))
          .finally(() => this.arm());
      },
      this.loop.intervalMs ?? 5 * 60_000,
    );
  }
}
