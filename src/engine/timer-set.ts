// Named timers on the injected clock, so pure machines can ask for `start-timer {timerId, ms}`
// and get a `timer {timerId}` event back. Starting an id again replaces the earlier timer.
import type { Clock, TimerHandle } from '../domain/clock.ts';

export class TimerSet<Id extends string = string> {
  private readonly timers = new Map<Id, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly fire: (timerId: Id) => void,
  ) {}

  start(timerId: Id, ms: number): void {
    this.cancel(timerId);
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(timerId);
      this.fire(timerId);
    }, ms);
    this.timers.set(timerId, handle);
  }

  cancel(timerId: Id): void {
    this.clock.clearTimeout(this.timers.get(timerId));
    this.timers.delete(timerId);
  }

  cancelAll(): void {
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
