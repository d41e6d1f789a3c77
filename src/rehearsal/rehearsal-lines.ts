// The rehearsal as a person reads it: one short line per thing the caller hears or does, and
// where the call went.
import { DateTime } from 'luxon';
import type { RehearsalEvent, RehearsalSummary } from './rehearsal.ts';
import type { RehearsalNote } from './rehearsal-notes.ts';

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function when(ms: number, zone: string, format: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat(format);
}

export function noteLines(n: RehearsalNote): string[] {
  switch (n.kind) {
    case 'queue': {
      // What the caller chose and keyed stays on the → line: it is what the operator is shown.
      const keyed = Object.entries(n.collected).map(([k, v]) => `, ${k}=${v}`);
      const lines = [
        `→ operator queue '${n.queueId}' (urgent: ${yesNo(n.urgent)}, language ${n.language}, reason ${n.reason}${keyed.join('')})`,
      ];
      if (n.duty)
        lines.push(
          `  escalated at once; ${n.duty.endpoint} rings too if no operator answers in ${n.duty.afterSec} s`,
        );
      return lines;
    }
    case 'callback-booked':
      return [
        `→ callback booked to ${n.number}, due ${when(n.dueFrom, n.timezone, 'ccc d LLL HH:mm')}` +
          `–${when(n.dueUntil, n.timezone, 'HH:mm')} ${n.timezone} (${n.why}, language ${n.language})`,
      ];
    case 'callback-refused':
      return [`→ callback to ${n.number} refused: ${n.reason}`];
  }
}

function outcomeText(s: RehearsalSummary): string {
  const d = s.destination;
  if (d?.kind === 'queue') return `to an operator (queue '${d.queueId}'${d.urgent ? ', urgent' : ''})`;
  if (d?.kind === 'transfer') return `put through to ${d.endpoint}`;
  if (d?.kind === 'callback-booked') return 'callback booked';
  switch (s.outcome) {
    case 'goodbye':
      return 'goodbye';
    case 'referred':
      return 'referred to another body';
    case 'no-input':
      return 'no key pressed: goodbye';
    case 'invalid-input':
      return 'no valid key: goodbye';
    case 'callback-refused':
      return 'callback refused';
    case 'caller-hung-up':
      return 'you hung up';
    default:
      return s.outcome;
  }
}

export function eventLines(e: RehearsalEvent): string[] {
  switch (e.kind) {
    case 'heard':
      return [e.text ? `♪ ${e.label}  “${e.text}”` : `♪ ${e.label}`];
    case 'pressed':
      return [e.keys === 'q' ? '▸ q (hang up)' : `▸ ${e.keys.split('').join(' ')}`];
    case 'your-turn':
      return ['  … your turn (a key, or q to hang up)'];
    case 'note':
      return noteLines(e.note);
    case 'transfer':
      return [`→ put through to ${e.endpoint}`];
    case 'transfer-answered':
      return ['  the other side answered; the rehearsal ends here'];
    case 'ended':
      return [`Call ended after ${e.summary.seconds} s: ${outcomeText(e.summary)}`];
  }
}
