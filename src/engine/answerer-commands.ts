// The queue machine's commands about answerers' phones (operators, and the urgent ladder's rung
// when bridged): ring, drop, bridge. Kept apart from the queue runtime, which only routes them.
import type { CallId, ChannelId, OperatorId } from '../domain/ids.ts';
import { operatorDisplay, type QueueCommand, type QueueState } from '../queue/index.ts';
import type { AnswererLegs } from './answerer-legs.ts';
import type { QueueInput } from './queue-readoption.ts';

type CommandOf<T extends QueueCommand['type']> = Extract<QueueCommand, { type: T }>;
export type AnswererCommand = CommandOf<'ring-operator' | 'cancel-ring' | 'bridge' | 'bridge-duty'>;

const ANSWERER_TYPES = new Set<QueueCommand['type']>([
  'ring-operator',
  'cancel-ring',
  'bridge',
  'bridge-duty',
]);

export function isAnswererCommand(c: QueueCommand): c is AnswererCommand {
  return ANSWERER_TYPES.has(c.type);
}

export interface AnswererCommandContext {
  answerers: AnswererLegs;
  state(): QueueState;
  dispatch(event: QueueInput): void;
  /** Bridges the caller with the answered leg; `answeredBy` goes on an escalation's record. */
  connect(callId: CallId, legId: ChannelId | undefined, who: string, answeredBy?: string): void;
  /** The answerer hung up after answering. */
  ended(callId: CallId, legId: ChannelId, operatorId?: OperatorId): void;
}

export function runAnswererCommand(c: AnswererCommand, ctx: AnswererCommandContext): void {
  const { answerers } = ctx;
  switch (c.type) {
    case 'ring-operator': {
      const { callId, operatorId } = c;
      answerers.ring(
        callId,
        operatorId,
        {
          endpoint: c.endpoint,
          timeoutSec: c.timeoutSec,
          ...operatorDisplay(ctx.state().waiting.get(callId)),
        },
        {
          answered: () => ctx.dispatch({ type: 'leg-answered', callId, operatorId }),
          failed: (status) => ctx.dispatch({ type: 'leg-failed', callId, operatorId, status }),
          ended: (leg) => ctx.ended(callId, leg, operatorId),
        },
      );
      return;
    }
    case 'cancel-ring':
      answerers.drop(c.callId, c.operatorId);
      return;
    case 'bridge':
      ctx.connect(c.callId, answerers.legOf(c.callId, c.operatorId), c.operatorId);
      return;
    case 'bridge-duty':
      ctx.connect(c.callId, answerers.legOf(c.callId, 'duty'), 'duty', c.endpoint);
      return;
  }
}
