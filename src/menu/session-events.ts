// What the engine runtime feeds a call session: telephony facts (keys, prompts ending, the caller
// hanging up), its own timers firing, and the answers to commands it executed (callback booking).
import type { PlaybackId } from '../domain/ids.ts';
import type { AppealStatusAnswer, TimerId } from './session-commands.ts';

export type SessionEvent =
  | { type: 'prompt-finished'; playbackId: PlaybackId }
  /** The prompt could not be played (missing file…): the session carries on as if it had ended. */
  | { type: 'prompt-failed'; playbackId: PlaybackId }
  | { type: 'dtmf'; digit: string }
  | { type: 'timer'; timerId: TimerId }
  | { type: 'caller-hung-up' }
  /** Answer to `book-callback`: the callback is stored and due from this instant (epoch ms). */
  | { type: 'callback-booked'; dueFrom: number }
  /** Answer to `book-callback`: not booked (e.g. one is already open for this number). */
  | { type: 'callback-refused'; reason: string }
  /** An operator answered: the call is theirs now, the session ignores keys from here on. */
  | { type: 'operator-connected' }
  /** The operator hung up first; the caller is still on the line (the post-call survey may follow). */
  | { type: 'operator-left' }
  /**
   * Live hours began or ended during the call (the runtime checks before each key and silence):
   * where 0 leads is decided when it is pressed, not when the call arrived.
   */
  | { type: 'hours'; live: boolean }
  /** Answer to `lookup-appeal`: the appeal's status, or `undefined` when no appeal has that number. */
  | { type: 'appeal-status'; found: AppealStatusAnswer | undefined }
  /** Answer to `lookup-appeal`: the registry could not be asked (database down…). */
  | { type: 'appeal-status-failed' }
  /** The transfer to another body failed (busy, no answer, unreachable): back to the menu. */
  | { type: 'transfer-failed'; reason: string }
  /** The queue cannot take the caller: no operator is logged in at all. Offer a callback instead. */
  | { type: 'queue-unavailable' };
