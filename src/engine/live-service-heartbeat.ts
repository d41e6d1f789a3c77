// Operators' live-service time must survive a crash without counting the downtime: open
// intervals are stamped every minute, and a new process closes whatever the last one left open
// at its last stamp before reopening intervals for the operators still logged in.

import type { QueueRepository } from '../db/queue-repository.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import type { RestoredOperator } from '../queue/index.ts';
import type { WriteBehind } from './write-behind.ts';

const EVERY_MS = 60_000;

export class LiveServiceHeartbeat {
  private handle: TimerHandle | undefined;
  /** The newest stamp not yet written; a write in flight picks it up when it is done. */
  private latest: number | undefined;
  private writing = false;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly writes: WriteBehind,
    private readonly repo: QueueRepository,
  ) {}

  /** Start-up: close intervals a dead process left open; operators still logged in serve on from now. */
  static async recover(
    repo: QueueRepository,
    operators: readonly RestoredOperator[],
    now: number,
    logger: Logger,
  ) {
    const stale = await repo.closeStaleIntervals();
    if (stale > 0)
      logger.info({ intervals: stale }, 'closed live-service intervals left open by the last run');
    for (const op of operators) if (op.state === 'available') await repo.openLiveInterval(op.operatorId, now);
  }

  start(): void {
    this.stopped = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.handle);
  }

  private arm(): void {
    if (this.stopped) return;
    this.handle = this.clock.setTimeout(() => {
      this.stamp(this.clock.now());
      this.arm();
    }, EVERY_MS);
  }

  // One write in flight at a time, always ending with the newest stamp: a fast-forwarded clock
  // must neither pile up writes nor leave an older stamp as the last one.
  private stamp(at: number): void {
    this.latest = at;
    if (this.writing) return;
    this.writing = true;
    this.writes.enqueue('operator-heartbeat', 'live interval heartbeat', async () => {
      try {
        while (this.latest !== undefined) {
          const next = this.latest;
          this.latest = undefined;
          await this.repo.touchOpenIntervals(next).catch((err: unknown) => {
            this.latest ??= next; // the write-behind retries; keep the stamp for it
            throw err;
          });
        }
      } finally {
        this.writing = false;
      }
    });
  }
}
