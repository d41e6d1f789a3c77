// Two parties talking: a mixing bridge per conversation. When either side leaves, the other is
// hung up and the bridge destroyed, so no one is left alone in silence. After a reconnect the
// conversations are checked against the channels Asterisk still has: one whose side vanished
// while we were away (Asterisk restarted, or a hang-up whose events were lost) ends the same way.
import { randomUUID } from 'node:crypto';
import { BridgeId, type ChannelId } from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import type { TelephonyPort } from '../telephony/telephony-port.ts';

interface Talk {
  bridgeId: BridgeId;
  a: ChannelId;
  b: ChannelId;
}

export class TalkBridges {
  private readonly byChannel = new Map<ChannelId, Talk>();

  constructor(
    private readonly port: TelephonyPort,
    private readonly logger: Logger,
  ) {
    port.onEvent((e) => {
      if (e.type === 'connected' && e.reconnect) this.reconcile(new Set(e.channels.map((c) => c.id)));
    });
  }

  /** Conversations in progress (tests prove nothing is left behind). */
  get size(): number {
    return new Set(this.byChannel.values()).size;
  }

  /** Puts `a` and `b` together. */
  async connect(a: ChannelId, b: ChannelId, name: string): Promise<BridgeId> {
    const bridgeId = BridgeId(`talk-${randomUUID()}`);
    await this.port.createBridge(bridgeId, 'mixing', name);
    const talk: Talk = { bridgeId, a, b };
    this.byChannel.set(a, talk);
    this.byChannel.set(b, talk);
    try {
      await this.port.addToBridge(bridgeId, [a, b]);
    } catch (err) {
      this.forget(talk);
      await this.port.destroyBridge(bridgeId).catch(() => undefined);
      throw err;
    }
    return bridgeId;
  }

  partnerOf(channelId: ChannelId): ChannelId | undefined {
    const talk = this.byChannel.get(channelId);
    if (!talk) return undefined;
    return talk.a === channelId ? talk.b : talk.a;
  }

  isTalking(channelId: ChannelId): boolean {
    return this.byChannel.has(channelId);
  }

  /**
   * One side is gone: hang up the other (unless `keepOther`: the caller stays for the survey) and
   * tear the bridge down. Returns the other side, if any.
   */
  channelGone(
    channelId: ChannelId,
    opts: { keepOther?: boolean; afterBridgeGone?: () => void } = {},
  ): ChannelId | undefined {
    const talk = this.byChannel.get(channelId);
    if (!talk) return undefined;
    const other = talk.a === channelId ? talk.b : talk.a;
    this.forget(talk);
    if (!opts.keepOther) this.port.hangup(other).catch(() => undefined);
    const gone = this.port
      .destroyBridge(talk.bridgeId)
      .catch((err: unknown) => this.logger.debug({ err, bridgeId: talk.bridgeId }, 'bridge already gone'));
    // The kept side is played to only once out of the bridge: a play into a bridged channel is a
    // bridge action, which Asterisk may hold (up to 600 s) when the bridge goes away under it.
    if (opts.afterBridgeGone) void gone.then(opts.afterBridgeGone);
    return other;
  }

  private reconcile(present: Set<ChannelId>): void {
    for (const talk of new Set(this.byChannel.values())) {
      const gone = [talk.a, talk.b].filter((c) => !present.has(c));
      if (gone.length === 0) continue;
      this.logger.info(
        { bridgeId: talk.bridgeId, gone },
        'conversation lost a side while disconnected; ending it',
      );
      if (gone.length === 2) {
        // Nothing left to hang up; the bridge went with them (or is destroyed now if it did not).
        this.forget(talk);
        this.port
          .destroyBridge(talk.bridgeId)
          .catch((err: unknown) =>
            this.logger.debug({ err, bridgeId: talk.bridgeId }, 'bridge already gone'),
          );
      } else if (gone[0]) {
        this.channelGone(gone[0]);
      }
    }
  }

  private forget(talk: Talk): void {
    this.byChannel.delete(talk.a);
    this.byChannel.delete(talk.b);
  }
}
