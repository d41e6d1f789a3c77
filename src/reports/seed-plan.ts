// Pure (no I/O, no clock): the scripted traffic of one simulated day for `cagri seed-history` —
// when each citizen calls and what they will do — from a seeded random source, so the same seed
// gives the same month. Working days are busy in live hours with a few evening calls; days off
// are quiet and all after hours.

export type CallPlan =
  /** Listens to the menu for `listenSec`, then hangs up. */
  | { kind: 'menu-only'; at: number; number: string; listenSec: number }
  /** Presses 0; an operator answers after `ringSec` and talks `talkSec`; then rates (or not). */
  | {
      kind: 'answered';
      at: number;
      number: string;
      ringSec: number;
      talkSec: number;
      rating?: string;
    }
  /** Presses 0 and hangs up after `patienceSec` (≤ 10 s: a short abandon; more: a lost call). */
  | { kind: 'abandons'; at: number; number: string; patienceSec: number }
  /** Presses 0, then the queue's callback key, and books a callback to their own number. */
  | { kind: 'queue-callback'; at: number; number: string }
  /** Asks about another body's matter and is referred (main menu 1 → 3 → 1). */
  | { kind: 'referred'; at: number; number: string }
  /** Chooses the urgent matter (main menu 3): escalated and put through to an operator first. */
  | { kind: 'urgent'; at: number; number: string }
  /** Outside live hours: books a callback in the after-hours menu. */
  | { kind: 'after-hours-booking'; at: number; number: string };

export interface DayShape {
  /** Epoch ms of the local day's start and of its live window (none on days off). */
  dayStart: number;
  live?: { from: number; until: number };
  callsPerDay: number;
}

/** mulberry32: a small, good-enough seeded generator. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HOUR = 3_600_000;

/** The day's calls in time order; numbers are Azerbaijani mobiles, a few calling twice. */
export function planDay(day: DayShape, random: () => number): CallPlan[] {
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const whole = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  const number = () => `050${String(whole(1_000_000, 9_999_999))}`;
  const plans: CallPlan[] = [];
  const live = day.live;
  const count = live ? day.callsPerDay : Math.round(day.callsPerDay * 0.1);
  for (let i = 0; i < count; i++) {
    const inHours = live !== undefined && random() < 0.9;
    const at = inHours
      ? Math.floor(between(live.from + 60_000, live.until - 20 * 60_000))
      : eveningOrNight(day, random);
    const n = number();
    const r = random();
    if (!inHours) {
      plans.push(
        r < 0.35
          ? { kind: 'after-hours-booking', at, number: n }
          : { kind: 'menu-only', at, number: n, listenSec: whole(4, 20) },
      );
    } else if (r < 0.17) plans.push({ kind: 'menu-only', at, number: n, listenSec: whole(4, 20) });
    else if (r < 0.195) plans.push({ kind: 'referred', at, number: n });
    else if (r < 0.2) plans.push({ kind: 'urgent', at, number: n });
    else if (r < 0.25) plans.push({ kind: 'abandons', at, number: n, patienceSec: whole(2, 10) });
    else if (r < 0.32) plans.push({ kind: 'abandons', at, number: n, patienceSec: between(10.5, 13.5) });
    else if (r < 0.36) plans.push({ kind: 'queue-callback', at, number: n });
    else {
      const rated = random();
      plans.push({
        kind: 'answered',
        at,
        number: n,
        ringSec: whole(1, 12),
        talkSec: whole(30, 300),
        ...(rated < 0.7 && {
          rating: String(rated < 0.35 ? 5 : rated < 0.55 ? 4 : rated < 0.65 ? 3 : whole(1, 2)),
        }),
      });
    }
  }
  return plans.sort((a, b) => a.at - b.at);
}

/** A time outside live hours: the evening or the early morning of the same local day. */
function eveningOrNight(day: DayShape, random: () => number): number {
  const from = day.live ? day.live.until + 5 * 60_000 : day.dayStart + 8 * HOUR;
  const until = day.dayStart + 23 * HOUR;
  return Math.floor(from + random() * Math.max(0, until - from));
}
