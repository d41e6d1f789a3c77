// Database writes that must happen but must never hold up a caller's audio, and must never be
// lost: each write is journalled (see journal-file.ts), then applied in order per key, retried
// with capped backoff for as long as Postgres is away, and marked done. What a dead process left
// unapplied is applied first when the next one starts. A write Postgres rejects as invalid data
// (it would fail forever) is logged and kept in a dead-letter file, never silently dropped.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.ts';
import { type JournalEntry, JournalFile } from './journal-file.ts';
import { RetryGate } from './retry-gate.ts';
import type { WriteApplier, WriteCommand } from './write-commands.ts';

export const DEAD_LETTER_FILE = 'writes.rejected.jsonl';

export interface DurableWritesOptions {
  /** First retry delay after Postgres failed (default 200 ms), doubled up to `maxDelayMs`. */
  minDelayMs?: number;
  /** Cap of the retry delay (default 5 s). */
  maxDelayMs?: number;
}

type Listener = (command: WriteCommand) => void;

export class DurableWrites {
  private readonly queues = new Map<string, JournalEntry[]>();
  private apply: WriteApplier | undefined;
  private count = 0;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly listeners: Listener[] = [];
  private readonly gate: RetryGate;
  private closed = false;
  private memorySeq = 0;

  private constructor(
    private readonly journal: JournalFile | undefined,
    private readonly logger: Logger,
    pending: JournalEntry[],
    opts: DurableWritesOptions,
  ) {
    this.gate = new RetryGate(opts.minDelayMs ?? 200, opts.maxDelayMs ?? 5000);
    for (const e of pending) this.queue(e);
    if (pending.length > 0) {
      logger.info(
        { writes: pending.length },
        'journal: writes a previous run left unapplied will be applied first',
      );
    }
  }

  /** The journal in `dataDir`, with what a previous run left unapplied queued first. */
  static async open(
    dataDir: string,
    logger: Logger,
    opts: DurableWritesOptions = {},
  ): Promise<DurableWrites> {
    const { journal, pending } = await JournalFile.open(dataDir, logger);
    return new DurableWrites(journal, logger, pending, opts);
  }

  /** Without a journal (rehearsals, where nothing must outlive the process). */
  static inMemory(logger: Logger, opts: DurableWritesOptions = {}): DurableWrites {
    return new DurableWrites(undefined, logger, [], opts);
  }

  /** Journals a write and queues it after every earlier write with the same key. Never waits. */
  enqueue(key: string, command: WriteCommand): void {
    const entry = this.journal?.append(key, command) ?? { seq: ++this.memorySeq, key, command };
    this.queue(entry);
  }

  /**
   * Like `enqueue`, but a write of the key still waiting its turn is superseded (heartbeats: only
   * the newest stamp matters, and a fast-forwarded clock must not pile them up).
   */
  enqueueLatest(key: string, command: WriteCommand): void {
    const q = this.queues.get(key);
    // q[0] may be in flight; anything after it has not started.
    if (q && q.length > 1) {
      const superseded = q.pop()!;
      this.journal?.markDone(superseded.seq);
      this.count--;
    }
    this.enqueue(key, command);
  }

  /** Starts applying, the replayed writes first. Writes enqueued before are kept until then. */
  start(apply: WriteApplier): void {
    if (this.apply) throw new Error('durable writes already started');
    this.apply = apply;
    for (const key of this.queues.keys()) void this.run(key);
  }

  /** Called after each write is applied (the lost-call outbox listens for lost calls). */
  onApplied(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Writes journalled but not yet applied. */
  get backlog(): number {
    return this.count;
  }

  get journalStats() {
    return this.journal?.stats;
  }

  /** Resolves once every queued write is applied (tests, graceful shutdown with Postgres up). */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once the journal is on disk (tests that kill a process right after). */
  sync(): Promise<void> {
    return this.journal?.sync() ?? Promise.resolve();
  }

  /**
   * Waits up to `timeoutMs` for the backlog to be applied, then stops: what is left stays in the
   * journal for the next start. Returns how many writes were left.
   */
  async close(timeoutMs = 5000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    this.closed = true;
    this.gate.release();
    const left = this.count;
    if (left > 0) this.logger.warn({ writes: left }, 'journal: writes left to apply at the next start');
    await this.journal?.close();
    return left;
  }

  private queue(entry: JournalEntry): void {
    this.count++;
    const q = this.queues.get(entry.key);
    if (q) {
      q.push(entry);
      return;
    }
    this.queues.set(entry.key, [entry]);
    if (this.apply) void this.run(entry.key);
  }

  /** Applies the key's writes one after the other until its queue is empty. */
  private async run(key: string): Promise<void> {
    const q = this.queues.get(key);
    const apply = this.apply;
    if (!q || !apply) return;
    while (q.length > 0 && !this.closed) {
      const entry = q[0]!;
      await this.applyOne(entry, apply);
      if (this.closed) return;
      q.shift();
      this.journal?.markDone(entry.seq);
      this.count--;
      for (const l of this.listeners) l(entry.command);
    }
    this.queues.delete(key);
    if (this.count === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private async applyOne(entry: JournalEntry, apply: WriteApplier): Promise<void> {
    for (;;) {
      await this.gate.wait();
      if (this.closed) return;
      try {
        await apply(entry.command);
        if (this.gate.succeeded()) {
          this.logger.info({ backlog: this.count }, 'database writes resumed; applying the journal');
        }
        return;
      } catch (err) {
        if (isRejectedData(err)) {
          await this.reject(entry, err);
          return;
        }
        if (this.gate.failed()) {
          this.logger.warn(
            { err, backlog: this.count, write: entry.command.type },
            'database unavailable: writes kept in the journal, retrying until it is back',
          );
        } else {
          this.logger.debug(
            { err, write: entry.command.type, key: entry.key },
            'database write failed, retrying',
          );
        }
      }
    }
  }

  private async reject(entry: JournalEntry, err: unknown): Promise<void> {
    const reason = err instanceof Error ? err.message : String(err);
    this.logger.error(
      { write: entry.command.type, key: entry.key, seq: entry.seq, reason },
      `database rejected a write as invalid; kept in ${DEAD_LETTER_FILE} for an operator to look at`,
    );
    if (!this.journal) return;
    const line = JSON.stringify({
      at: new Date().toISOString(),
      reason,
      key: entry.key,
      command: entry.command,
    });
    await appendFile(path.join(path.dirname(this.journal.file), DEAD_LETTER_FILE), `${line}\n`).catch(
      (e: unknown) => this.logger.error({ err: e }, 'could not write the dead-letter file'),
    );
  }
}

/**
 * Postgres said the data itself is wrong (class 22 data exception, 23 integrity violation): a
 * retry would fail forever. Anything else (no connection, shutdown, timeout) is retried.
 */
export function isRejectedData(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code);
}
