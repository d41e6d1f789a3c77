// Database writes that must happen but must never hold up a caller's audio: each write is queued
// and retried in order (per key) in the background. The caller's next prompt never waits for Postgres.
import type { Logger } from '../log/logger.ts';

type Task = { label: string; run: () => Promise<unknown> };

export class WriteBehind {
  private readonly chains = new Map<string, Promise<void>>();
  private pending = 0;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly logger: Logger,
    private readonly opts: { retries: number; retryDelayMs: number } = { retries: 5, retryDelayMs: 200 },
  ) {}

  /** Queue a write after every earlier write with the same key. */
  enqueue(key: string, label: string, run: () => Promise<unknown>): void {
    this.pending++;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.attempt({ label, run }, key)).finally(() => this.done(key, next));
    this.chains.set(key, next);
  }

  /** Resolves once every queued write has finished (tests, graceful shutdown). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async attempt(task: Task, key: string): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        await task.run();
        return;
      } catch (err) {
        if (i >= this.opts.retries) {
          this.logger.error({ err, key, write: task.label }, 'database write failed after retries');
          return;
        }
        this.logger.warn({ err, key, write: task.label, attempt: i + 1 }, 'database write failed, retrying');
        await new Promise((r) => setTimeout(r, this.opts.retryDelayMs * 2 ** i));
      }
    }
  }

  private done(key: string, chain: Promise<void>): void {
    if (this.chains.get(key) === chain) this.chains.delete(key);
    this.pending--;
    if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}
