// Collects a port's events and lets a test wait for one (with a timeout, never a sleep).
import type { TelephonyEvent, TelephonyPort } from '../../src/telephony/telephony-port.ts';

type Waiter = { match: (e: TelephonyEvent) => boolean; resolve: (e: TelephonyEvent) => void };

export class EventRecorder {
  readonly events: TelephonyEvent[] = [];
  private waiters: Waiter[] = [];
  /** Index from which `next` looks; moves past each event `next` returns. */
  private cursor = 0;
  readonly stop: () => void;

  constructor(port: Pick<TelephonyPort, 'onEvent'>) {
    this.stop = port.onEvent((e) => {
      this.events.push(e);
      for (const w of [...this.waiters]) {
        if (w.match(e)) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(e);
        }
      }
    });
  }

  /** The first event matching, already recorded or still to come. */
  waitFor<T extends TelephonyEvent['type']>(
    type: T,
    where: (e: Extract<TelephonyEvent, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<TelephonyEvent, { type: T }>> {
    const match = (e: TelephonyEvent) => e.type === type && where(e as Extract<TelephonyEvent, { type: T }>);
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen as Extract<TelephonyEvent, { type: T }>);
    return this.wait(match, `${type}`, timeoutMs) as Promise<Extract<TelephonyEvent, { type: T }>>;
  }

  /** The next matching event after the previous `next` (ignores older ones). */
  async next<T extends TelephonyEvent['type']>(
    type: T,
    where: (e: Extract<TelephonyEvent, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<TelephonyEvent, { type: T }>> {
    const match = (e: TelephonyEvent) => e.type === type && where(e as Extract<TelephonyEvent, { type: T }>);
    const idx = this.events.findIndex((e, i) => i >= this.cursor && match(e));
    if (idx >= 0) {
      this.cursor = idx + 1;
      return this.events[idx] as Extract<TelephonyEvent, { type: T }>;
    }
    const e = await this.wait(match, type, timeoutMs);
    this.cursor = this.events.lastIndexOf(e) + 1;
    return e as Extract<TelephonyEvent, { type: T }>;
  }

  /** Events for one channel, in order (for ordering assertions). */
  forChannel(channelId: string): TelephonyEvent[] {
    return this.events.filter(
      (e) =>
        ('channelId' in e && e.channelId === channelId) ||
        (e.type === 'channel-entered' && e.channel.id === channelId),
    );
  }

  private wait(
    match: (e: TelephonyEvent) => boolean,
    what: string,
    timeoutMs: number,
  ): Promise<TelephonyEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.events.map((e) => e.type).join(', ');
        reject(new Error(`no ${what} event within ${timeoutMs} ms; seen: ${seen || 'none'}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      this.waiters.push(waiter);
    });
  }
}
