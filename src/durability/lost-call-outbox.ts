// The lost-call outbox: a lost call row is the promise of a same-day callback. The row is written
// through the journal; its callback is created right after (when the write is applied) and, should
// that fail or the process die in between, by a sweep at start-up and every minute. A row is
// settled once its callback exists or a logged reason says why there is none — never forgotten.
import type { QueueRepository } from '../db/queue-repository.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import { CallId, ServiceId } from '../domain/ids.ts';
import type { CallbackService, LostCallDuty } from '../engine/engine-services.ts';
import type { Logger } from '../log/logger.ts';

export interface LostCallOutboxDeps {
  repo: Pick<QueueRepository, 'unsettledLostCalls' | 'settleLostCall' | 'calledAgain'>;
  clock: Clock;
  logger: Logger;
  /** Sweep every this many ms of the engine's clock (default one minute). */
  everyMs?: number;
}

const BATCH = 200;

export class LostCallOutbox {
  private callbacks: Pick<CallbackService, 'lostCall'> | undefined;
  private timer: TimerHandle | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly deps: LostCallOutboxDeps) {}

  /** The callbacks service exists only later in start-up; until then rows wait for the sweep. */
  attach(callbacks: Pick<CallbackService, 'lostCall'>): void {
    this.callbacks = callbacks;
  }

  /** Settles one lost call now (the journal applier, right after storing it). Throws to be retried. */
  async settle(duty: LostCallDuty): Promise<void> {
    const callbacks = this.callbacks;
    if (!callbacks) return; // the start-up sweep settles it
    const { repo, clock, logger } = this.deps;
    if (await repo.calledAgain(duty.serviceId, duty.callerNumber, duty.hungUpAt)) {
      logger.info(
        { callId: duty.callId, lostCallId: duty.lostCallId },
        'lost call not called back: the caller has been served since',
      );
    } else {
      await callbacks.lostCall(duty);
    }
    await repo.settleLostCall(duty.lostCallId, clock.now());
  }

  /** Sweeps now and then every interval until `stop`. */
  start(): void {
    this.stopped = false;
    void this.kick();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.deps.clock.clearTimeout(this.timer);
  }

  async drain(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Runs a sweep soon; one already running runs again once it ends. Resolves with rows settled. */
  kick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.sweep()
      .catch((err: unknown) => {
        this.deps.logger.warn({ err }, 'lost-call outbox sweep failed; the next one retries');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimeout(() => {
      void this.kick().finally(() => this.arm());
    }, this.deps.everyMs ?? 60_000);
  }

  private async sweep(): Promise<number> {
    if (!this.callbacks) return 0;
    let settled = 0;
    for (;;) {
      const rows = await this.deps.repo.unsettledLostCalls(BATCH);
      for (const r of rows) {
        await this.settle({
          lostCallId: r.id,
          callId: CallId(r.call_id),
          serviceId: ServiceId(r.service_id),
          callerNumber: r.caller_number,
          language: r.language,
          hungUpAt: new Date(r.hung_up_at).getTime(),
          waitedMs: r.waited_ms,
          ...(r.urgent && { urgent: true }),
        });
        settled++;
      }
      if (rows.length < BATCH) break;
    }
    if (settled > 0) this.deps.logger.info({ settled }, 'lost-call outbox: owed callbacks settled');
    return settled;
  }
}
