// Database writes that must happen but must never hold up a caller's audio, and must never be
// lost: each write is journalled (see journal-file.ts), then applied in order per key, retried
// with capped backoff for as long as Postgres is away, and marked done. Many keys' writes are
// applied together, one transaction a round (batch-applier.ts), so a busy engine's writes cost a
// few transactions a second instead of one per write. What a dead process left unapplied is
// applied first when the next one starts. A write Postgres rejects as invalid data
// (it would fail forever) is logged and kept in a dead-letter file, never silently dropped.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.ts';
import type { BatchApplier } from './batch-applier.ts';
import { type JournalEntry, JournalFile } from './journal-file.ts';
import { RetryGate } from './retry-gate.ts';
import type { WriteApplier, WriteCommand } from './write-commands.ts';

export const DEAD_LETTER_FILE = 'writes.rejected.jsonl';

export interface DurableWritesOptions {
  /** First retry delay after Postgres failed (default 200 ms), doubled up to `maxDelayMs`. */
  minDelayMs?: number;
  /** Cap of the retry delay (default 5 s). */
  maxDelayMs?: number;
  /** Most writes applied in one round (one transaction when batched; default 500). */
  maxBatch?: number;
  /** Rounds under way at once (default 2: a round's single writes need not hold up the next batch). */
  maxRounds?: number;
  /**
   * Least time between the starts of two rounds (default 100 ms): what arrives meanwhile joins the
   * next round, so the engine starts at most 10 rounds a second, not one a write. At 10 ms, calls
   * arriving at 11 a second made rounds of one write each: each its own statement and commit
   * (bench/capacity at 100 calls: 25 → 20 ms of engine CPU and 4.3 → 2.4 ms of Postgres CPU per
   * call at 100 ms). A key's writes go one per round, so its last lands a few rounds later.
   */
  roundIntervalMs?: number;
}

type Listener = (command: WriteCommand) => void;

export class DurableWrites {
  private readonly queues = new Map<string, JournalEntry[]>();
  /** Keys whose first write is being applied: a key's next write waits for it. */
  private readonly inFlight = new Set<string>();
  private apply: WriteApplier | undefined;
  private batch: BatchApplier | undefined;
  private rounds = 0;
  private pumpScheduled = false;
  private pumpTimer: NodeJS.Timeout | undefined;
  private lastRoundAt = Number.NEGATIVE_INFINITY;
  private count = 0;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly listeners: Listener[] = [];
  private readonly gate: RetryGate;
  private readonly maxBatch: number;
  private readonly maxRounds: number;
  private readonly roundIntervalMs: number;
  private closed = false;
  private memorySeq = 0;

