// Time is injected everywhere: production uses the system clock, tests and `--at` rehearsals
// use a clock they control. Pure code only ever receives timestamps; timers live at the edges.

export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Wall-clock time, epoch milliseconds (for records, calendars, working hours). */
  now(): number;
  /** Monotonic milliseconds, for measuring durations (waits, ring timeouts); never jumps back. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** The real clock, optionally shifted so that `now()` starts at a chosen instant (`--at`). */
export class SystemClock implements Clock {
  private readonly offsetMs: number;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  constructor(startAt?: number) {
    this.offsetMs = startAt === undefined ? 0 : startAt - Date.now();
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  monotonic(): number {
    return performance.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(
      () => {
        this.timers.delete(id);
        fn();
      },
      Math.max(0, ms),
    );
    t.unref?.();
    this.timers.set(id, t);
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const t = this.timers.get(handle.id);
    if (t) clearTimeout(t);
    this.timers.delete(handle.id);
  }
}

interface PendingTimer {
  id: number;
  due: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told to. Timers fire in due order (ties in creation order),
 * and a timer set while advancing fires in the same advance if it falls due.
 */
export class FakeClock implements Clock {
  private wall: number;
  private mono = 0;
  private seq = 0;
  private nextId = 1;
  private pending: PendingTimer[] = [];

  constructor(startAt: number | string = '2026-12-01T09:00:00+04:00') {
    this.wall = typeof startAt === 'number' ? startAt : Date.parse(startAt);
    if (Number.isNaN(this.wall)) throw new Error(`FakeClock: not a date: ${String(startAt)}`);
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.pending.push({ id, due: this.mono + Math.max(0, ms), seq: this.seq++, fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    this.pending = this.pending.filter((t) => t.id !== handle.id);
  }

  /** Timers not yet fired. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.mono + ms;
    while (this.fireNext(target)) {
      // each pass fires one timer, in due order
    }
    this.moveTo(target);
  }

  /** Moves time forward, yielding to the event loop between timers so I/O can settle. */
  async advanceAsync(ms: number, settle: () => Promise<void> = flushIo): Promise<void> {
    const target = this.mono + ms;
    await settle();
    while (this.fireNext(target)) await settle();
    this.moveTo(target);
    await settle();
  }

  /** Fires the earliest timer due by `limit`, moving time to it; false when none is due. */
  private fireNext(limit: number): boolean {
    const next = this.nextDue(limit);
    if (!next) return false;
    this.pending = this.pending.filter((t) => t !== next);
    this.moveTo(next.due);
    next.fn();
    return true;
  }

  private moveTo(mono: number): void {
    this.wall += mono - this.mono;
    this.mono = mono;
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.pending) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

function flushIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
