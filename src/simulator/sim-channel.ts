// One simulated channel, plus what the control API reports about it (what the far end heard, the
// events its app received, how it ended).
import type { TimerHandle } from '../domain/clock.ts';
import type { CallerIdJson, ChannelJson, ChannelState } from './ari-format.ts';
import { ariTimestamp } from './ari-format.ts';
import { ControlQueue } from './control-queue.ts';
import type { EventBody } from './subscriptions.ts';

export type ChannelOrigin = 'dialplan' | 'originate' | 'create';

/** `failed`: the target could not play it at all (never heard). */
export type HeardOutcome = 'playing' | 'played' | 'stopped' | 'cut-off' | 'unsupported' | 'failed';

export interface HeardItem {
  media: string;
  playbackId: string;
  target: string;
  outcome: HeardOutcome;
  startedAt: string;
}

export type CallState = 'down' | 'ring' | 'ringing' | 'up' | 'ended' | 'failed-to-stasis';

export interface RecordedEvent {
  event: EventBody;
  deliveredTo: string[];
}

export interface ChannelInit {
  id: string;
  name: string;
  endpoint: string;
  dialString: string;
  origin: ChannelOrigin;
  state: ChannelState;
  caller: CallerIdJson;
  connected: CallerIdJson;
  dialplan: ChannelJson['dialplan'];
  createdAt: number;
  protocolId: string;
}

export class SimChannel {
  readonly id: string;
  readonly name: string;
  /** `PJSIP/op1`, or `PJSIP/trunk` for both citizens' calls and `PJSIP/<number>@trunk` dials. */
  readonly endpoint: string;
  readonly dialString: string;
  readonly origin: ChannelOrigin;
  readonly createdAt: number;
  readonly protocolId: string;
  state: ChannelState;
  caller: CallerIdJson;
  connected: CallerIdJson;
  dialplan: ChannelJson['dialplan'];
  readonly variables = new Map<string, string>();

  stasisApp: string | null = null;
  bridgeId: string | null = null;
  bridgePeerSet = false;
  mohClass: string | null = null;
  /** create+dial: set once `/dial` ran (a second dial is refused). */
  dialed = false;
  /** originate: the dial is still in progress (a hangup then publishes a terminal Dial). */
  originateRinging = false;
  readonly timers = new Set<TimerHandle>();
  /** The channel's Stasis command queue: its operations run one at a time, in order. */
  readonly control = new ControlQueue();

  // What the control API reports.
  callState: CallState;
  failureReason: string | null = null;
  endedBy: 'caller' | 'app' | 'remote' | 'timeout' | null = null;
  endCause: number | null = null;
  readonly heard: HeardItem[] = [];
  readonly dtmfSent: string[] = [];
  readonly events: RecordedEvent[] = [];

  constructor(init: ChannelInit) {
    this.id = init.id;
    this.name = init.name;
    this.endpoint = init.endpoint;
    this.dialString = init.dialString;
    this.origin = init.origin;
    this.state = init.state;
    this.caller = init.caller;
    this.connected = init.connected;
    this.dialplan = init.dialplan;
    this.createdAt = init.createdAt;
    this.protocolId = init.protocolId;
    this.callState = init.state === 'Ring' ? 'ring' : 'down';
  }

  get alive(): boolean {
    return this.callState !== 'ended' && this.callState !== 'failed-to-stasis';
  }

  setState(state: ChannelState): void {
    this.state = state;
    if (this.alive) this.callState = state.toLowerCase() as CallState;
  }

  toJson(): ChannelJson {
    return {
      id: this.id,
      name: this.name,
      state: this.state,
      protocol_id: this.protocolId,
      caller: { ...this.caller },
      connected: { ...this.connected },
      accountcode: '',
      dialplan: { ...this.dialplan },
      creationtime: ariTimestamp(this.createdAt),
      language: 'en',
    };
  }
}
