// The narrow interface between the engine and Asterisk. The engine never sees ari-client:
// the adapter in src/ari translates both ways and keeps ari-client's looseness to itself.
import type { BridgeId, ChannelId, PlaybackId } from '../domain/ids.ts';

export type ChannelState = 'Down' | 'Ring' | 'Ringing' | 'Up' | 'Busy' | 'Other';

/** What the engine needs to know about a channel. */
export interface ChannelInfo {
  id: ChannelId;
  name: string;
  state: ChannelState;
  callerNumber: string;
  callerName: string;
  /** The extension dialled (the short number for an inbound call). */
  exten: string;
  language: string;
  /** When Asterisk created the channel, epoch ms. */
  createdAt: number;
}

/** Outcome of dialling an outbound leg, as Asterisk's Dial event reports it. */
export type DialStatus =
  | 'ANSWER'
  | 'BUSY'
  | 'NOANSWER'
  | 'CHANUNAVAIL'
  | 'CONGESTION'
  | 'CANCEL'
  | 'RINGING'
  | 'PROGRESS';

export type TelephonyEvent =
  /** (Re)connected to Asterisk; `channels` are those still in our Stasis app (to re-adopt or end). */
  | { type: 'connected'; channels: ChannelInfo[]; reconnect: boolean }
  | { type: 'disconnected'; reason: string }
  /** A channel entered the app: an inbound call, or a leg we created (`args` tell which). */
  | { type: 'channel-entered'; channel: ChannelInfo; args: string[] }
  /** The channel left our app (StasisEnd): for inbound calls the last event there will be. */
  | { type: 'channel-left'; channelId: ChannelId }
  | { type: 'channel-destroyed'; channelId: ChannelId; cause: number; causeText: string }
  | { type: 'channel-state'; channelId: ChannelId; state: ChannelState }
  | { type: 'hangup-requested'; channelId: ChannelId; cause?: number }
  | { type: 'dtmf'; channelId: ChannelId; digit: string; durationMs: number }
  /** Not reported by an adapter told not to (AriTelephony `playbackStarts: false`, as the engine runs). */
  | { type: 'playback-started'; playbackId: PlaybackId; target: string }
  | { type: 'playback-finished'; playbackId: PlaybackId; target: string; failed: boolean }
  | { type: 'dial'; channelId: ChannelId; status: DialStatus | '' }
  | { type: 'bridge-entered'; bridgeId: BridgeId; channelId: ChannelId }
  | { type: 'bridge-left'; bridgeId: BridgeId; channelId: ChannelId };

export type TelephonyEventType = TelephonyEvent['type'];

/** Why an operation failed, in terms the engine can act on. */
export type TelephonyErrorKind =
  /** The channel / bridge / playback no longer exists (a concurrent hangup, a finished prompt). */
  | 'gone'
  /** The channel is not (or not yet) in our Stasis app. */
  | 'not-in-stasis'
  /** The channel is in a state that does not allow this (e.g. playing to a ringing leg). */
  | 'invalid-state'
  | 'conflict'
  | 'bad-request'
  /** Asterisk could not create the channel (unknown or unavailable endpoint). */
  | 'unavailable'
  /** No answer from Asterisk in time; the operation may or may not have happened. */
  | 'timeout'
  /** Not connected to Asterisk at all. */
  | 'disconnected'
  | 'unknown';

export class TelephonyError extends Error {
  override readonly name = 'TelephonyError';
  constructor(
    readonly kind: TelephonyErrorKind,
    readonly operation: string,
    message: string,
  ) {
    super(`${operation}: ${message} (${kind})`);
  }
}

export interface CreateChannelRequest {
  channelId: ChannelId;
  /** e.g. `PJSIP/op1` or `PJSIP/0501234567@trunk`. */
  endpoint: string;
  /** Passed back in the leg's `channel-entered` event. */
  appArgs: string[];
  /** `"Name" <number>` as Asterisk expects. */
  callerId?: string;
  variables?: Record<string, string>;
}

export type BridgeType = 'holding' | 'mixing';

export interface TelephonyPort {
  /** Subscribe to events; returns the unsubscribe function. Events for one channel arrive in order. */
  onEvent(listener: (event: TelephonyEvent) => void): () => void;
  /** True while the event stream is connected. */
  isConnected(): boolean;
  /** A cheap round trip to Asterisk (readiness). */
  ping(): Promise<void>;

  answer(channelId: ChannelId): Promise<void>;
  hangup(channelId: ChannelId, reason?: 'normal' | 'busy' | 'congestion' | 'no_answer'): Promise<void>;
  /** Queue media (`sound:…`, `digits:…`, `number:…`) on a channel under a playback id we chose. */
  play(channelId: ChannelId, playbackId: PlaybackId, media: string[], language?: string): Promise<void>;
  stopPlayback(playbackId: PlaybackId): Promise<void>;
  startMoh(channelId: ChannelId, mohClass?: string): Promise<void>;
  stopMoh(channelId: ChannelId): Promise<void>;
  setVariable(channelId: ChannelId, name: string, value: string): Promise<void>;

  createBridge(bridgeId: BridgeId, type: BridgeType, name: string): Promise<void>;
  addToBridge(bridgeId: BridgeId, channelIds: ChannelId[]): Promise<void>;
  removeFromBridge(bridgeId: BridgeId, channelId: ChannelId): Promise<void>;
  destroyBridge(bridgeId: BridgeId): Promise<void>;
  startBridgeMoh(bridgeId: BridgeId, mohClass?: string): Promise<void>;
  stopBridgeMoh(bridgeId: BridgeId): Promise<void>;
  playToBridge(bridgeId: BridgeId, playbackId: PlaybackId, media: string[], language?: string): Promise<void>;

  /** Create an outbound leg in our app (it enters with `channel-entered` later), not yet dialled. */
  createChannel(req: CreateChannelRequest): Promise<ChannelInfo>;
  /** Dial a created leg once its `channel-entered` arrived. `timeoutSec` 0 = no timeout. */
  dial(channelId: ChannelId, opts: { callerChannelId?: ChannelId; timeoutSec: number }): Promise<void>;
  /** The channels currently in our app. */
  listChannels(): Promise<ChannelInfo[]>;

  close(): Promise<void>;
}
