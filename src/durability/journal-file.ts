// The write journal on disk: one JSON line per write the engine decided (`{"s":seq,"k":key,"c":...}`)
// and one per write applied (`{"d":seq}`). Appends are group-committed: every append made in the
// same turn of the event loop goes out in one write on the libuv pool, through a handle opened
// with O_DSYNC, so the write returns once the lines are on the disk — one call on the pool where
// write + fdatasync were two — and a caller's audio never waits for the disk. Done marks alone are
// written through a plain append handle, not synced, and wait up to a second to ride with the
// next entry's commit instead of costing one of their own: a mark lost to a crash or a
// power cut only makes the write be replayed, which is harmless. A write applied before its line reached the disk is harmless:
// replaying it is idempotent. When nothing is left to apply the file is emptied; when it is mostly
// applied lines, it is rewritten with the lines still to apply.
import { constants, existsSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.ts';
import { type WriteCommand, WriteCommandSchema } from './write-commands.ts';

export interface JournalEntry {
  seq: number;
  key: string;
  command: WriteCommand;
}

export interface JournalStats {
  /** Group commits (a write, synced when it holds an entry) so far. */
  commits: number;
  /** Lines written so far (entries and done marks). */
  lines: number;
  /** Duration of the last commit in ms. */
  lastCommitMs: number;
  /** Current size of the file in bytes. */
  bytes: number;
}

export const JOURNAL_FILE = 'writes.journal';
/** Rewrite once the file is this much larger than the lines still to apply. */
const COMPACT_SLACK_BYTES = 1024 * 1024;
const RETRY_FLUSH_MS = 1000;
const DONE_MARK_WAIT_MS = 1000;
const SYNCED_APPEND = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;

/** Two handles on the journal, both appending: entries go through `synced`, done marks alone through `plain`. */
interface JournalHandles {
  plain: FileHandle;
  synced: FileHandle;
}

async function openHandles(file: string): Promise<JournalHandles> {
  const plain = await open(file, 'a');
  try {
    return { plain, synced: await open(file, SYNCED_APPEND) };
  } catch (err) {
    await plain.close();
    throw err;
  }
}

async function closeHandles(h: JournalHandles): Promise<void> {
  await Promise.all([h.plain.close(), h.synced.close()]);
}

export class JournalFile {
  private buffer: string[] = [];
  /** The buffer holds an entry (not only done marks): its commit must reach the disk itself. */
  private bufferNeedsSync = false;
  private flushing: Promise<void> | undefined;
  private flushWaiters: Array<() => void> = [];
  /** Lines of entries not yet applied, by seq (what a compaction keeps). */
  private readonly undone = new Map<number, string>();
  private undoneBytes = 0;
  private nextSeq: number;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Flushes done marks no entry's commit took along. */
  private doneMarkTimer: NodeJS.Timeout | undefined;
  readonly stats: JournalStats = { commits: 0, lines: 0, lastCommitMs: 0, bytes: 0 };

  private constructor(
    readonly file: string,
    private fh: JournalHandles,
    private readonly logger: Logger,
    pending: JournalEntry[],
    nextSeq: number,
    bytes: number,
  ) {
    this.nextSeq = nextSeq;
    this.stats.bytes = bytes;
    for (const e of pending) this.remember(e.seq, entryLine(e));
  }

  /** Opens (creating) the journal in `dir`; returns it with the entries a previous run left unapplied. */
  static async open(dir: string, logger: Logger): Promise<{ journal: JournalFile; pending: JournalEntry[] }> {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, JOURNAL_FILE);
    const text = existsSync(file) ? await readFile(file, 'utf8') : '';
    const { pending, maxSeq } = parseJournal(text, file, logger);
    const fh = await openHandles(file);
    const journal = new JournalFile(file, fh, logger, pending, maxSeq + 1, Buffer.byteLength(text));
    return { journal, pending };
  }

  /** Queues the entry's line for the next group commit; returns the entry. */
  append(key: string, command: WriteCommand): JournalEntry {
    const entry = { seq: this.nextSeq++, key, command };
    const line = entryLine(entry);
    this.remember(entry.seq, line);
    this.bufferNeedsSync = true;
    this.push(line);
    this.schedule();
    return entry;
  }

  /** The entry is applied: it will not be replayed (unless its mark is lost, which is harmless). */
  markDone(seq: number): void {
    const line = this.undone.get(seq);
    if (line === undefined) return;
    this.undone.delete(seq);
    this.undoneBytes -= Buffer.byteLength(line);
    this.push(`{"d":${seq}}\n`);
    this.armDoneMarks();
  }

  /** Resolves once everything appended so far is on disk. */
  sync(): Promise<void> {
    if (this.buffer.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise((resolve) => {
      this.flushWaiters.push(resolve);
      this.schedule();
    });
  }

  get pendingCount(): number {
    return this.undone.size;
  }

  async close(): Promise<void> {
    await this.sync();
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.doneMarkTimer);
    await closeHandles(this.fh);
  }

  private remember(seq: number, line: string): void {
    this.undone.set(seq, line);
    this.undoneBytes += Buffer.byteLength(line);
  }

  private push(line: string): void {
    if (this.closed) {
      this.logger.error({ file: this.file }, 'journal closed: a write was not journalled');
      return;
    }
    this.buffer.push(line);
  }

  /** Done marks alone are flushed within DONE_MARK_WAIT_MS unless an entry's commit takes them first. */
  private armDoneMarks(): void {
    if (this.flushing || this.doneMarkTimer || this.closed) return;
    this.doneMarkTimer = setTimeout(() => this.schedule(), DONE_MARK_WAIT_MS);
    this.doneMarkTimer.unref();
  }

  private schedule(): void {
    if (this.flushing || this.closed) return;
    clearTimeout(this.doneMarkTimer);
    this.doneMarkTimer = undefined;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flushLoop());
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.buffer.length > 0) {
        const lines = this.buffer;
        const needsSync = this.bufferNeedsSync || this.flushWaiters.length > 0;
        this.buffer = [];
        this.bufferNeedsSync = false;
        const waiters = this.flushWaiters;
        this.flushWaiters = [];
        try {
          await this.commit(lines, needsSync);
        } catch (err) {
          // The disk refused (full, read-only): keep the lines and try again; writes still reach Postgres.
          this.bufferNeedsSync ||= needsSync;
          this.buffer = lines.concat(this.buffer);
          this.flushWaiters = waiters.concat(this.flushWaiters);
          this.logger.error({ err, file: this.file }, 'journal write failed; retrying');
          this.retryTimer = setTimeout(() => this.schedule(), RETRY_FLUSH_MS);
          return;
        }
        for (const w of waiters) w();
        // What came in meanwhile waits for the next entry unless it holds one or someone waits.
        if (!this.bufferNeedsSync && this.flushWaiters.length === 0) break;
      }
      // Waiters who came while the last commit ran, with nothing left to write.
      if (this.buffer.length === 0) for (const w of this.flushWaiters.splice(0)) w();
    } finally {
      this.flushing = undefined;
    }
    if (this.buffer.length > 0) this.armDoneMarks();
  }

  private async commit(lines: string[], needsSync: boolean): Promise<void> {
    const started = performance.now();
    if (this.undone.size === 0 && this.stats.bytes > COMPACT_SLACK_BYTES) {
      // Everything ever journalled is applied: start the file afresh.
      await this.fh.plain.truncate(0);
      await this.fh.plain.datasync();
      this.stats.bytes = 0;
      this.stats.commits++;
      this.stats.lastCommitMs = performance.now() - started;
      return;
    }
    if (this.stats.bytes > this.undoneBytes * 2 + COMPACT_SLACK_BYTES) {
      await this.rewrite();
    } else {
      const data = lines.join('');
      await (needsSync ? this.fh.synced : this.fh.plain).write(data);
      this.stats.bytes += Buffer.byteLength(data);
      this.stats.lines += lines.length;
    }
    this.stats.commits++;
    this.stats.lastCommitMs = performance.now() - started;
  }

  /** Writes the lines still to apply to a new file, then renames it over the journal (atomic). */
  private async rewrite(): Promise<void> {
    const tmp = `${this.file}.tmp`;
    const data = [...this.undone.values()].join('');
    const out = await open(tmp, 'w');
    try {
      await out.write(data);
      await out.datasync();
    } finally {
      await out.close();
    }
    await rename(tmp, this.file);
    const dir = await open(path.dirname(this.file), 'r');
    await dir.sync().finally(() => dir.close());
    await closeHandles(this.fh);
    this.fh = await openHandles(this.file);
    this.stats.bytes = Buffer.byteLength(data);
    this.stats.lines += this.undone.size;
  }
}

