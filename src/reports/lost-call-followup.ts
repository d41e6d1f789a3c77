// Pure (no I/O, no clock): what became of one lost call, the regulatory figure. The rule: a caller
// who waited more than 10 s and hung up, and did not call again, is called back the same day.
// Days are local days of the service's zone.
import { localDay } from './report-period.ts';

export const LOST_CALL_FOLLOWUPS = ['same-day', 'called-again', 'later', 'pending', 'never'] as const;
export type LostCallFollowup = (typeof LOST_CALL_FOLLOWUPS)[number];

export interface LostCallFacts {
  hungUpAt: Date;
  /** When its callback first reached the citizen (null: never reached). */
  reachedAt: Date | null;
  /** The callback is still scheduled or being dialled. */
  callbackOpen: boolean;
  /** The first later call of the same number to the service that was served (operator or booking). */
  calledAgainAt: Date | null;
}

/**
 * same-day: the callback reached the citizen on the day they hung up;
 * called-again: not reached that day, but the citizen called again that day and was served
 *   (no callback is owed then);
 * later: reached on a later day;
 * pending: not reached yet, the callback still open (only for a period still running);
 * never: none of these (no callback, or it failed, expired or was cancelled).
 */
export function lostCallFollowup(f: LostCallFacts, zone: string): LostCallFollowup {
  const day = localDay(f.hungUpAt, zone);
  if (f.reachedAt && localDay(f.reachedAt, zone) === day) return 'same-day';
  if (f.calledAgainAt && localDay(f.calledAgainAt, zone) === day) return 'called-again';
  if (f.reachedAt) return 'later';
  if (f.callbackOpen) return 'pending';
  return 'never';
}
