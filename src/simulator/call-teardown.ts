// Hanging up a channel, in the order Asterisk publishes it (NOTES §2.5 S5, traces s1/s2):
// ChannelHangupRequest → [BRIDGEPEER cleared] → (the 204 of a DELETE goes out here) →
// [PlaybackFinished(failed)] → [ChannelLeftBridge] → StasisEnd → [terminal Dial] → ChannelDestroyed.
// Commands queued behind the playback run (and fail) on the hung-up channel before StasisEnd.
// ChannelDestroyed reaches only apps still subscribed, so a dialplan-entered call ends at StasisEnd.
import { causeText, dialStatusForCause } from './ari-format.ts';
import { leaveBridge } from './bridge-actions.ts';
import type { SimChannel } from './sim-channel.ts';
import type { SimWorld } from './sim-world.ts';

export interface TeardownSpec {
  by: 'caller' | 'app' | 'remote' | 'timeout';
  /** The ChannelHangupRequest blob, or null when none is published (originate timeout). */
  hangupRequest: { cause?: number; soft?: boolean; tech_cause?: number } | null;
  /** Q.850 cause reported by ChannelDestroyed. */
  cause: number;
  techCause?: number;
  /** Terminal Dial status of a still-ringing originate; derived from the cause unless given; null = none. */
  dialStatus?: string | null;
}

/** Does the part Asterisk does before answering a DELETE; returns the rest. */
export function beginTeardown(world: SimWorld, ch: SimChannel, spec: TeardownSpec): () => void {
  world.cancelTimers(ch);
  world.channels.delete(ch.id);
  ch.callState = 'ended';
  ch.endedBy = spec.by;
  ch.endCause = spec.cause;
  if (spec.hangupRequest) world.emitChannel('ChannelHangupRequest', ch, spec.hangupRequest);
  if (ch.bridgePeerSet) {
    ch.bridgePeerSet = false;
    ch.variables.set('BRIDGEPEER', '');
    world.emitChannel('ChannelVarset', ch, { variable: 'BRIDGEPEER', value: '' });
  }
  return () => finishTeardown(world, ch, spec);
}

function finishTeardown(world: SimWorld, ch: SimChannel, spec: TeardownSpec): void {
  // The running playback fails; control_dispatch_all then still runs every command queued behind
  // it, on the hung-up channel (a play: Started + Finished failed; answer: 500; addChannel: enters
  // and leaves the bridge), all before StasisEnd, as recorded.
  world.playbacks.hangup(`channel:${ch.id}`);
  if (ch.bridgeId) leaveBridge(world, ch, 'hangup');
  world.leaveStasis(ch);
  ch.control.flush();
  if (ch.originateRinging) {
    ch.originateRinging = false;
    const status = spec.dialStatus === undefined ? dialStatusForCause(spec.cause) : spec.dialStatus;
    if (status !== null) world.emitDial(ch, status, ch.dialString);
  }
  world.emitChannel('ChannelDestroyed', ch, {
    cause: spec.cause,
    cause_txt: causeText(spec.cause),
    ...(spec.techCause !== undefined ? { tech_cause: spec.techCause } : {}),
  });
  world.subs.forgetChannel(ch.id);
  const origination = world.originations.find((o) => o.channelId === ch.id);
  if (origination && origination.endedAt === null) {
    origination.endedAt = world.timestamp();
    if (origination.result === 'dialing' || origination.result === 'ringing') {
      origination.result = spec.by === 'app' ? 'cancelled' : spec.by === 'timeout' ? 'noanswer' : 'failed';
    }
  }
}

/** A hangup from the far end (the citizen, or an operator's phone): all of it at once. */
export function remoteHangup(world: SimWorld, ch: SimChannel, by: 'caller' | 'remote', cause = 16): void {
  beginTeardown(world, ch, { by, hangupRequest: { cause }, cause })();
}
