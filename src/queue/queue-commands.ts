// What the queue machine asks the runtime to do (telephony port, Postgres, timers, webhook).
import type { CallbackId, CallId, OperatorId } from '../domain/ids.ts';
import type { CallerChoice } from './caller-choice.ts';
import type { OperatorStatusKind } from './operator-state.ts';
import type { QueueId } from './queue-config.ts';

export interface CallerRecord {
  readonly callId: CallId;
  readonly queueId: QueueId;
  readonly callerNumber: string;
  readonly language: string;
  readonly waitedMs: number;
  /** 1-based place in the queue at the moment the caller hung up. */
  readonly position: number;
  /** Wall ms of the hangup. */
  readonly at: number;
  /** An urgent caller (called back at once, at any hour, whatever the wait). */
  readonly urgent?: boolean;
}

/** Which rung of the urgent ladder, in which pass, as the `attempt`-th rung rung for a caller. */
export interface RungRef {
  readonly attempt: number;
  readonly round: number;
  readonly rung: number;
  readonly endpoint: string;
  readonly name?: string;
}

/** `cancelled`: someone else answered first, or the caller left. */
export type RungOutcome = 'answered' | 'no-answer' | 'busy' | 'unavailable' | 'hung-up' | 'cancelled';

/** Why a caller's queue entry ended (maps to `queue_entries.state`). */
export type EntryOutcome = 'connected' | 'lost' | 'abandoned' | 'left';

export type QueueCommand =
  /** Create and dial the operator's leg; the runtime reports leg-answered / leg-failed. */
  | { type: 'ring-operator'; callId: CallId; operatorId: OperatorId; endpoint: string; timeoutSec: number }
  /** Drop the operator's ringing leg (the caller hung up, the ring timed out, ...). */
  | { type: 'cancel-ring'; callId: CallId; operatorId: OperatorId }
  | { type: 'bridge'; callId: CallId; operatorId: OperatorId }
  | { type: 'announce-position'; callId: CallId; position: number; estimatedWaitSec?: number }
  | { type: 'start-timer'; timerId: string; ms: number }
  | { type: 'cancel-timer'; timerId: string }
  | ({ type: 'record-lost-call' } & CallerRecord)
  | ({ type: 'record-short-abandon' } & CallerRecord)
  /** An urgent caller joined: escalation row, error-level log, webhook; raised at once. */
  | {
      type: 'escalate';
      callId: CallId;
      queueId: QueueId;
      callerNumber: string;
      language: string;
      choice: CallerChoice;
      at: number;
      webhookUrl?: string;
      webhookRetries: number;
    }
  /** No operator answered an urgent caller in time: ring this rung of the escalation ladder too. */
  | ({ type: 'ring-duty'; callId: CallId; timeoutSec: number } & RungRef)
  | { type: 'bridge-duty'; callId: CallId; attempt: number; endpoint: string }
  /** An operator answered first, the caller left or the rung's time is up: drop the rung's leg. */
  | { type: 'cancel-duty'; callId: CallId }
  /** How a rung ended, for the escalation record. */
  | ({ type: 'rung-ended'; callId: CallId; outcome: RungOutcome; at: number } & RungRef)
  | {
      type: 'operator-state-changed';
      operatorId: OperatorId;
      from: OperatorStatusKind;
      to: OperatorStatusKind;
      reason: string;
      at: number;
      /** Live service time (weekly cap) starts or ends with this change. */
      live: 'started' | 'ended' | 'unchanged';
    }
  | { type: 'grant-callback'; callbackId: CallbackId; operatorId: OperatorId }
  /** The operator crossed the weekly warning threshold (logged, and shown by the API). */
  | { type: 'weekly-cap-warning'; operatorId: OperatorId; weeklySeconds: number; capHours: number }
  /** Upsert the waiting entry (who waits since when), for restart safety. */
  | {
      type: 'persist-entry';
      callId: CallId;
      queueId: QueueId;
      callerNumber: string;
      language: string;
      urgent: boolean;
      choice: CallerChoice;
      joinedAt: number;
    }
  /** Closing time (`atClosing: offer-callback`): the caller left the queue for the callback offer. */
  | { type: 'offer-callback'; callId: CallId; queueId: QueueId }
  | { type: 'remove-entry'; callId: CallId; outcome: EntryOutcome; operatorId?: OperatorId; at: number };
