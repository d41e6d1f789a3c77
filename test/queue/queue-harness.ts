// Drives the pure queue machine with controlled time: keeps the timers the machine asks for
// and fires them in due order as time advances (FakeClock-style, no sleeps).
import { CallbackId, CallId, OperatorId } from '../../src/domain/ids.ts';
import type { QueueCommand } from '../../src/queue/queue-commands.ts';
import { type QueuesFile, QueuesFileSchema } from '../../src/queue/queue-config.ts';
import type { QueueEvent } from '../../src/queue/queue-events.ts';
import { type StepResult, step } from '../../src/queue/queue-machine.ts';
import {
  type CreateQueueStateOptions,
  createQueueState,
  type QueueState,
} from '../../src/queue/queue-state.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type TimelessEvent = DistributiveOmit<QueueEvent, 'now' | 'mono'>;

export const op = OperatorId;
export const call = CallId;
export const cb = CallbackId;

export function queuesFile(
  queue: Record<string, unknown> = {},
  operators?: Array<Record<string, unknown>>,
): QueuesFile {
  return QueuesFileSchema.parse({
    queues: [
      {
        id: 'general',
        ringTimeoutSec: 15,
        wrapUpSec: 10,
        announceEverySec: 30,
        urgent: { dutyEndpoint: 'PJSIP/duty', dutyAfterSec: 20 },
        ...queue,
      },
    ],
    operators: operators ?? [
      { id: 'op1', name: 'Aygün', endpoint: 'PJSIP/op1', languages: ['az', 'ru'], queues: ['general'] },
      { id: 'op2', name: 'Rəşad', endpoint: 'PJSIP/op2', languages: ['az', 'en'], queues: ['general'] },
      { id: 'op3', name: 'Günel', endpoint: 'PJSIP/op3', languages: ['az', 'ru', 'en'], queues: ['general'] },
    ],
  });
}

export class QueueHarness {
  state: QueueState;
  now: number;
  mono = 1_000_000;
  /** Every command emitted, in order. */
  readonly log: QueueCommand[] = [];
  /** Commands of the last `send` (including timers fired by `advance`). */
  last: QueueCommand[] = [];
  lastResult?: StepResult;
  private readonly timers = new Map<string, { due: number; seq: number }>();
  private timerSeq = 0;

  constructor(
    config: QueuesFile = queuesFile(),
    start: number | string = '2026-12-01T09:00:00+04:00',
    extra: Partial<CreateQueueStateOptions> = {},
  ) {
    this.now = typeof start === 'number' ? start : Date.parse(start);
    this.state = createQueueState({ config, now: this.now, mono: this.mono, ...extra });
  }

  send(event: TimelessEvent): StepResult {
    const result = step(this.state, { ...event, now: this.now, mono: this.mono } as QueueEvent);
    this.state = result.state;
    this.lastResult = result;
    this.last = result.commands;
    this.apply(result.commands);
    return result;
  }

  private apply(commands: QueueCommand[]): void {
    for (const c of commands) {
      this.log.push(c);
      if (c.type === 'start-timer')
        this.timers.set(c.timerId, { due: this.mono + c.ms, seq: this.timerSeq++ });
      if (c.type === 'cancel-timer') this.timers.delete(c.timerId);
    }
  }

  /** Moves time on by `ms`, firing due timers in order; returns every command emitted on the way. */
  advance(ms: number): QueueCommand[] {
    const target = this.mono + ms;
    const emitted: QueueCommand[] = [];
    for (;;) {
      let next: [string, { due: number; seq: number }] | undefined;
      for (const entry of this.timers) {
        const [, t] = entry;
        if (t.due > target) continue;
        if (!next || t.due < next[1].due || (t.due === next[1].due && t.seq < next[1].seq)) next = entry;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.now += next[1].due - this.mono;
      this.mono = next[1].due;
      emitted.push(...this.send({ type: 'timer', timerId: next[0] }).commands);
    }
    this.now += target - this.mono;
    this.mono = target;
    this.last = emitted;
    return emitted;
  }

  login(...ids: string[]): void {
    for (const id of ids) {
      this.send({ type: 'operator-command', operatorId: op(id), command: { kind: 'login' } });
      this.advance(1000); // distinct idle times, in login order
    }
  }

  join(id: string, opts: { language?: string; urgent?: boolean; number?: string } = {}): StepResult {
    return this.send({
      type: 'caller-joined',
      callId: call(id),
      queueId: 'general' as never,
      language: opts.language ?? 'az',
      urgent: opts.urgent ?? false,
      callerNumber: opts.number ?? '+994501234567',
    });
  }

  pendingTimers(): string[] {
    return [...this.timers.keys()];
  }

  /** Commands of a type, from a list (default: the last step). */
  of<T extends QueueCommand['type']>(
    type: T,
    from: QueueCommand[] = this.last,
  ): Extract<QueueCommand, { type: T }>[] {
    return from.filter((c): c is Extract<QueueCommand, { type: T }> => c.type === type);
  }

  opState(id: string): string {
    const s = this.state.operators.get(op(id))!.status;
    return s.kind === 'paused' ? `paused(${s.reason})` : s.kind;
  }

  ringing(): Array<[string, string]> {
    return [...this.state.waiting.values()].flatMap((c) =>
      c.ringing ? [[c.callId, c.ringing] as [string, string]] : [],
    );
  }
}
