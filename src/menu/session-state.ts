// The state of one call session. Plain data plus the immutable context the call started with
// (its config version), so `step(state, event)` needs nothing else.

import type { ServiceConfig } from '../config/services-config.ts';
import type { CallId, MenuNodeId, PlaybackId } from '../domain/ids.ts';
import type { MenuTree } from './menu-config.ts';
import type { HangupOutcome, SessionCommand, TimerId } from './session-commands.ts';

export type CallbackNumberCheck = (raw: string) => { ok: true; e164: string } | { ok: false; reason: string };

export interface SessionContext {
  callId: CallId;
  service: ServiceConfig;
  /** The menu nodes of the config version the call started on (a reload does not change them). */
  menus: MenuTree;
  /** Inside live hours at call start (picks the root menu); the state's `live` follows the clock. */
  live: boolean;
  callerNumber: string;
  /** Injected numbering-plan policy (pure): may this number be called back? */
  checkCallbackNumber: CallbackNumberCheck;
  /** The queue's extra "leave a callback request" key while waiting (queues.yaml keys.callback). */
  queueCallbackKey?: string;
  /** IANA zone used to say when a booked callback will come (default Asia/Baku). */
  timezone?: string;
}

/** A number the caller chose for a callback: validated (`e164`) and as it will be read back. */
export interface CallbackNumber {
  e164: string;
  spoken: string;
}

export type CallbackStep = 'offer' | 'enter' | 'confirm';

export type SessionPhase =
  /** At a menu node: its prompt playing, or waiting for a key. */
  | { kind: 'menu'; nodeId: MenuNodeId; retries: number }
  /** Playing a `play` action's information; then back to the node's menu. */
  | { kind: 'info'; nodeId: MenuNodeId; retries: number }
  /** At an input node, collecting digits. */
  | { kind: 'input'; nodeId: MenuNodeId; retries: number; digits: string }
  /** The callback flow (offer → number → confirm). `returnTo`: where `*` goes back to. */
  | {
      kind: 'callback';
      step: CallbackStep;
      retries: number;
      digits: string;
      number?: CallbackNumber;
      returnTo?: MenuNodeId;
    }
  /** `lookup-appeal` sent from input node `nodeId`; waiting for appeal-status. */
  | { kind: 'appeal-lookup'; nodeId: MenuNodeId; retries: number }
  /** `book-callback` sent; waiting for callback-booked / callback-refused. */
  | { kind: 'booking'; number: CallbackNumber }
  /** Put through to another body (refer with transfer); back to `returnTo` if that fails. */
  | { kind: 'transferring'; returnTo?: MenuNodeId }
  /** A last prompt playing, then hang up or transfer. */
  | {
      kind: 'closing';
      after:
        | { type: 'hangup'; outcome: HangupOutcome }
        | { type: 'transfer'; destination: string; number: string; returnTo?: MenuNodeId };
    }
  /** Handed to the operator queue; keys still arrive (0: "already waiting", callback key). */
  | { kind: 'queued'; urgent: boolean }
  /** Talking to an operator (or the duty phone, for an urgent caller). */
  | { kind: 'with-operator'; urgent: boolean }
  /** The post-call survey (src/survey): asking `questions[index]`. */
  | { kind: 'survey'; index: number; retries: number }
  | { kind: 'ended'; outcome: string };

export interface SessionState {
  readonly ctx: SessionContext;
  readonly startedAt: number;
  /** Inside live hours now, as last told (`hours` event): 0 → operator; otherwise the callback offer. */
  live: boolean;
  language: string;
  phase: SessionPhase;
  /** Nodes the caller came through, for `back`. */
  history: MenuNodeId[];
  /** What the caller keyed in on input nodes, by the node's `store` name. */
  collected: Record<string, string>;
  /** The prompt playing now, if any (only one at a time). */
  playback?: PlaybackId;
  /** The timer running now, if any (only one at a time). */
  timer?: TimerId;
  /** The post-call survey was started once in this call (never twice). */
  surveyed?: boolean;
  /** Counters behind the deterministic playback and timer ids. */
  seq: { playback: number; timer: number };
}

export interface StepResult {
  state: SessionState;
  commands: SessionCommand[];
}
