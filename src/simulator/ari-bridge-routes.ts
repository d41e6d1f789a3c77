// /ari/bridges: resource_bridges.c statuses and messages (NOTES §2.3).
import { queuePlayback } from './ari-play-route.ts';
import type { Route, RouteContext } from './ari-router.ts';
import { destroyBridge, joinBridge, leaveBridge, settleMixingPair } from './bridge-actions.ts';
import { syncCommand } from './control-queue.ts';
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

type Reply = AriReply | Promise<AriReply>;

function withBridge(fn: (ctx: RouteContext, bridge: SimBridge) => Reply) {
  return (ctx: RouteContext): Reply => {
    const bridge = ctx.world.bridges.get(ctx.str('bridgeId') ?? '');
    return bridge ? fn(ctx, bridge) : bridgeNotFound();
  };
}

/** addChannel/removeChannel: the shared checks, all before anything changes, then `fn`. */
function withMembers(fn: (ctx: RouteContext, bridge: SimBridge, channels: SimChannel[]) => Reply) {
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

/**
 * A holding bridge has one announcer place, and bridge music on hold takes it: a playback into a
 * holding bridge playing MOH fails at once ("tried to be an announcer. Bridge already has one").
 */
const playOnBridge = (ctx: RouteContext, bridge: SimBridge) =>
  queuePlayback(ctx, {
    uri: `bridge:${bridge.id}`,
    queue: bridge.announcer,
    cannotPlay: () => bridge.type === 'holding' && bridge.mohClass !== null,
  });

/**
 * addChannel is a synchronous command of each channel in turn: it waits behind whatever that
 * channel is doing (a playback), and answers 204 even for a channel that hung up meanwhile
 * (check_add_remove_channel ignores the failure).
 */
async function addChannels(ctx: RouteContext, bridge: SimBridge, channels: SimChannel[]): Promise<AriReply> {
  let added = false;
  for (const ch of channels) {
    await syncCommand(
      ch.control,
      'addChannel',
      () => {
        if (!ctx.world.bridges.has(bridge.id) || ch.bridgeId === bridge.id) return;
        joinBridge(ctx.world, bridge, ch);
        // Queued before a hang-up, it still runs: the channel enters the bridge and leaves it at once,
        // and the app is left without a subscription to the bridge (no BridgeDestroyed later).
        if (!ch.alive) leaveBridge(ctx.world, ch, 'removed');
        else added = true;
      },
      undefined,
    );
  }
  if (added) settleMixingPair(ctx.world, bridge);
  return noContent();
}

async function removeChannels(
  ctx: RouteContext,
  bridge: SimBridge,
  channels: SimChannel[],
): Promise<AriReply> {
  for (const ch of channels) {
    await syncCommand(
      ch.control,
      'removeChannel',
      () => {
        if (ch.alive && ch.bridgeId === bridge.id) leaveBridge(ctx.world, ch, 'removed');
      },
      undefined,
    );
  }
  return noContent();
}

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
    handler: withMembers(addChannels),
  },
  {
    method: 'POST',
    pattern: '/bridges/{bridgeId}/removeChannel',
    handler: withMembers((ctx, bridge, channels) => {
      if (channels.some((ch) => ch.bridgeId !== bridge.id))
        return ariError(422, 'Channel not in this bridge');
      return removeChannels(ctx, bridge, channels);
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
