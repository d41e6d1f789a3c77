// What the queue machine is told. Every event carries the wall time (`now`, epoch ms: for
// records and the weekly cap) and the monotonic time (`mono`, ms: for waits and timeouts).
import type { CallbackId, CallId, OperatorId } from '../domain/ids.ts';
import type { CallerChoice } from './caller-choice.ts';
import type { AdminCommand } from './operator-state.ts';
import type { QueueId } from './queue-config.ts';

export interface EventTime {
  readonly now: number;
  readonly mono: number;
}

/** How an operator leg ended without being answered. */
export type LegFailure = 'busy' | 'no-answer' | 'unavailable' | 'hung-up';

export type QueueEvent = EventTime &
  (
    | {
        type: 'caller-joined';
        callId: CallId;
        queueId: QueueId;
        language: string;
        urgent: boolean;
        callerNumber: string;
        /** What the caller chose in the menu (default: none, reason `operator`). */
        choice?: CallerChoice;
        /** Re-adoption after a restart: the original joining time (monotonic, this process). */
        joinedMono?: number;
        /** Re-adoption after a restart: the original joining time (wall ms, from Postgres). */
        joinedWall?: number;
      }
    /** The caller hung up. `hungUpWall`: when, if found out later (after a restart). */
    | { type: 'caller-hung-up'; callId: CallId; hungUpWall?: number }
    /** The caller left the queue on purpose (e.g. chose a callback instead of waiting). */
    | { type: 'caller-left'; callId: CallId; reason: string }
    /** login | logout | pause(reason) | unpause, from the admin API. */
    | { type: 'operator-command'; operatorId: OperatorId; command: AdminCommand }
    | { type: 'leg-answered'; callId: CallId; operatorId: OperatorId }
    | { type: 'leg-failed'; callId: CallId; operatorId: OperatorId; status: LegFailure }
    /** The bridged call was ended from the operator's side. */
    | { type: 'operator-hung-up'; callId: CallId; operatorId: OperatorId }
    /** The bridged call was ended from the caller's side. */
    | { type: 'call-ended'; callId: CallId; operatorId: OperatorId }
    /** A rung of the urgent ladder answered (`attempt` as in ring-duty): the caller is served by it. */
    | { type: 'duty-answered'; callId: CallId; attempt: number }
    /** A rung of the urgent ladder did not answer: the next rung is rung. */
    | { type: 'duty-failed'; callId: CallId; attempt: number; status: LegFailure }
    | { type: 'timer'; timerId: string }
    /** The live hours of the services waiting in this queue ended (a timer at the closing edge). */
    | { type: 'hours-ended'; queueId: QueueId }
    /** A callback wants an operator; granted when the share rule allows (live callers first). */
    | { type: 'callback-request'; callbackId: CallbackId; queueId: QueueId; language: string }
    /** The scheduler gives up waiting for a grant (e.g. the callback window closed). */
    | { type: 'callback-withdrawn'; callbackId: CallbackId }
    /** The callback finished; `operatorAnswered: false` if the operator never picked up. */
    | { type: 'callback-done'; callbackId: CallbackId; operatorId: OperatorId; operatorAnswered?: boolean }
  );
