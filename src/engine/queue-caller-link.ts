// What the queue runtime keeps about a caller it is serving: their channel and service, the call's
// callbacks, and what the escalation and the operator's screen need.
import type { ChannelId, ServiceId } from '../domain/ids.ts';
import type { QueueCallbacks, QueuedCaller } from './engine-services.ts';

export interface CallerLink {
  channelId: ChannelId;
  serviceId: ServiceId;
  language: string;
  events: QueueCallbacks;
  escalationId?: string;
  /** Wall ms the escalation was raised (time to reach a person, for the metrics). */
  escalatedAt?: number;
  /** For "served since": reaching an operator cancels an open lost-call callback to it. */
  callerNumber?: string;
  /** How the caller came (reason, path, keyed values) for the operator's screen pop. */
  caller?: QueuedCaller;
}
