// After a restart (or a reconnect), the callers Postgres says were waiting: those still on the
// line go back to the queue with their original joining time and their menu choice; those who
// hung up while the engine was away are judged by the lost-call rule from the persisted time.
import type { QueueRepository } from '../db/queue-repository.ts';
import { type CallId, type ChannelId, ServiceId } from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import { type QueueEvent, QueueId } from '../queue/index.ts';
import type { ChannelInfo } from '../telephony/telephony-port.ts';
import type { QueueCallbacks, ReadoptedCaller } from './engine-services.ts';

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
export type QueueInput = DistributiveOmit<QueueEvent, 'now' | 'mono'>;

/** What the runtime lends the re-adoption: its caller links, holding and machine. */
export interface ReadoptionHost {
  repo: Pick<QueueRepository, 'waitingEntries'>;
  logger: Logger;
  now(): number;
  /** The caller is known to this process already (a mere reconnect). */
  knows(callId: CallId): boolean;
  queueOf(serviceId: string): string | undefined;
  link(
    callId: CallId,
    link: { channelId: ChannelId; serviceId: ServiceId; language: string; events: QueueCallbacks },
  ): void;
  unlink(callId: CallId): void;
  /** No call controller follows this channel: the queue does. */
  follow(channelId: ChannelId, callId: CallId): void;
  enterHolding(queueId: string, callId: CallId, channelId: ChannelId): void;
  dispatch(event: QueueInput): void;
}

const NO_CALL: QueueCallbacks = { connected: () => undefined, finished: () => undefined };

export async function readoptWaiting(
  host: ReadoptionHost,
  channels: ChannelInfo[],
  adopt: (caller: ReadoptedCaller) => QueueCallbacks | undefined,
): Promise<Set<ChannelId>> {
  const adopted = new Set<ChannelId>();
  const present = new Map(channels.map((c) => [c.id as string, c] as const));
  const entries = await host.repo.waitingEntries();
  const now = host.now();
  for (const e of entries) {
    if (host.knows(e.callId)) continue;
    const channel = present.get(e.channelId);
    const queueId = host.queueOf(e.serviceId);
    if (!queueId) continue;
    const { callId, language, urgent, callerNumber, choice } = e;
    const joined = {
      type: 'caller-joined',
      callId,
      queueId: QueueId(queueId),
      language,
      urgent,
      callerNumber,
      choice,
      joinedWall: e.joinedAt,
    } as const;
    const call = channel && adopt({ callId, channel, language, urgent, choice });
    host.link(callId, {
      channelId: channel?.id ?? (e.channelId as ChannelId),
      serviceId: ServiceId(e.serviceId),
      language,
      events: call ?? NO_CALL,
    });
    if (channel) {
      adopted.add(channel.id);
      // Without a call of its own (its service is gone from the config) the queue follows the channel.
      if (!call) host.follow(channel.id, callId);
      host.enterHolding(queueId, callId, channel.id);
      host.dispatch(joined);
      host.logger.info({ callId, waitedMs: now - e.joinedAt }, 're-adopted a caller');
    } else {
      // Hung up while we were away: judged by the same rule, from the persisted joining time.
      host.dispatch(joined);
      host.dispatch({ type: 'caller-hung-up', callId, hungUpWall: now });
      host.unlink(callId);
    }
  }
  return adopted;
}
