// Playbacks as res_stasis_playback runs them (play_on_channel): each playback goes through its media
// list (PlaybackStarted per item, PlaybackContinuing between items, PlaybackFinished at the end),
// durations on the injected clock. A playback waits for its turn in its target's command queue
// (control-queue.ts); this engine only runs it once its turn has come.
// Three facts of 22.10.1 that are easy to get wrong:
// - `controllable` is sticky: it is set by the first sound:/recording:/tone: item and never cleared.
//   A stop while a number:/digits:/characters: item plays answers 500 only if no such item came
//   before; otherwise it answers 204, cuts one digit short and the playback goes on (the item ends
//   normally, which overwrites the stop).
// - A hang-up ends the running item with an error: PlaybackFinished state `failed` (not `done`).
// - A stopped or cancelled playback reports `done`; a queued one that was stopped reports its
//   PlaybackFinished only when its turn comes.
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { PlaybackJson } from './ari-format.ts';
import type { HeardOutcome } from './sim-channel.ts';

/** Schemes whose items react to a stop (they set `controllable`). */
const CONTROLLABLE_SCHEMES = ['sound', 'recording', 'tone'];

const schemeOf = (uri: string) => uri.slice(0, Math.max(0, uri.indexOf(':')));

/** Items play_on_channel skips with `continue` (no final update): unknown scheme, invalid number. */
function skipped(uri: string): boolean {
  const scheme = schemeOf(uri);
  if (scheme === 'number') return !/^\s*[-+]?\d/.test(uri.slice('number:'.length));
  return !['sound', 'recording', 'number', 'digits', 'characters', 'tone'].includes(scheme);
}

export class SimPlayback {
  index = 0;
  state: PlaybackJson['state'] = 'queued';
  timer: TimerHandle | undefined;
  /** Set once a sound:, recording: or tone: item started; never cleared. */
  controllable = false;
  /** A stop was accepted while a non-controllable item played: the item still ends normally. */
  stopRequested = false;
  /** Stopped while still queued: finishes `done` without playing when its turn comes. */
  cancelled = false;
  onEnd: (() => void) | undefined;

  constructor(
    readonly id: string,
    readonly medias: readonly string[],
    readonly targetUri: string,
    readonly language: string,
  ) {}

  get currentMedia(): string {
    return this.medias[this.index] ?? '';
  }

  toJson(): PlaybackJson {
    const next = this.medias[this.index + 1];
    return {
      id: this.id,
      media_uri: this.currentMedia,
      ...(next !== undefined ? { next_media_uri: next } : {}),
      target_uri: this.targetUri,
      language: this.language,
      state: this.state,
    };
  }
}

export interface PlaybackHooks {
  emit(type: 'PlaybackStarted' | 'PlaybackContinuing' | 'PlaybackFinished', pb: SimPlayback): void;
  itemStarted(pb: SimPlayback): void;
  itemEnded(pb: SimPlayback, outcome: HeardOutcome): void;
}

export type StopResult = 'stopped' | 'not-found' | 'not-controllable';

export class PlaybackEngine {
  private readonly registry = new Map<string, SimPlayback>();
  /** The playback running on each target (`channel:<id>`, `bridge:<id>`). */
  private readonly running = new Map<string, SimPlayback>();

  constructor(
    private readonly clock: Clock,
    private readonly durationOf: (media: string) => number,
    private readonly hooks: PlaybackHooks,
  ) {}

  get(id: string): SimPlayback | undefined {
    return this.registry.get(id);
  }

  has(id: string): boolean {
    return this.registry.has(id);
  }

  get size(): number {
    return this.registry.size;
  }

  /** The request was accepted: the playback exists (GET, DELETE) but waits for its turn. */
  register(pb: SimPlayback): void {
    this.registry.set(pb.id, pb);
  }