function entryLine(e: JournalEntry): string {
  return `${JSON.stringify({ s: e.seq, k: e.key, c: e.command })}\n`;
}

/** Entries without a done mark, in journal order. A torn last line (crash mid-write) is skipped. */
export function parseJournal(
  text: string,
  file: string,
  logger: Logger,
): { pending: JournalEntry[]; maxSeq: number } {
  const entries = new Map<number, JournalEntry>();
  let maxSeq = 0;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = { file, line: i + 1 };
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      const last = i >= lines.length - 2;
      if (last) logger.warn(where, 'journal: torn last line skipped (the process died mid-write)');
      else logger.error(where, 'journal: unreadable line skipped');
      return;
    }
    const r = raw as { s?: unknown; k?: unknown; c?: unknown; d?: unknown };
    if (typeof r.d === 'number') {
      entries.delete(r.d);
      return;
    }
    const command = WriteCommandSchema.safeParse(r.c);
    if (typeof r.s !== 'number' || typeof r.k !== 'string' || !command.success) {
      logger.error(
        { ...where, problem: command.success ? 'no seq or key' : command.error.issues[0]?.message },
        'journal: invalid entry skipped',
      );
      return;
    }
    maxSeq = Math.max(maxSeq, r.s);
    entries.set(r.s, { seq: r.s, key: r.k, command: command.data });
  });
  return { pending: [...entries.values()].sort((a, b) => a.seq - b.seq), maxSeq };
}
