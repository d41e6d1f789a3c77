// The write journal: what is appended survives the process (synced, group-committed), what is
// marked done is not replayed (its mark riding with the next entry's commit), a torn last line is skipped, and a fully applied journal shrinks.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEAD_LETTER_FILE, DurableWrites } from '../../src/durability/durable-writes.ts';
import { JOURNAL_FILE, JournalFile } from '../../src/durability/journal-file.ts';
import type { WriteCommand } from '../../src/durability/write-commands.ts';
import { createLogger } from '../../src/log/logger.ts';

const logger = createLogger({ level: 'silent' });
const dir = () => mkdtempSync(path.join(tmpdir(), 'cagri-journal-'));
const ended = (i: number): WriteCommand => ({
  type: 'call-ended',
  callId: `call-${i}`,
  at: 1_700_000_000_000 + i,
  cause: 'caller-hangup',
  outcome: 'menu',
});

describe('journal file', () => {
  it('replays exactly the entries not marked done, in order; a torn last line is skipped', async () => {
    const d = dir();
    const { journal } = await JournalFile.open(d, logger);
    const entries = [1, 2, 3, 4, 5].map((i) => journal.append(`k${i % 2}`, ended(i)));
    journal.markDone(entries[1]!.seq);
    journal.markDone(entries[3]!.seq);
    await journal.close();
    await appendFile(path.join(d, JOURNAL_FILE), '{"s":99,"k":"x","c":{"type":"call-en'); // died mid-write

    const { journal: again, pending } = await JournalFile.open(d, logger);
    expect(pending.map((e) => [e.key, (e.command as { callId: string }).callId])).toEqual([
      ['k1', 'call-1'],
      ['k1', 'call-3'],
      ['k1', 'call-5'],
    ]);
    expect(again.append('k', ended(6)).seq).toBe(6); // numbering goes on after the replayed ones
    await again.close();
  });

  it('group commit: 10,000 appends in one turn of the event loop cost a handful of fsyncs', async () => {
    const { journal } = await JournalFile.open(dir(), logger);
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) journal.append(`call-${i}`, ended(i));
    const appendMs = performance.now() - t0;
    await journal.sync();
    const totalMs = performance.now() - t0;
    console.log(
      `journal group commit: 10000 appends in ${appendMs.toFixed(1)} ms on the event loop, ` +
        `${journal.stats.commits} fsync(s), durable after ${totalMs.toFixed(1)} ms ` +
        `(${((totalMs / 10_000) * 1000).toFixed(1)} µs a write)`,
    );
    expect(journal.stats.commits).toBeLessThanOrEqual(2);
    expect(journal.stats.lines).toBe(10_000);
    await journal.close();
  });

  it('a done mark costs no commit of its own: it rides with the next entry, or goes within a second', async () => {
    const d = dir();
    const file = () => readFileSync(path.join(d, JOURNAL_FILE), 'utf8');
    const { journal } = await JournalFile.open(d, logger);
    const [a, b] = [journal.append('k', ended(1)), journal.append('k', ended(2))];
    await journal.sync();
    const commits = journal.stats.commits;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      journal.markDone(a.seq);
      // Two turns: had the mark scheduled a commit of its own, it would be under way by now.
      for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
      journal.append('k', ended(3));
      await journal.sync();
      expect(journal.stats.commits).toBe(commits + 1);
      expect(file()).toContain(`{"d":${a.seq}}`);

      journal.markDone(b.seq);
      vi.advanceTimersByTime(999);
      for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
      expect(journal.stats.commits).toBe(commits + 1);
      vi.advanceTimersByTime(1);
      await vi.waitFor(() => expect(file()).toContain(`{"d":${b.seq}}`), { timeout: 2000 });
      expect(journal.stats.commits).toBe(commits + 2);
    } finally {
      vi.useRealTimers();
    }
    await journal.close();
    const { journal: again, pending } = await JournalFile.open(d, logger);
    expect(pending.map((e) => e.seq)).toEqual([3]);
    await again.close();
  });

  it('a journal with everything applied is emptied instead of growing for ever', async () => {
    const d = dir();
    const { journal } = await JournalFile.open(d, logger);
    // ~1.3 MB of applied writes: past the compaction threshold.
    for (let round = 0; round < 13; round++) {
      const batch = Array.from({ length: 1000 }, (_, i) => journal.append('k', ended(round * 1000 + i)));
      await journal.sync();
      for (const e of batch) journal.markDone(e.seq);
      await journal.sync();
    }
    journal.append('k', ended(1)); // the next commit finds nothing pending: the file starts afresh
    await journal.sync();
    expect(statSync(path.join(d, JOURNAL_FILE)).size).toBeLessThan(1024 * 1024);
    await journal.close();
    const { journal: again, pending } = await JournalFile.open(d, logger);
    expect(pending).toHaveLength(1);
    await again.close();
  });

  it('an invalid entry (edited by hand) is reported and skipped, the rest replayed', async () => {
    const d = dir();
    writeFileSync(
      path.join(d, JOURNAL_FILE),
      `{"s":1,"k":"a","c":{"type":"call-answered","callId":"c1","at":1}}\n` +
        `{"s":2,"k":"a","c":{"type":"no-such-write"}}\n` +
        `{"s":3,"k":"a","c":{"type":"call-answered","callId":"c3","at":3}}\n`,
    );
    const { journal, pending } = await JournalFile.open(d, logger);
    expect(pending.map((e) => e.seq)).toEqual([1, 3]);
    await journal.close();
  });
});

