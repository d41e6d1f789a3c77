// What the engine's call controllers need from the queue and the callbacks, as narrow interfaces:
// the runtimes behind them live in src/engine/queue-runtime.ts and src/callbacks.
import type { CallbackId, CallId, ChannelId, OperatorId, ServiceId } from '../domain/ids.ts';
import type { AppealStatusAnswer } from '../menu/session-commands.ts';
import type { CallerChoice } from '../queue/index.ts';
import type { ChannelInfo, TelephonyEvent } from '../telephony/telephony-port.ts';

export interface QueuedCaller {
  callId: CallId;
  channelId: ChannelId;
  serviceId: ServiceId;
  queueId: string;
  language: string;
  urgent: boolean;
  callerNumber: string;
  reason: string;
  menuPath: readonly string[];
  collected: Readonly<Record<string, string>>;
}

/** A caller found waiting in Postgres and still on the line after a restart. */
export interface ReadoptedCaller {
  callId: CallId;
  channel: ChannelInfo;
  language: string;
  urgent: boolean;
  choice: CallerChoice;
}

/** What the queue tells the call it is serving. */
export interface QueueCallbacks {
  /** An operator (or the duty phone) answered and the caller is bridged with them. */
  connected(callId: CallId, who: string): void;
  /** The conversation ended from the other side; the call is over. */
  finished(callId: CallId): void;
  /**
   * The operator hung up first and the caller was left on the line (not hung up): the call goes
   * on (the post-call survey) and ends itself. Without it the caller is hung up (`finished`).
   */
  operatorLeft?(callId: CallId, operatorId: OperatorId): void;
  /** The queue cannot take the caller (nobody logged in): they are offered a callback instead. */
  unavailable?(callId: CallId): void;
}

export interface QueueService {
  join(caller: QueuedCaller, events: QueueCallbacks): void;
  /**
   * The caller hung up (or was lost to the engine). `lostWhileDisconnected`: found gone on
   * reconnecting to Asterisk; their wait ends when the connection was lost, not now.
   */
  callerGone(callId: CallId, opts?: { lostWhileDisconnected?: boolean }): void;
  /** The caller left the queue on purpose (e.g. to book a callback instead). */
  leave(callId: CallId, reason: string): void;
  /** Events about channels the queue owns (operator and duty legs); true when consumed. */
  handle(event: TelephonyEvent): boolean;
  /**
   * After a restart: take back callers still waiting (`adopt` gives each a call of its own, or
   * `undefined` to let the queue look after the channel alone); returns the channels adopted.
   */
  readopt(
    channels: ChannelInfo[],
    adopt: (caller: ReadoptedCaller) => QueueCallbacks | undefined,
  ): Promise<Set<ChannelId>>;
  /**
   * A callback needs an operator. `granted` is called when the queue's rules allow one (never
   * ahead of live callers beyond the callback share); the caller must report back with `callbackDone`.
   */
  requestCallbackOperator(
    req: { callbackId: CallbackId; queueId: string; language: string },
    granted: (operator: { operatorId: OperatorId; endpoint: string; ringTimeoutSec: number }) => void,
  ): void;
  withdrawCallback(callbackId: CallbackId): void;
  callbackDone(callbackId: CallbackId, operatorId: OperatorId, operatorAnswered: boolean): void;
}

/** A lost call handed to the callback scheduler as a same-day duty. */
export interface LostCallDuty {
  lostCallId: string;
  callId: CallId;
  serviceId: ServiceId;
  callerNumber: string;
  language: string;
  hungUpAt: number;
  /** How long the caller waited (for the audit trail when an open callback covers this one). */
  waitedMs?: number;
  /** An urgent caller hung up before anyone answered: called back at once, at any hour. */
  urgent?: boolean;
}

export type BookingResult = { ok: true; dueFrom: number } | { ok: false; reason: string };

/** A caller asks to be called back on this (already validated, E.164) number. */
export interface BookingRequest {
  callId: CallId;
  serviceId: ServiceId;
  number: string;
  language: string;
}

/** The appeal registry as the IVR status lookup sees it (src/appeals). */
export interface AppealLookup {
  /** The appeal a caller keyed (sequence part or whole number without dashes), or undefined. */
  statusOf(serviceId: string, digits: string): Promise<AppealStatusAnswer | undefined>;
}

export interface CallbackService {
  /**
   * A later call from this number reached an operator: an open lost-call callback to it is no
   * longer needed ("did not call again" = "was not served since"; booking one is handled in `book`).
   */
  callerServed(serviceId: ServiceId, callerNumber: string, callId: CallId, how: 'operator'): void;
  book(req: BookingRequest): Promise<BookingResult>;
  /** Schedules the same-day callback of a lost call (already stored in lost_calls). */
  lostCall(duty: LostCallDuty): Promise<void>;
}
