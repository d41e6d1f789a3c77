// What a call session asks the engine runtime to do. The runtime executes them in order through
// the telephony port (and the queue / callback services) and feeds the outcomes back as events.
import type { Brand, PlaybackId } from '../domain/ids.ts';
import type { SurveyAnswer, SurveyQuestion } from '../survey/survey-config.ts';

export type TimerId = Brand<string, 'TimerId'>;
export const TimerId = (s: string) => s as TimerId;

/** What the caller hears about an appeal (times in epoch ms). */
export interface AppealStatusAnswer {
  status:
    | 'registered'
    | 'answered-directly'
    | 'forwarded'
    | 'in-review'
    | 'answered'
    | 'closed'
    | 'referred-elsewhere'
    | 'left-unexamined-repeated';
  /** End (exclusive) of the last working day allowed. */
  deadline: number;
  resultAt?: number;
}

export type HangupOutcome =
  | 'goodbye'
  | 'no-input'
  | 'invalid-input'
  | 'referred'
  | 'callback-booked'
  | 'callback-refused'
  /** The conversation with the operator (and any survey after it) is over. */
  | 'operator';

export type SessionCommand =
  /** Play media (`sound:…`, `digits:…`, `number:…`) on the caller's channel. */
  | { type: 'play'; playbackId: PlaybackId; media: string[]; language: string }
  | { type: 'stop-playback'; playbackId: PlaybackId }
  | { type: 'start-timer'; timerId: TimerId; ms: number }
  | { type: 'cancel-timer'; timerId: TimerId }
  /**
   * Hand the caller to the service's operator queue. `collected` carries what the caller keyed in
   * on input nodes (e.g. an appeal number) for the operator's screen.
   */
  | {
      type: 'enqueue';
      urgent: boolean;
      language: string;
      reason: string;
      /** Menu node ids from the root to the node the caller left from. */
      menuPath: readonly string[];
      collected: Readonly<Record<string, string>>;
    }
  /** Take the caller out of the queue (they pressed the queue's callback key). */
  | { type: 'leave-queue'; reason: 'callback-requested' }
  /** Urgent matter: raise an escalation at once (the caller is also enqueued as urgent). */
  | { type: 'escalate'; reason: string }
  /** Find the appeal the caller keyed (`digits`); answered by appeal-status / appeal-status-failed. */
  | { type: 'lookup-appeal'; digits: string }
  /** Book a callback to this (already validated) number; answered by callback-booked/-refused. */
  | { type: 'book-callback'; number: string; language: string }
  /**
   * Refer with transfer: put the caller through to the other body; the session is over.
   * `destination` is the endpoint the YAML names, `number` the body's number.
   */
  | { type: 'transfer'; destination: string; number: string }
  | { type: 'hangup'; outcome: HangupOutcome }
  /** Store a post-call survey answer (with the call, its operator and its appeal). */
  | { type: 'survey-answer'; question: SurveyQuestion; answer: SurveyAnswer }
  | { type: 'log'; level: 'debug' | 'info' | 'warn'; msg: string; data?: Record<string, unknown> };
