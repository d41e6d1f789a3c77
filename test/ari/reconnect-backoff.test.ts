import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from '../../src/ari/reconnect-backoff.ts';
import { TimeoutError, withTimeout } from '../../src/ari/with-timeout.ts';
import { FakeClock } from '../../src/domain/clock.ts';

describe('ReconnectBackoff', () => {
  it('doubles from 250 ms up to the cap and stays there, forever', () => {
    const b = new ReconnectBackoff({ maxMs: 10_000 });
    const delays = Array.from({ length: 12 }, () => b.failed(0).delayMs);
    expect(delays).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000,
    ]);
    for (let i = 0; i < 1000; i++) expect(b.failed(0).delayMs).toBe(10_000);
  });

  it('starts again from the bottom after a success', () => {
    const b = new ReconnectBackoff({ maxMs: 10_000 });
    b.failed(0);
    b.failed(0);
    expect(b.succeeded()).toBe(2);
    expect(b.failed(0).delayMs).toBe(250);
  });

  it('logs the first failure, one line per backoff step, then one per minute', () => {
    const clock = new FakeClock();
    const b = new ReconnectBackoff({ maxMs: 10_000 });
    const logged: number[] = [];
    const suppressed: number[] = [];
    // Ten minutes of an absent Asterisk, retrying on schedule.
    while (clock.monotonic() < 10 * 60_000) {
      const step = b.failed(clock.monotonic());
      if (step.log) {
        logged.push(clock.monotonic());
        suppressed.push(step.suppressed);
      }
      clock.advance(step.delayMs);
    }
    // 7 steps (250 … 10000), then one line per minute for the remaining ~9.7 minutes.
    expect(logged.slice(0, 7)).toEqual([0, 250, 750, 1750, 3750, 7750, 15_750]);
    const quiet = logged.slice(7);
    expect(quiet.length).toBeGreaterThanOrEqual(9);
    expect(quiet.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < quiet.length; i++) expect(quiet[i]! - quiet[i - 1]!).toBeGreaterThanOrEqual(60_000);
    expect(quiet[0]! - 15_750).toBeGreaterThanOrEqual(60_000);
    // Each quiet line says how many failures it stands for.
    expect(suppressed.slice(8).every((n) => n === 5)).toBe(true);
  });

  it('respects a small cap', () => {
    const b = new ReconnectBackoff({ maxMs: 100 });
    expect([b.failed(0).delayMs, b.failed(0).delayMs]).toEqual([100, 100]);
  });
});

describe('withTimeout', () => {
  it('rejects with TimeoutError when the clock passes the limit', async () => {
    const clock = new FakeClock();
    const never = new Promise<string>(() => {});
    const result = withTimeout(never, 4000, clock).catch((e: unknown) => e);
    clock.advance(3999);
    await Promise.resolve();
    expect(clock.pendingCount).toBe(1);
    clock.advance(1);
    expect(await result).toBeInstanceOf(TimeoutError);
  });

  it('settles with the work and clears its timer', async () => {
    const clock = new FakeClock();
    await expect(withTimeout(Promise.resolve(7), 4000, clock)).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('x')), 4000, clock)).rejects.toThrow('x');
    expect(clock.pendingCount).toBe(0);
  });

  it('swallows a rejection that arrives after the timeout', async () => {
    const clock = new FakeClock();
    let rejectLate: (e: Error) => void = () => {};
    const late = new Promise<never>((_, reject) => {
      rejectLate = reject;
    });
    const result = withTimeout(late, 10, clock).catch((e: unknown) => e);
    clock.advance(10);
    expect(await result).toBeInstanceOf(TimeoutError);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    rejectLate(new Error('late'));
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
