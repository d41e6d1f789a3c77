// The urgent escalation ladder at the edges: carries out the queue machine's ladder commands —
// a rung's phone is rung through the answerer legs, dropped when its time is up or someone else
// answered, and every rung and its outcome is journalled onto the escalation's record.
import type { Clock } from '../domain/clock.ts';
import type { CallId, ChannelId } from '../domain/ids.ts';
import type { DurableWrites } from '../durability/durable-writes.ts';
import type { AnswererLegs, AnswererRing } from '../engine/answerer-legs.ts';
import type { Logger } from '../log/logger.ts';
import type { LegFailure, QueueCommand } from '../queue/index.ts';

type CommandOf<T extends QueueCommand['type']> = Extract<QueueCommand, { type: T }>;
export type LadderCommand = CommandOf<'ring-duty' | 'cancel-duty' | 'rung-ended'>;

const LADDER_TYPES = new Set<QueueCommand['type']>(['ring-duty', 'cancel-duty', 'rung-ended']);

export function isLadderCommand(c: QueueCommand): c is LadderCommand {
  return LADDER_TYPES.has(c.type);
}

export type LadderFeedback =
  | { type: 'duty-answered'; callId: CallId; attempt: number }
  | { type: 'duty-failed'; callId: CallId; attempt: number; status: LegFailure };

export interface LadderLegsDeps {
  answerers: AnswererLegs;
  writes: DurableWrites;
  clock: Clock;
  logger: Logger;
  /** Back into the queue machine. */
  dispatch(event: LadderFeedback): void;
  /** The escalation raised for this caller, if it is still known. */
  escalationOf(callId: CallId): string | undefined;
  /** What the rung's phone shows (the caller's number and choice). */
  display(callId: CallId): Pick<AnswererRing, 'callerNumber' | 'callerName' | 'variables'>;
  /** The rung hung up after answering: the conversation is over. */
  ended(callId: CallId, legId: ChannelId): void;
}

export class LadderLegs {
  /** Rungs that answered, and how long the caller had waited for a person then (for metrics). */
  readonly reach = { answered: 0, seconds: [] as number[] };

  constructor(private readonly deps: LadderLegsDeps) {}

  run(c: LadderCommand): void {
    const { answerers, writes, logger, dispatch } = this.deps;
    switch (c.type) {
      case 'ring-duty': {
        const { callId, attempt } = c;
        logger.warn(
          { callId, attempt, round: c.round, rung: c.rung, endpoint: c.endpoint },
          'urgent caller: ringing the escalation ladder',
        );
        answerers.ring(
          callId,
          'duty',
          { endpoint: c.endpoint, timeoutSec: c.timeoutSec, ...this.deps.display(callId) },
          {
            answered: () => dispatch({ type: 'duty-answered', callId, attempt }),
            failed: (status) => dispatch({ type: 'duty-failed', callId, attempt, status }),
            ended: (leg) => this.deps.ended(callId, leg),
          },
        );
        const escalationId = this.deps.escalationOf(callId);
        if (!escalationId) return;
        const at = this.deps.clock.now();
        writes.enqueue(callId, {
          type: 'escalation-rung',
          escalationId,
          attempt,
          round: c.round,
          rung: c.rung,
          endpoint: c.endpoint,
          ...(c.name !== undefined && { name: c.name }),
          at,
        });
        if (attempt === 1)
          writes.enqueue(callId, { type: 'escalation-update', escalationId, dutyRungAt: at });
        return;
      }
      case 'cancel-duty':
        answerers.drop(c.callId, 'duty');
        return;
      case 'rung-ended': {
        const escalationId = this.deps.escalationOf(c.callId);
        if (escalationId) {
          writes.enqueue(c.callId, {
            type: 'escalation-rung-ended',
            escalationId,
            attempt: c.attempt,
            outcome: c.outcome,
            at: c.at,
          });
        }
        if (c.outcome !== 'cancelled')
          logger.info({ callId: c.callId, attempt: c.attempt, outcome: c.outcome }, 'escalation rung ended');
        return;
      }
    }
  }

  /** A person (operator or rung) answered the urgent caller after `waitedMs`. */
  answered(waitedMs: number): void {
    this.reach.answered++;
    this.reach.seconds.push(waitedMs / 1000);
  }
}
