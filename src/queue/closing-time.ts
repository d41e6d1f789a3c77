// Pure: when the closing-time check of a service runs next. The queue is told "hours ended" by a
// timer at the edge (src/engine/closing-watch.ts), set for the end of the live period in force
// (or of the next one, when closed now). A 24/7 service's periods end at local midnight, where
// the check finds it still live and simply sets the next one.
import type { ServiceCalendar } from '../calendar/service-calendar.ts';

export type ClosingCalendar = Pick<ServiceCalendar, 'isLive' | 'closesAt' | 'nextOpening'>;

/** The next instant after `t` at which live hours end, or null when the service never opens. */
export function nextClosing(calendar: ClosingCalendar, t: number): number | null {
  const now = calendar.closesAt(t);
  if (now !== null && now > t) return now;
  try {
    const opening = calendar.nextOpening(now ?? t);
    return calendar.closesAt(opening);
  } catch {
    return null; // CalendarNeverOpensError: nothing to close
  }
}
