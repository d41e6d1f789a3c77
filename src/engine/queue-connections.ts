// A queued caller and the phone that answered for them (an operator, or the duty officer on the
// urgent ladder): bridging the two, and the end of the conversation when the answering side hangs
// up. The queue runtime owns the maps and the machine; this gets them at construction.
import type { Clock } from '../domain/clock.ts';
import type { CallId, ChannelId, OperatorId } from '../domain/ids.ts';
import type { LadderLegs } from '../escalation/ladder-legs.ts';
import type { Logger } from '../log/logger.ts';
import type { CallbackService } from './engine-services.ts';
import { callConnected, type OperatorEvents } from './operator-events.ts';
import type { OutboundLegs } from './outbound-legs.ts';
import type { CallerLink } from './queue-caller-link.ts';
import type { QueueHolding } from './queue-holding.ts';
import type { QueueInput } from './queue-readoption.ts';
import type { QueueRecords } from './queue-records.ts';
import type { TalkBridges } from './talk-bridges.ts';

export interface QueueConnectionsDeps {
  clock: Clock;
  logger: Logger;
  legs: Pick<OutboundLegs, 'hangup'>;
  talks: Pick<TalkBridges, 'connect' | 'channelGone'>;
  callers: Map<CallId, CallerLink>;
  /** Callers re-adopted after a restart, by their channel. */
  adopted: Map<ChannelId, CallId>;
  holding: Pick<QueueHolding, 'stop'>;
  records: Pick<QueueRecords, 'escalationUpdate'>;
  ladder: Pick<LadderLegs, 'answered'>;
  operatorEvents: Pick<OperatorEvents, 'emit'>;
  /** Read when needed: the callbacks service is attached after the queue is built. */
  callbackService: () => CallbackService | undefined;
  /** The operator the machine has the caller connected to, if any. */
  connectedOperator: (callId: CallId) => OperatorId | undefined;
  dispatch: (event: QueueInput) => unknown;
}

export class QueueConnections {
  constructor(private readonly deps: QueueConnectionsDeps) {}

  connect(callId: CallId, legId: ChannelId | undefined, who: string, answeredBy = who): void {
    const { deps } = this;
    const link = deps.callers.get(callId);
    if (!link || !legId) return;
    // Not over the operator's first words: music and announcement stop before the move.
    deps.holding
      .stop(callId)
      .then(() => deps.talks.connect(link.channelId, legId, `talk-${callId}`))
      .then(() => {
        link.events.connected(callId, who);
        if (who !== 'duty' && link.caller)
          deps.operatorEvents.emit(callConnected(link.caller, who, deps.clock.now()));
        if (link.callerNumber)
          deps.callbackService()?.callerServed(link.serviceId, link.callerNumber, callId, 'operator');
        if (link.escalationId) {
          const answeredAt = deps.clock.now();
          deps.records.escalationUpdate(callId, link.escalationId, { answeredAt, answeredBy });
          deps.ladder.answered(answeredAt - (link.escalatedAt ?? answeredAt));
        }
      })
      .catch((err: unknown) => {
        deps.logger.warn({ err, callId, who }, 'could not bridge caller and answerer');
        deps.legs.hangup(legId);
      });
  }

  /** The operator (or duty) side hung up after answering: the conversation is over. */
  otherSideEnded(callId: CallId, legId: ChannelId, operatorId?: OperatorId): void {
    const { deps } = this;
    const link = deps.callers.get(callId);
    const stays = operatorId !== undefined && link?.events.operatorLeft !== undefined; // the survey
    deps.talks.channelGone(legId, {
      keepOther: stays,
      ...(stays && operatorId && { afterBridgeGone: () => link?.events.operatorLeft?.(callId, operatorId) }),
    });
    if (operatorId && deps.connectedOperator(callId) === operatorId)
      deps.dispatch({ type: 'operator-hung-up', callId, operatorId });
    deps.callers.delete(callId);
    if (link) deps.adopted.delete(link.channelId);
    if (!stays) link?.events.finished(callId);
  }
}
