// What a waiting caller hears: one holding bridge per queue with music on hold, and their place
// in the queue (and the estimated wait) announced over it. An announcement still playing is
// stopped when the caller leaves the waiting list, so it never runs over an operator's words.
import { BridgeId, type CallId, type ChannelId, PlaybackId } from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import type { TelephonyPort } from '../telephony/telephony-port.ts';

export interface Announcement {
  callId: CallId;
  channelId: ChannelId;
  language: string;
  position: number;
  estimatedWaitSec?: number;
}

export class QueueHolding {
  private readonly bridges = new Map<string, Promise<BridgeId>>();
  private readonly announcing = new Map<CallId, PlaybackId>();
  private announcements = 0;

  constructor(
    private readonly port: TelephonyPort,
    private readonly logger: Logger,
  ) {}

  /** Puts the caller in the queue's holding bridge (created with music on first use). */
  enter(queueId: string, channelId: ChannelId): void {
    let bridge = this.bridges.get(queueId);
    if (!bridge) {
      const id = BridgeId(`queue-${queueId}`);
      bridge = this.port
        .createBridge(id, 'holding', `queue-${queueId}`)
        .catch(() => undefined) // it may exist from before a restart
        .then(() => this.port.startBridgeMoh(id, 'default').catch(() => undefined))
        .then(() => id);
      this.bridges.set(queueId, bridge);
    }
    bridge
      .then((id) => this.port.addToBridge(id, [channelId]))
      .catch((err: unknown) => {
        this.logger.warn({ err, channelId }, 'could not put the caller on hold; playing music instead');
        this.port.startMoh(channelId).catch(() => undefined);
      });
  }

  /** Takes the caller out of the holding bridge (they left the queue but stay on the line). */
  leave(queueId: string | undefined, callId: CallId, channelId: ChannelId): void {
    this.stop(callId);
    const bridge = queueId ? this.bridges.get(queueId) : undefined;
    void bridge?.then((b) => this.port.removeFromBridge(b, channelId)).catch(() => undefined);
  }

  announce(a: Announcement): void {
    const lang = a.language;
    const media = [`sound:cagri/${lang}/queue-position`, `number:${a.position}`];
    if (a.estimatedWaitSec !== undefined) {
      const minutes = Math.max(1, Math.ceil(a.estimatedWaitSec / 60));
      media.push(
        `sound:cagri/${lang}/queue-estimated-wait`,
        `number:${minutes}`,
        `sound:cagri/${lang}/minutes`,
      );
    }
    this.stop(a.callId);
    const playbackId = PlaybackId(`${a.callId}:q${++this.announcements}`);
    this.announcing.set(a.callId, playbackId);
    this.port.play(a.channelId, playbackId, media, lang).catch(() => undefined);
  }

  /** Stops the caller's announcement, if one may still be playing. */
  stop(callId: CallId): void {
    const playbackId = this.announcing.get(callId);
    if (!playbackId) return;
    this.announcing.delete(callId);
    this.port.stopPlayback(playbackId).catch(() => undefined); // 404: it had finished
  }
}
