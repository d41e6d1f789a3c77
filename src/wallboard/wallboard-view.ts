// Pure (no I/O, no clock): what the wallboard stream sends — the callers waiting and the operators,
// in the shapes of GET /api/queue and GET /api/operators — and the key that says whether anything a
// supervisor sees has changed. Waited and weekly times grow by themselves; the page counts them
// from `at`, so they are sent but are not a change.
import type { QueueSnapshot } from '../queue/index.ts';

const iso = (t: number) => new Date(t).toISOString();

export function wallboardView(snap: QueueSnapshot) {
  return {
    at: iso(snap.at),
    waiting: snap.waiting.map((w) => ({
      ...w,
      joinedAt: iso(w.joinedAt),
      waitedSec: Math.round(w.waitedMs / 100) / 10,
    })),
    operators: snap.operators.map((o) => ({
      ...o,
      since: iso(o.since),
      wrapUpUntil: o.wrapUpUntil === undefined ? undefined : iso(o.wrapUpUntil),
      weeklyHours: Math.round((o.weeklySeconds / 3600) * 100) / 100,
    })),
  };
}

export type WallboardView = ReturnType<typeof wallboardView>;

/** Equal keys: nothing on the board moved but the clocks. */
export function changeKey(snap: QueueSnapshot): string {
  return JSON.stringify([
    snap.waiting.map((w) => [w.callId, w.position, w.ringing ?? '', w.urgent, w.reason, w.language]),
    snap.operators.map((o) => [
      o.id,
      o.state,
      o.reason ?? '',
      o.since,
      o.callId ?? '',
      o.callbackId ?? '',
      o.nearCap,
      o.atCap,
    ]),
  ]);
}
