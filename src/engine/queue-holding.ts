// What a waiting caller hears: one holding bridge per queue with music on hold, and their place
// in the queue (and the estimated wait) announced over it.
// Asterisk runs a channel's operations one at a time, in order: an `addChannel` sent while a
// playback plays on that channel waits until the playback ends. So the caller is put in the
// bridge first and announced to after; an announcement still playing is stopped when the caller
// leaves the waiting list, so it never runs over an operator's words (nor holds up the move to
// the operator's bridge). If the caller cannot be put in the bridge, music is played on their
// channel instead, and stopped again as soon as they leave the queue or reach someone.
import { BridgeId, type CallId, type ChannelId, PlaybackId } from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import { queueAnnouncementMedia } from '../prompts/queue-announcement.ts';
import { TelephonyError, type TelephonyPort } from '../telephony/telephony-port.ts';

export interface Announcement {
  callId: CallId;
  channelId: ChannelId;
  language: string;
  position: number;
  estimatedWaitSec?: number;
}

/** Where the caller ended up: in the bridge, on music played to their channel, or nowhere. */
type Placement = 'bridge' | 'channel-music' | 'none';

interface Held {
  callId: CallId;
  channelId: ChannelId;
  placed: Promise<Placement>;
  /** The bridge the caller was added to, once added. */
  inBridge?: BridgeId;
  /** Music started on the channel as a fallback and not yet stopped. */
  channelMusic: boolean;
  /** Taken off hold for a conversation: no more announcements or fallback music. */
  released: boolean;
  announcing?: PlaybackId;
}

export class QueueHolding {
  private readonly bridges = new Map<string, Promise<BridgeId>>();
  private readonly held = new Map<CallId, Held>();
  private readonly byChannel = new Map<ChannelId, CallId>();
  private announcements = 0;

  constructor(
    private readonly port: TelephonyPort,
    private readonly logger: Logger,
  ) {
    // A channel that left our app has left the bridge and its music too: nothing more to undo.
    port.onEvent((e) => {
      if (e.type === 'channel-left' || e.type === 'channel-destroyed') this.forgetChannel(e.channelId);
    });
  }

  /** Callers held now (tests prove nothing is left behind). */
  get size(): number {
    return this.held.size;
  }

  /** Puts the caller in the queue's holding bridge (created with music on first use). */
  enter(queueId: string, callId: CallId, channelId: ChannelId): void {
    const previous = this.held.get(callId);
    if (previous) this.forget(previous);
    const held: Held = {
      callId,
      channelId,
      placed: Promise.resolve('none'),
      channelMusic: false,
      released: false,
    };
    held.placed = this.place(queueId, held);
    this.held.set(callId, held);
    this.byChannel.set(channelId, callId);
  }

  /** Takes the caller out of the holding bridge (they left the queue but stay on the line). */
  leave(queueId: string | undefined, callId: CallId, channelId: ChannelId): void {
    const held = this.held.get(callId);
    this.stop(callId);
    if (held) this.forget(held);
    const remove = (bridgeId: BridgeId) =>
      this.port.removeFromBridge(bridgeId, channelId).catch((err: unknown) => {
        if (!isGone(err))
          this.logger.warn({ err, channelId }, 'could not take the caller out of the holding bridge');
      });
    // Sent now when the caller is in the bridge: whatever is played to them next (the callback
    // offer) queues behind it, instead of the removal waiting behind that prompt.
    if (held?.inBridge) void remove(held.inBridge);
    else if (held) void held.placed.then(() => (held.inBridge ? remove(held.inBridge) : undefined));
    else if (queueId) void this.bridges.get(queueId)?.then(remove);
  }

  announce(a: Announcement): void {
    const held = this.held.get(a.callId);
    if (!held || held.released) return; // not (or no longer) waiting
    const lang = a.language;
    // Numbers as recorded fragments (`sound:`), not Asterisk's `number:`, which no stop can cut
    // short: the move to the operator's bridge waits behind whatever plays on the channel.
    const media = queueAnnouncementMedia({
      language: lang,
      position: a.position,
      ...(a.estimatedWaitSec === undefined ? {} : { estimatedWaitSec: a.estimatedWaitSec }),
    });
    this.stopAnnouncement(held);
    const playbackId = PlaybackId(`${a.callId}:q${++this.announcements}`);
    held.announcing = playbackId;
    void held.placed.then((placed) => {
      // Superseded, stopped or left meanwhile; over channel music a prompt would end the music.
      if (held.announcing !== playbackId || this.held.get(a.callId) !== held || placed !== 'bridge') return;
      this.port.play(a.channelId, playbackId, media, lang).catch((err: unknown) => {
        if (!isGone(err))
          this.logger.warn({ err, callId: a.callId }, 'queue announcement could not be played');
      });
    });
  }