  /**
   * Its turn came: plays it through; `onEnd` runs when it is over, however it ends. `failsAtOnce`:
   * the target cannot play (a hung-up channel; a holding bridge whose music already holds the one
   * announcer place): PlaybackStarted, then at once PlaybackFinished `failed`, as recorded.
   */
  play(pb: SimPlayback, onEnd: () => void, failsAtOnce = false): void {
    pb.onEnd = onEnd;
    if (pb.cancelled) {
      // playback_first_update publishes the cancelled state ("done") and returns.
      this.end(pb, 'done', null);
      return;
    }
    this.running.set(pb.targetUri, pb);
    this.startItem(pb);
    if (failsAtOnce && this.running.get(pb.targetUri) === pb) this.end(pb, 'failed', 'failed');
  }

  /** The request never got its turn (sent after the channel left Stasis): it silently goes away. */
  discard(pb: SimPlayback): void {
    this.registry.delete(pb.id);
  }

  stop(id: string): StopResult {
    const pb = this.registry.get(id);
    if (!pb) return 'not-found';
    if (pb.state === 'queued') {
      pb.cancelled = true;
      return 'stopped';
    }
    if (pb.stopRequested || pb.state === 'done' || pb.state === 'failed') return 'stopped';
    if (!pb.controllable) return 'not-controllable';
    if (CONTROLLABLE_SCHEMES.includes(schemeOf(pb.currentMedia))) {
      this.end(pb, 'done', 'stopped');
      return 'stopped';
    }
    // A stop frame reaches ast_say_*, which ends one digit's file and carries on.
    pb.stopRequested = true;
    pb.state = 'done';
    return 'stopped';
  }

  /**
   * The target's channel hung up (or the bridge went away): the running item ends with an error,
   * reported as `failed` (`done` if a stop had been accepted before).
   */
  hangup(targetUri: string): void {
    const pb = this.running.get(targetUri);
    if (!pb) return;
    this.end(pb, pb.stopRequested ? 'done' : 'failed', 'cut-off');
  }

  private startItem(pb: SimPlayback): void {
    pb.state = 'playing';
    pb.stopRequested = false;
    this.hooks.emit('PlaybackStarted', pb);
    this.hooks.itemStarted(pb);
    if (skipped(pb.currentMedia)) {
      // "scheme is unsupported": the item is skipped without a final update. When it is the last
      // one no PlaybackFinished ever follows its PlaybackStarted; the playback is simply gone.
      this.hooks.itemEnded(pb, 'unsupported');
      if (pb.index + 1 < pb.medias.length) {
        pb.index++;
        this.startItem(pb);
      } else {
        this.end(pb, null, null);
      }
      return;
    }
    if (CONTROLLABLE_SCHEMES.includes(schemeOf(pb.currentMedia))) pb.controllable = true;
    pb.timer = this.clock.setTimeout(() => this.itemDone(pb), this.durationOf(pb.currentMedia));
  }

  private itemDone(pb: SimPlayback): void {
    pb.timer = undefined;
    if (pb.index + 1 < pb.medias.length) {
      pb.state = 'continuing';
      this.hooks.itemEnded(pb, 'played');
      this.hooks.emit('PlaybackContinuing', pb);
      pb.index++;
      this.startItem(pb);
      return;
    }
    this.end(pb, 'done', 'played');
  }

  /** Ends the playback: `final` is the state PlaybackFinished reports (null: none is published). */
  private end(pb: SimPlayback, final: 'done' | 'failed' | null, outcome: HeardOutcome | null): void {
    this.clock.clearTimeout(pb.timer);
    pb.timer = undefined;
    this.registry.delete(pb.id);
    if (this.running.get(pb.targetUri) === pb) this.running.delete(pb.targetUri);
    if (outcome) this.hooks.itemEnded(pb, outcome);
    if (final) {
      pb.state = final;
      this.hooks.emit('PlaybackFinished', pb);
    }
    const onEnd = pb.onEnd;
    pb.onEnd = undefined;
    onEnd?.();
  }
}
