// Bridge membership as stasis_bridge does it: entering subscribes the channel's app to the bridge,
// leaving by removeChannel/move/destroy unsubscribes it. Leaving by hangup does not (the recordings
// show BridgeDestroyed still reaching the app afterwards).
import type { SimBridge } from './sim-bridge.ts';
import type { SimChannel } from './sim-channel.ts';
import type { SimWorld } from './sim-world.ts';

export type LeaveReason = 'removed' | 'moved' | 'destroyed' | 'hangup';

export function leaveBridge(world: SimWorld, ch: SimChannel, reason: LeaveReason): void {
  const bridge = ch.bridgeId ? world.bridges.get(ch.bridgeId) : undefined;
  ch.bridgeId = null;
  if (!bridge) return;
  bridge.remove(ch.id);
  world.emitBridgeMember('ChannelLeftBridge', bridge, ch);
  if (reason !== 'hangup' && ch.stasisApp) world.subs.unsubscribeBridge(ch.stasisApp, bridge.id);
}

export function joinBridge(world: SimWorld, bridge: SimBridge, ch: SimChannel): void {
  if (ch.bridgeId === bridge.id) return;
  if (ch.bridgeId) leaveBridge(world, ch, 'moved');
  // Channel MOH is meant for channels outside bridges; joining one ends it.
  ch.mohClass = null;
  if (ch.stasisApp) world.subs.subscribeBridge(ch.stasisApp, bridge.id);
  ch.bridgeId = bridge.id;
  bridge.add(ch.id);
  world.emitBridgeMember('ChannelEnteredBridge', bridge, ch);
}

/**
 * After an addChannel: a two-party mixing bridge sets BRIDGEPEER on both sides and propagates
 * connected-line information, as the recordings show (noise the engine must ignore).
 */
export function settleMixingPair(world: SimWorld, bridge: SimBridge): void {
  if (bridge.type !== 'mixing' || bridge.channels.length !== 2) return;
  const pair = bridge.channels.map((id) => world.liveChannel(id)).filter((c) => c !== undefined);
  if (pair.length !== 2) return;
  const [a, b] = pair as [SimChannel, SimChannel];
  for (const [ch, peer] of [
    [a, b],
    [b, a],
  ] as const) {
    ch.bridgePeerSet = true;
    ch.variables.set('BRIDGEPEER', peer.name);
    world.emitChannel('ChannelVarset', ch, { variable: 'BRIDGEPEER', value: peer.name });
  }
  for (const [ch, peer] of [
    [a, b],
    [b, a],
  ] as const) {
    if (ch.connected.name !== peer.caller.name || ch.connected.number !== peer.caller.number) {
      ch.connected = { ...peer.caller };
      world.emitChannel('ChannelConnectedLine', ch);
    }
  }
}

/** DELETE /bridges/{id}: members are ejected but stay in Stasis; apps still subscribed get BridgeDestroyed. */
export function destroyBridge(world: SimWorld, bridge: SimBridge): void {
  bridge.announcer.flush();
  world.playbacks.hangup(`bridge:${bridge.id}`);
  for (const id of [...bridge.channels]) {
    const ch = world.liveChannel(id);
    if (ch) leaveBridge(world, ch, 'destroyed');
    else bridge.remove(id);
  }
  world.emitBridge('BridgeDestroyed', bridge);
  world.bridges.delete(bridge.id);
  world.subs.forgetBridge(bridge.id);
}
