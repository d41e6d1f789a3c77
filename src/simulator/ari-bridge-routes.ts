// /ari/bridges: resource_bridges.c statuses and messages (NOTES §2.3).
import { queuePlayback } from './ari-play-route.ts';
import type { Route, RouteContext } from './ari-router.ts';
import { destroyBridge, joinBridge, leaveBridge, settleMixingPair } from './bridge-actions.ts';
import { type AriReply, ariError, bridgeNotFound, noContent, ok } from './errors.ts';
import { type BridgeType, SimBridge } from './sim-bridge.ts';
import type { SimChannel } from './sim-channel.ts';

const BRIDGE_FLAGS = [
  'mixing',
  'holding',
  'dtmf_events',
  'proxy_media',
  'video_sfu',
  'video_single',
  'sdp_label',
];

function createBridge(ctx: RouteContext): AriReply {
  const { world } = ctx;
  const id = ctx.str('bridgeId') ?? world.newId();
  if (world.bridges.has(id)) return ariError(409, `Bridge with id '${id}' already exists`);
  const flags = ctx.list('type');
  const invalid =
    flags.some((f) => !BRIDGE_FLAGS.includes(f)) || (flags.includes('holding') && flags.includes('mixing'));
  if (invalid) return ariError(500, `Unable to create bridge. Possible duplicate bridge id '${id}'`);
  const type: BridgeType = flags.includes('holding') ? 'holding' : 'mixing';
  const bridge = new SimBridge(id, type, ctx.str('name') ?? '', world.clock.now());
  world.bridges.set(id, bridge);
  // BridgeCreated reaches only subscribeAll apps (R3).
  world.emitBridge('BridgeCreated', bridge);
  return ok(bridge.toJson());
}

function withBridge(fn: (ctx: RouteContext, bridge: SimBridge) => AriReply) {
  return (ctx: RouteContext): AriReply => {
    const bridge = ctx.world.bridges.get(ctx.str('bridgeId') ?? '');
    return bridge ? fn(ctx, bridge) : bridgeNotFound();
  };
}

/** addChannel/removeChannel: the shared checks, all before anything changes, then `fn`. */
function withMembers(fn: (ctx: RouteContext, bridge: SimBridge, channels: SimChannel[]) => AriReply) {
  return withBridge((ctx, bridge) => {
    const ids = ctx.list('channel');
    if (ids.length === 0) return ariError(400, 'Missing parameter channel');
    const channels: SimChannel[] = [];
    for (const id of ids) {
      const ch = ctx.world.liveChannel(id);
      if (!ch) return ariError(400, 'Channel not found');
      if (!ch.stasisApp) return ariError(422, 'Channel not in Stasis application');
      channels.push(ch);
    }
    return fn(ctx, bridge, channels);
  });
}

const playOnBridge = (ctx: RouteContext, bridge: SimBridge) => queuePlayback(ctx, `bridge:${bridge.id}`);

export const bridgeRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/bridges',
    handler: (ctx) => ok([...ctx.world.bridges.values()].map((b) => b.toJson())),
  },
  { method: 'POST', pattern: '/bridges', handler: createBridge },
  { method: 'POST', pattern: '/bridges/{bridgeId}', handler: createBridge },
  { method: 'GET', pattern: '/bridges/{bridgeId}', handler: withBridge((_ctx, b) => ok(b.toJson())) },
  {
    method: 'DELETE',
    pattern: '/bridges/{bridgeId}',
    handler: withBridge((ctx, b) => {
      destroyBridge(ctx.world, b);
      return noContent();
    }),
  },
  {
    method: 'POST',
    pattern: '/bridges/{bridgeId}/addChannel',
    handler: withMembers((ctx, bridge, channels) => {
      const before = bridge.channels.length;
      for (const ch of channels) joinBridge(ctx.world, bridge, ch);
      if (bridge.channels.length !== before) settleMixingPair(ctx.world, bridge);
      return noContent();
    }),
  },
  {
    method: 'POST',
    pattern: '/bridges/{bridgeId}/removeChannel',
    handler: withMembers((ctx, bridge, channels) => {
      if (channels.some((ch) => ch.bridgeId !== bridge.id))
        return ariError(422, 'Channel not in this bridge');
      for (const ch of channels) leaveBridge(ctx.world, ch, 'removed');
      return noContent();
    }),
  },
  {
    method: 'POST',
    pattern: '/bridges/{bridgeId}/moh',
    handler: withBridge((ctx, b) => {
      b.mohClass = ctx.str('mohClass') ?? 'default';
      return noContent();
    }),
  },
  {
    method: 'DELETE',
    pattern: '/bridges/{bridgeId}/moh',
    handler: withBridge((_ctx, b) => {
      if (!b.mohClass) return ariError(409, "Bridge isn't playing music");
      b.mohClass = null;
      return noContent();
    }),
  },
  { method: 'POST', pattern: '/bridges/{bridgeId}/play', handler: withBridge(playOnBridge) },
  { method: 'POST', pattern: '/bridges/{bridgeId}/play/{playbackId}', handler: withBridge(playOnBridge) },
];
