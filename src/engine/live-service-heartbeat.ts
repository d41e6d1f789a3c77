// Operators' live-service time must survive a crash without counting the downtime: open
// intervals are stamped every minute, and a new process closes whatever the last one left open
// at its last stamp before reopening intervals for the operators still logged in.

import type { QueueRepository } from '../db/queue-repository.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { DurableWrites } from '../durability/durable-writes.ts';
import type { Logger } from '../log/logger.ts';
import type { RestoredOperator } from '../queue/index.ts';

const EVERY_MS = 60_000;

export class LiveServiceHeartbeat {
  private handle: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly writes: DurableWrites,
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

  // Journalled like every write; a stamp still waiting its turn is replaced by the newer one.
  private stamp(at: number): void {
    this.writes.enqueueLatest('operator-heartbeat', { type: 'live-heartbeat', at });
  }
}
