// Raw ARI event JSON → TelephonyEvent. Ids are read from the event itself (`event.channel.id`,
// `event.peer.id`, …), never from ari-client's second callback argument, whose shape changes
// with the number of resources in the event (NOTES §1.5, P8).
import { z } from 'zod';
import { BridgeId, ChannelId, PlaybackId } from '../domain/ids.ts';
import type { DialStatus, TelephonyEvent } from '../telephony/telephony-port.ts';
import {
  AriBridgeSchema,
  AriChannelSchema,
  AriPlaybackSchema,
  toChannelInfo,
  toChannelState,
} from './ari-json.ts';

export type MappedAriEvent =
  | { kind: 'event'; event: TelephonyEvent }
  /** A known ARI event the engine has no use for (ChannelVarset, ChannelDialplan, …). */
  | { kind: 'ignored'; type: string }
  /** Another app stole our registration: this socket will receive nothing more (R7, P6). */
  | { kind: 'replaced' }
  /** Not an event we know, or its fields are not what Asterisk sends. */
  | { kind: 'invalid'; type: string; reason: string };

/** Event types that carry nothing the engine needs; dropped without a log line. */
const NOISE = new Set([
  'ChannelVarset',
  'ChannelDialplan',
  'ChannelCallerId',
  'ChannelConnectedLine',
  'ChannelCreated',
  'ChannelDtmfBegin',
  'ChannelHold',
  'ChannelUnhold',
  'ChannelTalkingStarted',
  'ChannelTalkingFinished',
  'ChannelToneDetected',
  'ChannelUserevent',
  'ChannelTransfer',
  'PlaybackContinuing',
  'BridgeCreated',
  'BridgeDestroyed',
  'BridgeMerged',
  'BridgeVideoSourceChanged',
  'BridgeBlindTransfer',
  'BridgeAttendedTransfer',
  'DeviceStateChanged',
  'EndpointStateChange',
  'ContactStatusChange',
  'PeerStatusChange',
  'RecordingStarted',
  'RecordingFinished',
  'RecordingFailed',
  'TextMessageReceived',
  'ApplicationRegistered',
  'ApplicationUnregistered',
  'ApplicationMoveFailed',
  'RESTResponse',
  'CallBroadcast',
  'CallClaimed',
  'MissingParams',
]);

/**
 * The body of `PUT /applications/{app}/eventFilter`: Asterisk stops sending these types at the
 * WebSocket (res/ari/ari_websockets.c), so neither it nor the engine spends time on them. Every
 * type in it is one the mapper drops anyway; ApplicationReplaced and all mapped types pass, but
 * for PlaybackStarted when `playbackStarts` is false (Asterisk sends one per file of a prompt).
 */
export function unusedEventFilter(opts: { playbackStarts: boolean }): {
  disallowed: Array<{ type: string }>;
} {
  const types = opts.playbackStarts ? [...NOISE] : [...NOISE, 'PlaybackStarted'];
  return { disallowed: types.map((type) => ({ type })) };
}

const DIAL_STATUSES = new Set<string>([
  'ANSWER',
  'BUSY',
  'NOANSWER',
  'CHANUNAVAIL',
  'CONGESTION',
  'CANCEL',
  'RINGING',
  'PROGRESS',
  '',
]);

// Only StasisStart reads the whole channel snapshot (caller, dialplan, language, creation time);
// every other event needs the ids (and the state) alone, so only those are checked and copied:
// Asterisk sends the full snapshot with each of them, and reading it all is per-event CPU.
const ChannelRef = z.object({ id: z.string().min(1) });
const WithChannel = z.object({ channel: ChannelRef });
const StateChange = z.object({
  channel: z.object({ id: z.string().min(1), state: z.string().default('Unknown') }),
});
const StasisStart = z.object({ channel: AriChannelSchema, args: z.array(z.string()).default([]) });
const ChannelDestroyed = z.object({
  channel: ChannelRef,
  cause: z.number().int().default(0),
  cause_txt: z.string().default(''),
});
const HangupRequest = z.object({ channel: ChannelRef, cause: z.number().int().optional() });
const Dtmf = z.object({
  channel: ChannelRef,
  digit: z.string().min(1),
  duration_ms: z.number().default(0),
});
const PlaybackEvent = z.object({ playback: AriPlaybackSchema });
const Dial = z.object({ peer: ChannelRef, dialstatus: z.string().default('') });
const BridgeMembership = z.object({ bridge: AriBridgeSchema, channel: ChannelRef });