  /**
   * The caller is leaving hold (an operator answered): their announcement stops and fallback
   * music on their channel is stopped, so they hear the person who answered.
   */
  stop(callId: CallId): void {
    const held = this.held.get(callId);
    if (!held) return;
    held.released = true;
    this.stopAnnouncement(held);
    void held.placed.then(() => this.stopChannelMusic(held));
  }

  private async place(queueId: string, held: Held): Promise<Placement> {
    const { channelId } = held;
    try {
      let bridgeId = await this.bridge(queueId);
      try {
        await this.port.addToBridge(bridgeId, [channelId]);
      } catch (err) {
        // Asterisk restarted under us (or someone destroyed the bridge): build it again, once.
        if (!(err instanceof TelephonyError && /Bridge not found/.test(err.message))) throw err;
        this.logger.info({ queueId }, 'holding bridge gone from Asterisk; creating it again');
        this.bridges.delete(queueId);
        bridgeId = await this.bridge(queueId);
        await this.port.addToBridge(bridgeId, [channelId]);
      }
      held.inBridge = bridgeId;
      return 'bridge';
    } catch (err) {
      // Hung up, left the queue or reached someone meanwhile: no music to fall back on.
      if (isGone(err) || held.released || this.held.get(held.callId) !== held) return 'none';
      this.logger.warn(
        { err, channelId },
        'could not put the caller on hold; playing music on their channel',
      );
      held.channelMusic = true;
      await this.port.startMoh(channelId).catch((e: unknown) => {
        held.channelMusic = false;
        if (!isGone(e)) this.logger.warn({ err: e, channelId }, 'fallback music could not be started either');
      });
      return 'channel-music';
    }
  }

  private bridge(queueId: string): Promise<BridgeId> {
    let bridge = this.bridges.get(queueId);
    if (!bridge) {
      const id = BridgeId(`queue-${queueId}`);
      bridge = this.port
        .createBridge(id, 'holding', `queue-${queueId}`)
        .catch((err: unknown) => {
          // It may exist from before our restart; adding to it says whether it really does.
          this.logger.debug({ err, bridgeId: id }, 'holding bridge not created');
        })
        .then(() => this.port.startBridgeMoh(id, 'default'))
        .catch((err: unknown) => this.logger.warn({ err, bridgeId: id }, 'no music in the holding bridge'))
        .then(() => id);
      this.bridges.set(queueId, bridge);
    }
    return bridge;
  }

  private stopAnnouncement(held: Held): void {
    const playbackId = held.announcing;
    if (!playbackId) return;
    delete held.announcing;
    this.port.stopPlayback(playbackId).catch((err: unknown) => {
      // `gone`: it had finished, or never started because the caller left first.
      if (!isGone(err)) this.logger.debug({ err, playbackId }, 'queue announcement not stopped');
    });
  }

  private stopChannelMusic(held: Held): void {
    if (!held.channelMusic) return;
    held.channelMusic = false;
    this.port.stopMoh(held.channelId).catch((err: unknown) => {
      if (!isGone(err))
        this.logger.warn({ err, channelId: held.channelId }, 'fallback music could not be stopped');
    });
  }

  private forgetChannel(channelId: ChannelId): void {
    const callId = this.byChannel.get(channelId);
    const held = callId ? this.held.get(callId) : undefined;
    if (held) this.forget(held);
  }

  private forget(held: Held): void {
    if (this.held.get(held.callId) === held) this.held.delete(held.callId);
    if (this.byChannel.get(held.channelId) === held.callId) this.byChannel.delete(held.channelId);
  }
}

function isGone(err: unknown): boolean {
  return err instanceof TelephonyError && err.kind === 'gone';
}
