// The 10-second rule: a caller who waited MORE than the threshold (measured on a monotonic
// clock from joining the queue) and hung up before reaching an operator is a lost call and
// is called back the same day; one who waited the threshold or less is a short abandon.

export type AbandonKind = 'lost' | 'short-abandon';

export const DEFAULT_LOST_CALL_THRESHOLD_SEC = 10;

export function classifyAbandon(
  waitedMs: number,
  thresholdSec: number = DEFAULT_LOST_CALL_THRESHOLD_SEC,
): AbandonKind {
  // Whole milliseconds, so 10.0 s measured as 10000.0000001 by float arithmetic is not "more".
  return Math.round(waitedMs) > Math.round(thresholdSec * 1000) ? 'lost' : 'short-abandon';
}

/**
 * The wait of a caller whose hangup was found after an engine restart: measured from the
 * persisted joining time to the hangup time, never negative.
 */
export function waitedAcrossRestart(joinedWall: number, hungUpWall: number): number {
  return Math.max(0, hungUpWall - joinedWall);
}