type Mapper = (raw: unknown, receivedAt: number) => TelephonyEvent | null;

const MAPPERS: Record<string, Mapper> = {
  StasisStart: (raw, at) => {
    const e = StasisStart.parse(raw);
    return { type: 'channel-entered', channel: toChannelInfo(e.channel, at), args: e.args };
  },
  StasisEnd: (raw) => ({ type: 'channel-left', channelId: ChannelId(WithChannel.parse(raw).channel.id) }),
  ChannelDestroyed: (raw) => {
    const e = ChannelDestroyed.parse(raw);
    return {
      type: 'channel-destroyed',
      channelId: ChannelId(e.channel.id),
      cause: e.cause,
      causeText: e.cause_txt,
    };
  },
  ChannelStateChange: (raw) => {
    const e = StateChange.parse(raw);
    return {
      type: 'channel-state',
      channelId: ChannelId(e.channel.id),
      state: toChannelState(e.channel.state),
    };
  },
  ChannelHangupRequest: (raw) => {
    const e = HangupRequest.parse(raw);
    const event: TelephonyEvent = { type: 'hangup-requested', channelId: ChannelId(e.channel.id) };
    return e.cause === undefined ? event : { ...event, cause: e.cause };
  },
  ChannelDtmfReceived: (raw) => {
    const e = Dtmf.parse(raw);
    return { type: 'dtmf', channelId: ChannelId(e.channel.id), digit: e.digit, durationMs: e.duration_ms };
  },
  PlaybackStarted: (raw) => {
    const { playback } = PlaybackEvent.parse(raw);
    return { type: 'playback-started', playbackId: PlaybackId(playback.id), target: playback.target_uri };
  },
  PlaybackFinished: (raw) => {
    const { playback } = PlaybackEvent.parse(raw);
    return {
      type: 'playback-finished',
      playbackId: PlaybackId(playback.id),
      target: playback.target_uri,
      failed: playback.state === 'failed',
    };
  },
  Dial: (raw) => {
    const e = Dial.parse(raw);
    // PROCEEDING (and anything newer) says nothing the engine acts on.
    if (!DIAL_STATUSES.has(e.dialstatus)) return null;
    return { type: 'dial', channelId: ChannelId(e.peer.id), status: e.dialstatus as DialStatus | '' };
  },
  ChannelEnteredBridge: (raw) => {
    const e = BridgeMembership.parse(raw);
    return { type: 'bridge-entered', bridgeId: BridgeId(e.bridge.id), channelId: ChannelId(e.channel.id) };
  },
  ChannelLeftBridge: (raw) => {
    const e = BridgeMembership.parse(raw);
    return { type: 'bridge-left', bridgeId: BridgeId(e.bridge.id), channelId: ChannelId(e.channel.id) };
  },
};

/**
 * Maps one WebSocket frame's parsed JSON. `receivedAt` (epoch ms) stands in for a channel's
 * creation time when Asterisk's timestamp is missing or unreadable.
 */
export function mapAriEvent(raw: unknown, receivedAt: number): MappedAriEvent {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { kind: 'invalid', type: '?', reason: 'frame is not a JSON object' };
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string') return { kind: 'invalid', type: '?', reason: 'event has no type' };
  if (type === 'ApplicationReplaced') return { kind: 'replaced' };
  const mapper = MAPPERS[type];
  if (!mapper) {
    return NOISE.has(type)
      ? { kind: 'ignored', type }
      : { kind: 'invalid', type, reason: 'unknown event type' };
  }
  const parsed = safeMap(mapper, raw, receivedAt);
  if (!parsed.ok) return { kind: 'invalid', type, reason: parsed.reason };
  return parsed.event ? { kind: 'event', event: parsed.event } : { kind: 'ignored', type };
}

/** Parses one text frame; a frame that is not JSON is reported, never thrown. */
export function mapAriFrame(text: string, receivedAt: number): MappedAriEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'invalid', type: '?', reason: 'frame is not JSON' };
  }
  return mapAriEvent(raw, receivedAt);
}

function safeMap(
  mapper: Mapper,
  raw: unknown,
  at: number,
): { ok: true; event: TelephonyEvent | null } | { ok: false; reason: string } {
  try {
    return { ok: true, event: mapper(raw, at) };
  } catch (err) {
    const reason =
      err instanceof z.ZodError
        ? err.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')
        : String(err);
    return { ok: false, reason };
  }
}
