// What a rehearsal shows besides the prompts: where the call went. The rehearsal's queue and
// callback services produce these; the console turns them into lines.
export type RehearsalNote =
  /** The caller was handed to an operator queue (the rehearsal stops there: no operators in it). */
  | {
      kind: 'queue';
      queueId: string;
      urgent: boolean;
      language: string;
      reason: string;
      collected: Readonly<Record<string, string>>;
      /** Urgent callers: the duty endpoint also rung after this long without an operator. */
      duty?: { endpoint: string; afterSec: number };
    }
  | {
      kind: 'callback-booked';
      number: string;
      language: string;
      dueFrom: number;
      dueUntil: number;
      timezone: string;
      /** Why this window (e.g. booked-after-hours). */
      why: string;
    }
  | { kind: 'callback-refused'; number: string; reason: string };

export type NoteSink = (note: RehearsalNote) => void;