describe('durable writes', () => {
  it('retries while the database is away, in order per key, and applies everything once it is back', async () => {
    const d = dir();
    const writes = await DurableWrites.open(d, logger, { minDelayMs: 5, maxDelayMs: 20 });
    let up = false;
    let failures = 0;
    const applied: string[] = [];
    writes.start(async (c) => {
      if (!up) {
        failures++;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      }
      applied.push((c as { callId: string }).callId);
    });
    for (let i = 0; i < 6; i++) writes.enqueue(`k${i % 2}`, ended(i));
    await new Promise((r) => setTimeout(r, 100)); // an outage of any length: here 100 ms
    expect(writes.backlog).toBe(6);
    expect(failures).toBeGreaterThan(1);
    up = true;
    await writes.idle();
    expect(writes.backlog).toBe(0);
    expect(applied.filter((id) => ['call-0', 'call-2', 'call-4'].includes(id))).toEqual([
      'call-0',
      'call-2',
      'call-4',
    ]);
    expect([...applied].sort()).toEqual(['call-0', 'call-1', 'call-2', 'call-3', 'call-4', 'call-5']);
    await writes.close();
  });

  it('what a crashed process left unapplied is applied by the next one, before its own writes', async () => {
    const d = dir();
    const first = await DurableWrites.open(d, logger);
    first.enqueue('k', ended(1));
    first.enqueue('k', ended(2));
    await first.sync(); // journalled; the process dies before applying (never started)

    const second = await DurableWrites.open(d, logger);
    expect(second.backlog).toBe(2);
    second.enqueue('k', ended(3));
    const applied: string[] = [];
    second.start(async (c) => {
      applied.push((c as { callId: string }).callId);
    });
    await second.idle();
    expect(applied).toEqual(['call-1', 'call-2', 'call-3']);
    await second.close();
    const third = await DurableWrites.open(d, logger);
    expect(third.backlog).toBe(0);
    await third.close();
  });

  it('a write the database rejects as invalid is logged and kept in the dead-letter file, not retried for ever', async () => {
    const d = dir();
    const writes = await DurableWrites.open(d, logger);
    writes.start(async (c) => {
      if ((c as { callId: string }).callId === 'call-1') {
        throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
      }
    });
    writes.enqueue('k', ended(1));
    writes.enqueue('k', ended(2));
    await writes.idle();
    const dead = readFileSync(path.join(d, DEAD_LETTER_FILE), 'utf8').trim().split('\n');
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!).command.callId).toBe('call-1');
    await writes.close();
  });

  it('a heartbeat waiting its turn is superseded by the newer one', async () => {
    const writes = DurableWrites.inMemory(logger);
    for (let i = 0; i < 100; i++) writes.enqueueLatest('hb', { type: 'live-heartbeat', at: i });
    const applied: number[] = [];
    writes.start(async (c) => {
      if (c.type === 'live-heartbeat') applied.push(c.at);
    });
    await writes.idle();
    expect(applied).toEqual([0, 99]);
  });
});
