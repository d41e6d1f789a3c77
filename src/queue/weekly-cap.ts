// The 36-hour week enforced: an operator who reaches the cap is paused with reason `weekly-cap`
// (a call in progress finishes first: the pause comes when the work ends), logging in or
// unpausing at the cap is refused, and a warning is raised when the warning threshold is
// crossed. The machine keeps one timer per live operator for the instant the next threshold is
// reached, so this happens on time even when nothing else does.
import { DateTime } from 'luxon';
import type { OperatorId } from '../domain/ids.ts';
import { isLive } from './operator-state.ts';
import { type Draft, timerIds } from './queue-draft.ts';
import type { QueueState } from './queue-state.ts';
import { type WeeklyStatus, weeklyStatus } from './weekly-service-time.ts';
import { operatorZone } from './weekly-zone.ts';

export const WEEKLY_CAP_REASON = 'weekly-cap';

/** The operator's limits: the strictest of the queues they serve. */
export function limitsOf(state: QueueState, operatorId: OperatorId): { capHours: number; warnHours: number } {
  const cfg = state.setup.operators.get(operatorId);
  const queues = (cfg?.queues ?? []).flatMap((id) => {
    const q = state.setup.queues.get(id);
    return q ? [q] : [];
  });
  if (queues.length === 0) return { capHours: 36, warnHours: 32 };
  return {
    capHours: Math.min(...queues.map((q) => q.weeklyCapHours)),
    warnHours: Math.min(...queues.map((q) => q.weeklyWarnHours)),
  };
}

export function weekOf(state: QueueState, operatorId: OperatorId): WeeklyStatus {
  return weeklyStatus(
    state.live.get(operatorId) ?? [],
    state.now,
    operatorZone(state.setup, operatorId),
    limitsOf(state, operatorId),
  );
}

/** Why logging in (or unpausing) is refused now, if it is. */
export function refuseAtCap(state: QueueState, operatorId: OperatorId): string | undefined {
  const week = weekOf(state, operatorId);
  if (!week.atCap) return undefined;
  const { capHours } = limitsOf(state, operatorId);
  const hours = Math.round((week.seconds / 3600) * 10) / 10;
  const zone = operatorZone(state.setup, operatorId);
  return (
    `operator ${operatorId} has reached the weekly cap of ${capHours} h ` +
    `(${hours} h of live service this week, counted in ${zone}); ` +
    `they can log in again when the next week starts (${DateTime.fromMillis(week.week.end, { zone }).toISO()})`
  );
}

/**
 * After every event: pause operators who are free (available, wrap-up) and at the cap, warn
 * those who crossed the warning threshold, and keep a timer on the next threshold of every live
 * operator. Ringing and talking operators are left alone: the pause follows when that work ends.
 */
export function enforceWeeklyCap(d: Draft): void {
  const state = d.view();
  for (const op of d.operators.values()) {
    const kind = op.status.kind;
    const timerId = timerIds.cap(op.id);
    if (!isLive(kind)) {
      d.cancelTimer(timerId);
      continue;
    }
    const week = weekOf(state, op.id);
    const { capHours, warnHours } = limitsOf(state, op.id);
    if (week.atCap) {
      if (kind === 'available' || kind === 'wrap-up') {
        d.cancelTimer(timerIds.wrapUp(op.id));
        d.cancelTimer(timerId);
        d.applyOperator(op.id, { kind: 'pause', reason: WEEKLY_CAP_REASON });
      }
      continue;
    }
    if (d.timers.has(timerId)) continue;
    const warnMs = warnHours * 3600_000 - week.seconds * 1000;
    const capMs = capHours * 3600_000 - week.seconds * 1000;
    const warnNext = warnMs > 0;
    d.startTimer(
      timerId,
      warnNext ? { kind: 'cap-warn', operatorId: op.id } : { kind: 'cap', operatorId: op.id },
      // A week boundary resets the count: never sleep past the end of this week.
      Math.min(warnNext ? warnMs : capMs, week.week.end - state.now),
    );
  }
}

/** The operator's threshold timer fired: warn if the warning threshold is crossed now. */
export function capTimerFired(d: Draft, operatorId: OperatorId, kind: 'cap' | 'cap-warn'): void {
  if (kind !== 'cap-warn') return; // the cap itself is enforced by the pass after every event
  const week = weekOf(d.view(), operatorId);
  if (!week.nearCap || week.atCap) return;
  const { capHours } = limitsOf(d.view(), operatorId);
  d.emit({
    type: 'weekly-cap-warning',
    operatorId,
    weeklySeconds: week.seconds,
    capHours,
  });
}