  private constructor(
    private readonly journal: JournalFile | undefined,
    private readonly logger: Logger,
    pending: JournalEntry[],
    opts: DurableWritesOptions,
  ) {
    this.gate = new RetryGate(opts.minDelayMs ?? 200, opts.maxDelayMs ?? 5000);
    this.maxBatch = opts.maxBatch ?? 500;
    this.maxRounds = opts.maxRounds ?? 2;
    this.roundIntervalMs = opts.roundIntervalMs ?? 100;
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

  /**
   * Starts applying, the replayed writes first. Writes enqueued before are kept until then. With
   * `batch`, the writes it accepts are applied many keys at a time in one transaction.
   */
  start(apply: WriteApplier, batch?: BatchApplier): void {
    if (this.apply) throw new Error('durable writes already started');
    this.apply = apply;
    this.batch = batch;
    this.schedulePump();
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
    clearTimeout(this.pumpTimer);
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
    this.schedulePump();
  }

  /** Writes enqueued in the same turn of the event loop go in the same round. */
  private schedulePump(): void {
    if (this.pumpScheduled || !this.apply) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /**
   * Starts rounds while fewer than `maxRounds` are under way, one every `roundIntervalMs` at most.
   * A round is the first write of every key not already in flight (so a key's writes stay in
   * order), up to `maxBatch`; what arrives meanwhile waits for the next one, so the busier, the
   * bigger the batches.
   */
  private pump(): void {
    while (this.rounds < this.maxRounds && !this.closed && this.queues.size > this.inFlight.size) {
      const wait = this.lastRoundAt + this.roundIntervalMs - performance.now();
      if (wait > 0) {
        this.pumpTimer ??= setTimeout(() => {
          this.pumpTimer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const round: JournalEntry[] = [];
      for (const [key, q] of this.queues) {
        if (round.length >= this.maxBatch) break;
        if (this.inFlight.has(key)) continue;
        this.inFlight.add(key);
        round.push(q[0]!);
      }
      if (round.length === 0) return;
      this.lastRoundAt = performance.now();
      this.rounds++;
      void this.runRound(round).finally(() => {
        this.rounds--;
        this.pump();
      });
    }
  }

  private async runRound(round: JournalEntry[]): Promise<void> {
    const apply = this.apply!;
    const batch = this.batch;
    let singles = round;
    if (batch && round.length > 1) {
      const batchable = round.filter((e) => batch.accepts(e.command));
      if (batchable.length > 1) {
        const committed = await this.applyBatch(batchable, batch);
        if (this.closed) return;
        // Rejected as a whole: one by one, so only the invalid write is dead-lettered.
        if (committed) {
          for (const e of batchable) this.done(e);
          singles = round.filter((e) => !batch.accepts(e.command));
        }
      }
    }
    // The others' side effects (a lost call's callback, an escalation's webhook job) follow the
    // batch's commit; each key's write on its own, as before batching.
    await Promise.all(
      singles.map(async (e) => {
        await this.applyOne(e, apply);
        if (!this.closed) this.done(e);
      }),
    );
  }

  /** The key's first write is applied: marked done, and the key's next write may go. */
  private done(entry: JournalEntry): void {
    const q = this.queues.get(entry.key)!;
    q.shift();
    this.journal?.markDone(entry.seq);
    this.count--;
    this.inFlight.delete(entry.key);
    // Re-inserted at the end: with more keys than `maxBatch`, every key gets its turn.
    this.queues.delete(entry.key);
    if (q.length > 0) this.queues.set(entry.key, q);
    for (const l of this.listeners) l(entry.command);
    if (this.count === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** True once committed; false when Postgres rejected the data (or we are closing). */
  private async applyBatch(entries: JournalEntry[], batch: BatchApplier): Promise<boolean> {
    for (;;) {
      await this.gate.wait();
      if (this.closed) return false;
      try {
        await batch.apply(entries.map((e) => e.command));
        this.resumed();
        return true;
      } catch (err) {
        if (isRejectedData(err)) {
          this.logger.warn(
            { reason: err instanceof Error ? err.message : String(err), writes: entries.length },
            'database rejected a batch of writes; applying them one by one to find the invalid one',
          );
          return false;
        }
        this.failed(err, `batch of ${entries.length}`, undefined);
      }
    }
  }

  private async applyOne(entry: JournalEntry, apply: WriteApplier): Promise<void> {
    for (;;) {
      await this.gate.wait();
      if (this.closed) return;
      try {
        await apply(entry.command);
        this.resumed();
        return;
      } catch (err) {
        if (isRejectedData(err)) {
          await this.reject(entry, err);
          return;
        }
        this.failed(err, entry.command.type, entry.key);
      }
    }
  }

  private resumed(): void {
    if (this.gate.succeeded()) {
      this.logger.info({ backlog: this.count }, 'database writes resumed; applying the journal');
    }
  }

  private failed(err: unknown, write: string, key: string | undefined): void {
    if (this.gate.failed()) {
      this.logger.warn(
        { err, backlog: this.count, write },
        'database unavailable: writes kept in the journal, retrying until it is back',
      );
    } else {
      this.logger.debug({ err, write, key }, 'database write failed, retrying');
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
