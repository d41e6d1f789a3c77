// `POST /channels/{id}/play[/{playbackId}]` and `POST /bridges/{id}/play[/{playbackId}]` after the
// target's own checks: both queue the media the same way (resource_channels.c, resource_bridges.c).
// The request answers 201 at once (an asynchronous command); the playback runs when its turn comes
// in the target's command queue.
import type { RouteContext } from './ari-router.ts';
import type { ControlQueue } from './control-queue.ts';
import { type AriReply, ariError } from './errors.ts';
import { SimPlayback } from './sim-playback.ts';

export interface PlayTarget {
  uri: string;
  queue: ControlQueue;
  /** Asked when the playback's turn comes: true if it can only fail (see PlaybackEngine.play). */
  cannotPlay(): boolean;
  /** Runs when the playback's turn comes, before it plays. */
  onStart?: () => void;
}

/** Queues `media` on the target; it plays when its turn comes in the target's command queue. */
export function queuePlayback(ctx: RouteContext, target: PlayTarget): AriReply {
  const targetUri = target.uri;
  const medias = ctx.list('media');
  if (medias.length === 0) return ariError(500, 'Failed to queue media for playback');
  const id = ctx.str('playbackId') ?? ctx.world.newId();
  if (ctx.world.playbacks.has(id)) return ariError(409, `Playback with id '${id}' already exists`);
  const { playbacks } = ctx.world;
  const pb = new SimPlayback(id, medias, targetUri, ctx.str('lang') ?? 'en');
  playbacks.register(pb);
  // If the target is idle the playback starts now, so PlaybackStarted precedes the 201, as recorded.
  void target.queue
    .send({
      name: 'play',
      run: (done) => {
        target.onStart?.();
        playbacks.play(pb, done, target.cannotPlay());
      },
    })
    .then((outcome) => {
      if (outcome === 'flushed') playbacks.discard(pb);
    });
  // The body is built after the command was queued: `playing` if it started at once, as recorded
  // (one that already failed, e.g. into a holding bridge with music, still reads `playing`).
  const body = {
    ...pb.toJson(),
    media_uri: medias[0] ?? '',
    ...(medias[1] ? { next_media_uri: medias[1] } : {}),
    state: pb.state === 'queued' ? 'queued' : 'playing',
  };
  return { status: 201, body, headers: { Location: `/ari/playbacks/${id}` } };
}
