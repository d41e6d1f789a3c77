// What a waiting caller hears: music on hold on their own channel, and their place in the queue
// (and the estimated wait) announced between stretches of it. No holding bridge:
// - Asterisk runs a play to a bridged channel as a synchronous bridge action; if the caller
//   leaves the bridge before it runs, Asterisk's Stasis thread waits for it 600 s (PLAYBACK_TIMEOUT
//   in main/bridge_channel.c) and the channel outlives its hang-up by ten minutes.
// - every enter/leave event of a shared bridge carries every waiting caller.
// A caller who joins hears their place first (an announcement asked for in the same turn as the
// join goes out before the music), then the music. A play on a channel ends its music (main/file.c
// deactivates the generator) and nothing starts it again, so the music is asked for again when an
// announcement has finished (not queued behind its play request: the adapter may play an
// announcement as several playbacks, one after the other). Play and music requests are answered
// at once (Asterisk queues them), so nothing waits behind a prompt. Each caller's requests go out
// one after the other: two in flight could reach Asterisk swapped.
import type { CallId, ChannelId } from '../domain/ids.ts';
import { PlaybackId } from '../domain/ids.ts';
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

interface Held {
  callId: CallId;
  channelId: ChannelId;
  /** This caller's requests, in the order they must reach Asterisk. */
  chain: Promise<void>;
  /** Taken off hold (an operator answered, or they left the queue): no more music or announcements. */
  released: boolean;
  announcing?: PlaybackId;
  /** The last announcement whose play request was sent. */
  sent?: PlaybackId;
}

export class QueueHolding {
  private readonly held = new Map<CallId, Held>();
  private readonly byChannel = new Map<ChannelId, CallId>();
  private readonly byAnnouncement = new Map<PlaybackId, Held>();
  private announcements = 0;

  constructor(
    private readonly port: TelephonyPort,
    private readonly logger: Logger,
  ) {
    // A channel that left our app has left its music too: nothing more to undo.
    port.onEvent((e) => {
      if (e.type === 'channel-left' || e.type === 'channel-destroyed') this.forgetChannel(e.channelId);
      if (e.type === 'playback-finished') this.announcementEnded(e.playbackId);
    });
  }

  /** Callers held now (tests prove nothing is left behind). */
  get size(): number {
    return this.held.size;
  }

  /** Puts the caller on hold: music on their channel. `queueId` names the queue (for the logs). */
  enter(queueId: string, callId: CallId, channelId: ChannelId): void {
    const previous = this.held.get(callId);
    if (previous) this.forget(previous);
    const held: Held = { callId, channelId, chain: Promise.resolve(), released: false };
    this.held.set(callId, held);
    this.byChannel.set(channelId, callId);
    void this.inOrder(held, () => this.music(held, queueId));
  }

  /**
   * Takes the caller off hold (they left the queue but stay on the line). Resolves once the music's
   * stop is in Asterisk's queue for the channel, so whatever is sent next runs after it.
   */
  leave(_queueId: string | undefined, callId: CallId, _channelId: ChannelId): Promise<void> {
    const held = this.held.get(callId);
    if (!held) return Promise.resolve();
    const done = this.release(held);
    this.forget(held);
    return done;
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
    void this.inOrder(held, async () => {
      if (held.announcing !== playbackId) return; // superseded or stopped before it was sent
      held.sent = playbackId;
      this.byAnnouncement.set(playbackId, held);
      try {
        await this.port.play(held.channelId, playbackId, media, lang);
      } catch (err) {
        if (!isGone(err))
          this.logger.warn({ err, callId: a.callId }, 'queue announcement could not be played');
        this.byAnnouncement.delete(playbackId);
        if (held.announcing === playbackId) {
          delete held.announcing;
          await this.music(held);
        }
      }
    });
  }

  /**
   * The caller is leaving hold (an operator answered): the announcement stops and so does the
   * music, so they hear the person who answered. Resolves once both are in Asterisk's queue for
   * the channel: a move to the operator's bridge sent after that runs after them.
   */
  stop(callId: CallId): Promise<void> {
    const held = this.held.get(callId);
    if (!held || held.released) return held?.chain ?? Promise.resolve();
    return this.release(held);
  }

  private release(held: Held): Promise<void> {
    held.released = true;
    this.stopAnnouncement(held);
    return this.inOrder(held, () =>
      this.port.stopMoh(held.channelId).catch((err: unknown) => {
        if (!isGone(err))
          this.logger.warn({ err, channelId: held.channelId }, 'music on hold could not be stopped');
      }),
    );
  }

  private async music(held: Held, queueId?: string): Promise<void> {
    if (held.released || this.held.get(held.callId) !== held) return;
    // The place is said first, as a native Playback-then-MusicOnHold would: its end brings the music.
    if (held.announcing) return;
    await this.port.startMoh(held.channelId).catch((err: unknown) => {
      if (!isGone(err))
        this.logger.warn({ err, channelId: held.channelId, queueId }, 'music on hold could not be started');
    });
  }

  private inOrder(held: Held, step: () => Promise<void>): Promise<void> {
    // Every step handles its own failure; the chain goes on whatever one did.
    held.chain = held.chain.then(step).catch((err: unknown) => {
      this.logger.warn({ err, callId: held.callId }, 'queue holding step failed');
    });
    return held.chain;
  }

  private stopAnnouncement(held: Held): void {
    const playbackId = held.announcing;
    if (!playbackId) return;
    delete held.announcing;
    // Behind the play's request, or it could reach Asterisk first and find nothing to stop.
    void this.inOrder(held, async () => {
      if (held.sent !== playbackId) return; // never sent
      await this.port.stopPlayback(playbackId).catch((err: unknown) => {
        // `gone`: it had finished.
        if (!isGone(err)) this.logger.debug({ err, playbackId }, 'queue announcement not stopped');
      });
    });
  }

  /** The announcement playing ended (or was cut): the music comes back, unless another follows. */
  private announcementEnded(playbackId: PlaybackId): void {
    const held = this.byAnnouncement.get(playbackId);
    if (!held) return;
    this.byAnnouncement.delete(playbackId);
    if (held.announcing !== playbackId) return; // superseded: the next one brings the music back
    delete held.announcing;
    void this.inOrder(held, () => this.music(held));
  }

  private forgetChannel(channelId: ChannelId): void {
    const callId = this.byChannel.get(channelId);
    const held = callId ? this.held.get(callId) : undefined;
    if (held) {
      held.released = true;
      this.forget(held);
    }
  }

  private forget(held: Held): void {
    if (this.held.get(held.callId) === held) this.held.delete(held.callId);
    if (this.byChannel.get(held.channelId) === held.callId) this.byChannel.delete(held.channelId);
    if (held.sent) this.byAnnouncement.delete(held.sent);
  }
}

function isGone(err: unknown): boolean {
  return err instanceof TelephonyError && err.kind === 'gone';
}
