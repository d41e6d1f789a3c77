// Playbacks as res_stasis_playback runs them: one queue per channel or bridge, each playback going
// through its media list (PlaybackStarted / PlaybackContinuing / PlaybackFinished), durations on the
// injected clock, `done` when stopped, and removal from the registry once finished.
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { PlaybackJson } from './ari-format.ts';
import type { HeardOutcome } from './sim-channel.ts';

const PLAYABLE_SCHEMES = ['sound', 'recording', 'number', 'digits', 'characters', 'tone'];
/** `number:`, `digits:` and `characters:` are not controllable: DELETE answers 500. */
const UNSTOPPABLE_SCHEMES = ['number', 'digits', 'characters'];

const schemeOf = (uri: string) => uri.slice(0, Math.max(0, uri.indexOf(':')));

export class SimPlayback {
  index = 0;
  state: PlaybackJson['state'] = 'queued';
  timer: TimerHandle | undefined;

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
  private readonly queues = new Map<string, SimPlayback[]>();

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

  /** Queues a playback; if the target is idle it starts now, so PlaybackStarted precedes the 201. */
  enqueue(pb: SimPlayback): void {
    this.registry.set(pb.id, pb);
    const queue = this.queues.get(pb.targetUri) ?? [];
    this.queues.set(pb.targetUri, queue);
    queue.push(pb);
    if (queue.length === 1) this.startItem(pb);
  }

  stop(id: string): StopResult {
    const pb = this.registry.get(id);
    if (!pb) return 'not-found';
    if (pb.state === 'queued') {
      // A cancelled queued playback finishes `done` without ever starting.
      this.removeFromQueue(pb);
      pb.state = 'done';
      this.registry.delete(pb.id);
      this.hooks.emit('PlaybackFinished', pb);
      return 'stopped';
    }
    if (UNSTOPPABLE_SCHEMES.includes(schemeOf(pb.currentMedia))) return 'not-controllable';
    this.finish(pb, 'stopped');
    return 'stopped';
  }

  /** The channel hung up or the bridge went away: the running playback ends `done`, queued ones vanish. */
  cancelTarget(targetUri: string): void {
    const queue = this.queues.get(targetUri);
    if (!queue) return;
    this.queues.delete(targetUri);
    const [head, ...rest] = queue;
    for (const pb of rest) this.registry.delete(pb.id);
    if (head && head.state !== 'queued') {
      this.clock.clearTimeout(head.timer);
      head.state = 'done';
      this.registry.delete(head.id);
      this.hooks.itemEnded(head, 'cut-off');
      this.hooks.emit('PlaybackFinished', head);
    } else if (head) {
      this.registry.delete(head.id);
    }
  }

  private startItem(pb: SimPlayback): void {
    pb.state = 'playing';
    this.hooks.emit('PlaybackStarted', pb);
    this.hooks.itemStarted(pb);
    if (!PLAYABLE_SCHEMES.includes(schemeOf(pb.currentMedia))) {
      // "scheme is unsupported": the item is skipped. When it is the last one no PlaybackFinished
      // ever follows its PlaybackStarted; the playback is simply gone.
      this.hooks.itemEnded(pb, 'unsupported');
      if (pb.index + 1 < pb.medias.length) {
        pb.index++;
        this.startItem(pb);
      } else {
        this.registry.delete(pb.id);
        this.advanceQueue(pb);
      }
      return;
    }
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
    this.finish(pb, 'played');
  }

  private finish(pb: SimPlayback, outcome: HeardOutcome): void {
    this.clock.clearTimeout(pb.timer);
    pb.timer = undefined;
    pb.state = 'done';
    this.registry.delete(pb.id);
    this.hooks.itemEnded(pb, outcome);
    this.hooks.emit('PlaybackFinished', pb);
    this.advanceQueue(pb);
  }

  private advanceQueue(finished: SimPlayback): void {
    const queue = this.queues.get(finished.targetUri);
    if (!queue) return;
    this.removeFromQueue(finished);
    const next = queue[0];
    if (next) this.startItem(next);
  }

  private removeFromQueue(pb: SimPlayback): void {
    const queue = this.queues.get(pb.targetUri);
    if (!queue) return;
    const i = queue.indexOf(pb);
    if (i >= 0) queue.splice(i, 1);
    if (queue.length === 0) this.queues.delete(pb.targetUri);
  }
}
