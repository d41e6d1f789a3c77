// Runs a media list as the playbacks `planPlaybacks` cut it into, one after the other on the same
// channel or bridge, so that a stop is obeyed at once (see playback-plan.ts). The engine still
// sees one playback under its own id: one `playback-started`, one `playback-finished` (failed as
// Asterisk reports the last one run), and `stopPlayback(id)` stops the part playing and cancels
// the rest. A list that needs no cutting goes to Asterisk as it is.
import type { BridgeId, ChannelId, PlaybackId } from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import { TelephonyError, type TelephonyEvent } from '../telephony/telephony-port.ts';
import { planPlaybacks } from './playback-plan.ts';

export type PlaybackTarget = { kind: 'channel'; id: ChannelId } | { kind: 'bridge'; id: BridgeId };

export interface PlaybackRest {
  /** One ARI play request of `media` under `playbackId`. */
  start(target: PlaybackTarget, playbackId: string, media: string[], language?: string): Promise<void>;
  /** One ARI playback stop. */
  stop(playbackId: string): Promise<void>;
}

interface Sequence {
  id: PlaybackId;
  target: PlaybackTarget;
  segments: string[][];
  language: string | undefined;
  index: number;
  /** The ARI playback id of the part playing (or being started) now. */
  currentId: string;
  starting: Promise<void>;
  stopped: boolean;
  startedSent: boolean;
}

export class PlaybackSequences {
  /** By the engine's playback id. */
  private readonly byId = new Map<string, Sequence>();
  /** By the ARI playback id of each part started and not yet finished. */
  private readonly byPart = new Map<string, Sequence>();

  constructor(
    private readonly rest: PlaybackRest,
    private readonly emit: (event: TelephonyEvent) => void,
    private readonly logger: Logger,
  ) {}

  /** Sequences in flight (tests prove nothing is left behind). */
  get size(): number {
    return this.byId.size;
  }

  async play(target: PlaybackTarget, id: PlaybackId, media: string[], language?: string): Promise<void> {
    const segments = planPlaybacks(media);
    const [first] = segments;
    if (!first) throw new TelephonyError('bad-request', 'play', 'no media given');
    if (segments.length === 1) return this.rest.start(target, id, first, language);
    const seq: Sequence = {
      id,
      target,
      segments,
      language,
      index: 0,
      currentId: id,
      starting: Promise.resolve(),
      stopped: false,
      startedSent: false,
    };
    // Registered before the request: PlaybackStarted may arrive before its 201.
    this.byId.set(id, seq);
    this.byPart.set(id, seq);
    seq.starting = this.rest.start(target, id, first, language);
    try {
      await seq.starting;
    } catch (err) {
      this.forget(seq);
      throw err;
    }
  }

  /** Whether `id` is a sequence of ours in flight. */
  has(id: PlaybackId): boolean {
    return this.byId.has(id);
  }

  /** Stops a sequence: the part playing now, and nothing after it. False: not a sequence of ours. */
  async stop(id: PlaybackId): Promise<boolean> {
    const seq = this.byId.get(id);
    if (!seq) return false;
    seq.stopped = true;
    await seq.starting.catch(() => undefined); // its failure is reported by the starter
    if (this.byId.get(id) !== seq) return true; // finished meanwhile
    try {
      await this.rest.stop(seq.currentId);
    } catch (err) {
      // `gone`: that part had just ended, and with `stopped` nothing follows it. `invalid-state`:
      // Asterisk cannot stop a `number:` item; it ends by itself and nothing follows it.
      if (!(err instanceof TelephonyError) || (err.kind !== 'gone' && err.kind !== 'invalid-state'))
        throw err;
      this.logger.debug(
        { playbackId: id, part: seq.currentId, reason: err.message },
        'prompt part ends by itself',
      );
    }
    return true;
  }

  /** Takes the events of our parts; true when the event was consumed (not for the engine as is). */
  intercept(event: TelephonyEvent): boolean {
    switch (event.type) {
      case 'playback-started': {
        const seq = this.byPart.get(event.playbackId);
        if (!seq) return false;
        if (!seq.startedSent) {
          seq.startedSent = true;
          this.emit({ ...event, playbackId: seq.id });
        }
        return true;
      }
      case 'playback-finished': {
        const seq = this.byPart.get(event.playbackId);
        if (!seq) return false;
        this.byPart.delete(event.playbackId);
        if (seq.stopped || seq.index === seq.segments.length - 1) {
          this.finish(seq, event.target, event.failed);
        } else {
          // A part that failed before the last goes on, as Asterisk goes on past a missing file;
          // a hang-up shows as the next part failing to start.
          this.next(seq, event.target);
        }
        return true;
      }
      case 'channel-left':
      case 'channel-destroyed':
        // The channel is gone and so are its playbacks; the engine learns that from this event.
        for (const seq of [...this.byId.values()]) {
          if (seq.target.kind === 'channel' && seq.target.id === event.channelId) this.forget(seq);
        }
        return false;
      default:
        return false;
    }
  }

  /** The link to Asterisk is lost: the events that would end these sequences may never come. */
  clear(): void {
    this.byId.clear();
    this.byPart.clear();
  }

  private next(seq: Sequence, targetUri: string): void {
    seq.index++;
    const partId = partIdOf(seq.id, seq.index);
    seq.currentId = partId;
    this.byPart.set(partId, seq);
    const media = seq.segments[seq.index] ?? [];
    seq.starting = this.rest.start(seq.target, partId, media, seq.language).catch((err: unknown) => {
      if (this.byId.get(seq.id) !== seq || seq.currentId !== partId) return;
      const kind = err instanceof TelephonyError ? err.kind : 'unknown';
      // `gone` is the caller hanging up mid-prompt: normal, and the engine hears it from the channel.
      if (kind !== 'gone')
        this.logger.warn({ err, playbackId: seq.id, part: partId }, 'prompt part could not be started');
      this.finish(seq, targetUri, true);
    });
  }

  private finish(seq: Sequence, targetUri: string, failed: boolean): void {
    this.forget(seq);
    this.emit({ type: 'playback-finished', playbackId: seq.id, target: targetUri, failed });
  }

  private forget(seq: Sequence): void {
    if (this.byId.get(seq.id) === seq) this.byId.delete(seq.id);
    for (let i = 0; i <= seq.index; i++) {
      const partId = partIdOf(seq.id, i);
      if (this.byPart.get(partId) === seq) this.byPart.delete(partId);
    }
  }
}

/** Asterisk's playback id of part `index` of a sequence: the first part keeps the sequence's id. */
function partIdOf(sequenceId: string, index: number): string {
  return index === 0 ? sequenceId : `${sequenceId}~${index}`;
}
