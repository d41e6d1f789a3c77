// The whole call centre's queue state: operators (shared by queues), waiting callers, calls
// in progress, callbacks, and the timers the machine asked for. Owned by one runtime: a step
// updates its maps in place and hands back the state to keep (src/queue/queue-machine.ts).
import type { CallbackId, CallId, OperatorId } from '../domain/ids.ts';
import type { CallerChoice } from './caller-choice.ts';
import { newOperator, type OperatorLive } from './operator-state.ts';
import type { OperatorConfig, QueueConfig, QueueId, QueuesFile } from './queue-config.ts';
import { type LiveInterval, openLive } from './weekly-service-time.ts';

export interface WaitingCaller {
  readonly callId: CallId;
  readonly queueId: QueueId;
  readonly language: string;
  readonly urgent: boolean;
  readonly callerNumber: string;
  readonly choice: CallerChoice;
  readonly joinedMono: number;
  readonly joinedWall: number;
  /** 1-based place on joining (the wait estimate learns time per place from it). */
  readonly joinPosition: number;
  /** Arrival order among callers who joined at the same instant. */
  readonly seq: number;
  /** The operator being rung for this caller, if any (one at a time). */
  readonly ringing?: OperatorId;
  /** Operators already tried without success; tried again after the queue's `retrySec`. */
  readonly tried: readonly OperatorId[];
  /** The urgent escalation ladder for this caller: the rung last rung (absent: not started). */
  readonly ladder?: LadderProgress;
}

export interface LadderProgress {
  /** Counts the rungs rung for this caller; a late leg event carrying an older one is ignored. */
  readonly attempt: number;
  /** 1-based pass over the ladder (it starts again from the top when exhausted). */
  readonly round: number;
  /** 0-based index of the rung. */
  readonly rung: number;
  /** That rung's phone is ringing now (else: between rungs, waiting to start again). */
  readonly ringing: boolean;
}

export interface ConnectedCall {
  readonly callId: CallId;
  readonly queueId: QueueId;
  readonly operatorId: OperatorId;
}

export type CallbackEntry =
  | { readonly kind: 'pending'; callbackId: CallbackId; queueId: QueueId; language: string; seq: number }
  | { readonly kind: 'held'; callbackId: CallbackId; queueId: QueueId; operatorId: OperatorId };

export type TimerPurpose =
  | { kind: 'ring'; callId: CallId; operatorId: OperatorId }
  | { kind: 'announce'; callId: CallId }
  /** Start (or start again) the urgent escalation ladder from its first rung. */
  | { kind: 'duty'; callId: CallId }
  /** The ringing rung's time is up: on to the next rung. */
  | { kind: 'rung'; callId: CallId; attempt: number }
  | { kind: 'retry'; callId: CallId }
  /** The caller may now be put through to an operator of any language (overflowAfterSec). */
  | { kind: 'overflow'; callId: CallId }
  | { kind: 'wrap-up'; operatorId: OperatorId }
  /** The operator reaches the weekly warning threshold / cap (or the week ends). */
  | { kind: 'cap-warn'; operatorId: OperatorId }
  | { kind: 'cap'; operatorId: OperatorId };

export interface QueueSetup {
  readonly queues: ReadonlyMap<QueueId, QueueConfig>;
  readonly operators: ReadonlyMap<OperatorId, OperatorConfig>;
  /** IANA zone the weekly cap is counted in when a queue has none of its own. */
  readonly timeZone: string;
  /** Each queue's zone: its services' calendar zone (src/queue/weekly-zone.ts). */
  readonly queueZones: ReadonlyMap<QueueId, string>;
}

export interface QueueState {
  readonly setup: QueueSetup;
  /** Time of the last event. */
  readonly now: number;
  readonly mono: number;
  readonly seq: number;
  readonly operators: ReadonlyMap<OperatorId, OperatorLive>;
  /** Live service intervals per operator (this week and the open one). */
  readonly live: ReadonlyMap<OperatorId, readonly LiveInterval[]>;
  readonly waiting: ReadonlyMap<CallId, WaitingCaller>;
  readonly connected: ReadonlyMap<CallId, ConnectedCall>;
  readonly callbacks: ReadonlyMap<CallbackId, CallbackEntry>;
  readonly timers: ReadonlyMap<string, TimerPurpose>;
  /** Recent answered waits per queue, as ms per place in the queue (for the estimate). */
  readonly answeredWaits: ReadonlyMap<QueueId, readonly number[]>;
}

/** What Postgres remembers about an operator across a restart. */
export interface RestoredOperator {
  readonly operatorId: OperatorId;
  readonly state: 'offline' | 'available' | 'paused';
  readonly reason?: string;
  readonly since: number;
}

export interface CreateQueueStateOptions {
  readonly config: QueuesFile;
  readonly timeZone?: string;
  /** Queue id → IANA zone of its services' calendar (the week of an operator serving it). */
  readonly queueZones?: ReadonlyMap<string, string>;
  readonly now: number;
  readonly mono: number;
  readonly operators?: readonly RestoredOperator[];
  /** Live intervals from `operator_live_intervals` (at least this week's). */
  readonly liveIntervals?: ReadonlyMap<OperatorId, readonly LiveInterval[]>;
}

export function createQueueState(opts: CreateQueueStateOptions): QueueState {
  const queues = new Map(opts.config.queues.map((q) => [q.id, q] as const));
  const opConfigs = new Map(opts.config.operators.map((o) => [o.id, o] as const));
  const restored = new Map((opts.operators ?? []).map((r) => [r.operatorId, r] as const));
  const operators = new Map<OperatorId, OperatorLive>();
  const live = new Map<OperatorId, readonly LiveInterval[]>();
  for (const id of opConfigs.keys()) {
    const r = restored.get(id);
    const op = newOperator(id, r?.since ?? opts.now);
    const status =
      r?.state === 'available'
        ? ({ kind: 'available' } as const)
        : r?.state === 'paused'
          ? ({ kind: 'paused', reason: r.reason ?? 'paused' } as const)
          : op.status;
    operators.set(id, { ...op, status });
    const intervals = opts.liveIntervals?.get(id) ?? [];
    // A restored live operator keeps accruing service time even if the open row was lost.
    live.set(id, status.kind === 'available' ? openLive(intervals, opts.now) : intervals);
  }
  return {
    setup: {
      queues,
      operators: opConfigs,
      timeZone: opts.timeZone ?? 'Asia/Baku',
      queueZones: new Map([...(opts.queueZones ?? [])].map(([q, z]) => [q as QueueId, z] as const)),
    },
    now: opts.now,
    mono: opts.mono,
    seq: 0,
    operators,
    live,
    waiting: new Map(),
    connected: new Map(),
    callbacks: new Map(),
    timers: new Map(),
    answeredWaits: new Map(),
  };
}
