// `POST /channels/{id}/play[/{playbackId}]` and `POST /bridges/{id}/play[/{playbackId}]` after the
// target's own checks: both queue the media the same way (resource_channels.c, resource_bridges.c).
import type { RouteContext } from './ari-router.ts';
import { type AriReply, ariError } from './errors.ts';
import { SimPlayback } from './sim-playback.ts';

/** Queues `media` on `targetUri`; `onQueued` runs once the request is accepted, before playing starts. */
export function queuePlayback(ctx: RouteContext, targetUri: string, onQueued?: () => void): AriReply {
  const medias = ctx.list('media');
  if (medias.length === 0) return ariError(500, 'Failed to queue media for playback');
  const id = ctx.str('playbackId') ?? ctx.world.newId();
  if (ctx.world.playbacks.has(id)) return ariError(409, `Playback with id '${id}' already exists`);
  onQueued?.();
  const pb = new SimPlayback(id, medias, targetUri, ctx.str('lang') ?? 'en');
  const snapshot = pb.toJson();
  ctx.world.playbacks.enqueue(pb); // PlaybackStarted goes out before the 201, as recorded
  return { status: 201, body: snapshot, headers: { Location: `/ari/playbacks/${id}` } };
}
