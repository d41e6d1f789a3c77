// The simulated Asterisk: channels, bridges and playbacks, the events they produce and who gets them.
// REST handlers and the control API both act on this one object; time comes from the injected clock.
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import { ariTimestamp } from './ari-format.ts';
import {
  type CallView,
  callView,
  hangupCall,
  type PlaceCallRequest,
  placeCall,
  sendDtmf,
} from './citizen-calls.ts';
import {
  EndpointDirectory,
  type EndpointScript,
  endpointScriptSchema,
  type Origination,
} from './endpoint-scripts.ts';
import { ControlError } from './errors.ts';
import type { SimBridge } from './sim-bridge.ts';
import { type ChannelInit, type HeardItem, SimChannel } from './sim-channel.ts';
import { PlaybackEngine, type SimPlayback } from './sim-playback.ts';
import { type EventBody, Subscriptions } from './subscriptions.ts';
import type { SimEventType } from './swagger-declarations/events.ts';

export interface DialplanEntry {
  exten: string;
  app: string;
  args?: string[];
}

export interface WorldConfig {
  clock: Clock;
  dialplan: DialplanEntry[];
  endpoints: string[];
  defaultPlaybackMs: number;
  playbackMs: Record<string, number>;
  asteriskId?: string;
}

/** Bounded memory for long demo runs: ended calls beyond this many are forgotten, oldest first. */
const MAX_CALL_RECORDS = 20_000;
const MAX_EVENTS_PER_CALL = 1_000;

export class SimWorld {
  readonly clock: Clock;
  readonly asteriskId: string;
  readonly subs: Subscriptions;
  readonly playbacks: PlaybackEngine;
  readonly directory: EndpointDirectory;
  readonly dialplan: DialplanEntry[];
  readonly startedAt: number;
  /** Live channels (what `GET /channels` lists). */
  readonly channels = new Map<string, SimChannel>();
  /** Every channel ever seen, live or ended, for the control API. */
  readonly records = new Map<string, SimChannel>();
  readonly bridges = new Map<string, SimBridge>();
  readonly originations: Origination[] = [];
  readonly globals = new Map<string, string>();
  /** Set by the event socket server: closes every events WebSocket. */
  dropSockets: () => number = () => 0;
  /** Monotonic clock time until which new events WebSockets are refused. */
  refuseSocketsUntil = Number.NEGATIVE_INFINITY;

  private seq = 0;
  private nameSeq = 0;
  private readonly heardByPlayback = new Map<string, HeardItem[]>();

  constructor(config: WorldConfig) {
    this.clock = config.clock;
    this.asteriskId = config.asteriskId ?? '02:fc:00:00:00:01';
    this.subs = new Subscriptions(this.asteriskId);
    this.directory = new EndpointDirectory(config.endpoints);
    this.dialplan = config.dialplan;
    this.startedAt = this.clock.now();
    this.playbacks = new PlaybackEngine(
      this.clock,
      (media) => config.playbackMs[media] ?? config.defaultPlaybackMs,
      {
        emit: (type, pb) => this.emitPlayback(type, pb),
        itemStarted: (pb) => this.noteHeardStart(pb),
        itemEnded: (pb, outcome) => {
          for (const item of this.heardByPlayback.get(pb.id) ?? []) item.outcome = outcome;
          this.heardByPlayback.delete(pb.id);
        },
      },
    );
  }

  timestamp(): string {
    return ariTimestamp(this.clock.now());
  }

  /** Asterisk uniqueids: `<creation epoch seconds>.<sequence>`, e.g. `1795871407.5`. */
  nextChannelId(): string {
    return `${Math.floor(this.clock.now() / 1000)}.${this.seq++}`;
  }

  /** `PJSIP/op1-0000000a`. */
  nextChannelName(prefix: string): string {
    return `${prefix}-${(this.nameSeq++).toString(16).padStart(8, '0')}`;
  }

  addChannel(init: Omit<ChannelInit, 'createdAt' | 'protocolId'>): SimChannel {
    const ch = new SimChannel({
      ...init,
      createdAt: this.clock.now(),
      protocolId: `${randomUUID().replaceAll('-', '').slice(0, 16)}@10.0.0.5`,
    });
    this.channels.set(ch.id, ch);
    this.records.set(ch.id, ch);
    if (this.records.size > MAX_CALL_RECORDS) this.pruneRecords();
    return ch;
  }

  liveChannel(id: string): SimChannel | undefined {
    return this.channels.get(id);
  }

  /** Runs `fn` after `ms` on the simulation clock unless the channel has ended by then. */
  schedule(ch: SimChannel, ms: number, fn: () => void): TimerHandle {
    const handle = this.clock.setTimeout(() => {
      ch.timers.delete(handle);
      if (ch.alive) fn();
    }, ms);
    ch.timers.add(handle);
    return handle;
  }

  cancelTimers(ch: SimChannel): void {
    for (const t of ch.timers) this.clock.clearTimeout(t);
    ch.timers.clear();
  }

  // ---- event emission -------------------------------------------------------------------------

  private build(type: SimEventType, fields: Record<string, unknown>): EventBody {
    return { type, timestamp: this.timestamp(), ...fields };
  }

  private record(channels: readonly SimChannel[], event: EventBody, deliveredTo: string[]): void {
    if (deliveredTo.length === 0) return;
    for (const ch of channels) {
      if (ch.events.length < MAX_EVENTS_PER_CALL) ch.events.push({ event, deliveredTo });
    }
  }

  /** A channel-topic event: delivered to apps subscribed to the channel (R1). */
  emitChannel(type: SimEventType, ch: SimChannel, fields: Record<string, unknown> = {}): void {
    const event = this.build(type, { ...fields, channel: ch.toJson() });
    this.record([ch], event, this.subs.deliver(this.subs.audience([ch.id]), event));
  }

  /** `Dial` carries the leg as `peer` (no `caller` for ARI originate and /dial). */
  emitDial(ch: SimChannel, dialstatus: string, dialstring: string): void {
    const event = this.build('Dial', { dialstatus, forward: '', dialstring, peer: ch.toJson() });
    this.record([ch], event, this.subs.deliver(this.subs.audience([ch.id]), event));
  }

  /** StasisStart / StasisEnd go straight to the app, subscribed or not (R2). */
  emitToApp(
    app: string,
    type: 'StasisStart' | 'StasisEnd',
    ch: SimChannel,
    fields: Record<string, unknown> = {},
  ) {
    const event = this.build(type, { ...fields, channel: ch.toJson() });
    this.record([ch], event, this.subs.deliver([app], event));
  }

  /** Bridge membership events reach apps subscribed to the channel or to the bridge (R3). */
  emitBridgeMember(type: 'ChannelEnteredBridge' | 'ChannelLeftBridge', bridge: SimBridge, ch: SimChannel) {
    const event = this.build(type, { bridge: bridge.toJson(), channel: ch.toJson() });
    this.record([ch], event, this.subs.deliver(this.subs.audience([ch.id], [bridge.id]), event));
  }

  emitBridge(type: 'BridgeCreated' | 'BridgeDestroyed', bridge: SimBridge): void {
    const event = this.build(type, { bridge: bridge.toJson() });
    const members = bridge.channels.map((id) => this.records.get(id)).filter((c) => c !== undefined);
    this.record(members, event, this.subs.deliver(this.subs.audience([], [bridge.id]), event));
  }

  private emitPlayback(type: SimEventType, pb: SimPlayback): void {
    const event = this.build(type, { playback: pb.toJson() });
    const { channels, bridgeIds } = this.playbackTarget(pb.targetUri);
    const audience = this.subs.audience(
      channels.map((c) => c.id),
      bridgeIds,
    );
    this.record(channels, event, this.subs.deliver(audience, event));
  }

  private playbackTarget(uri: string): { channels: SimChannel[]; bridgeIds: string[] } {
    if (uri.startsWith('channel:')) {
      const ch = this.records.get(uri.slice('channel:'.length));
      return { channels: ch ? [ch] : [], bridgeIds: [] };
    }
    const bridge = this.bridges.get(uri.slice('bridge:'.length));
    const channels = (bridge?.channels ?? [])
      .map((id) => this.records.get(id))
      .filter((c) => c !== undefined);
    return { channels, bridgeIds: bridge ? [bridge.id] : [] };
  }

  private noteHeardStart(pb: SimPlayback): void {
    const { channels } = this.playbackTarget(pb.targetUri);
    const items: HeardItem[] = [];
    for (const ch of channels) {
      const item: HeardItem = {
        media: pb.currentMedia,
        playbackId: pb.id,
        target: pb.targetUri,
        outcome: 'playing',
        startedAt: this.timestamp(),
      };
      ch.heard.push(item);
      items.push(item);
    }
    this.heardByPlayback.set(pb.id, items);
  }

  // ---- Stasis membership ----------------------------------------------------------------------

  /** Runs `Stasis(app,args)` on the channel: dialplan noise, then the subscription, then StasisStart. */
  enterStasis(ch: SimChannel, app: string, args: string[]): void {
    const appData = [app, ...args].join(',');
    ch.dialplan = { ...ch.dialplan, app_name: 'Stasis', app_data: appData };
    this.emitChannel('ChannelDialplan', ch, { dialplan_app: 'Stasis', dialplan_app_data: appData });
    ch.variables.set('STASISSTATUS', '');
    this.emitChannel('ChannelVarset', ch, { variable: 'STASISSTATUS', value: '' });
    this.subs.subscribeChannel(app, ch.id);
    ch.stasisApp = app;
    this.emitToApp(app, 'StasisStart', ch, { args });
  }

  /** StasisEnd, then the Stasis subscription is released: later events reach only other subscribers. */
  leaveStasis(ch: SimChannel): void {
    const app = ch.stasisApp;
    if (!app) return;
    ch.stasisApp = null;
    this.emitToApp(app, 'StasisEnd', ch);
    this.subs.unsubscribeChannel(app, ch.id);
    ch.variables.set('STASISSTATUS', 'SUCCESS');
    this.emitChannel('ChannelVarset', ch, { variable: 'STASISSTATUS', value: 'SUCCESS' });
  }

  // ---- the control API, in process ------------------------------------------------------------

  /** A citizen dials `to` from `from`; returns the call (= channel) id. */
  placeCall(req: PlaceCallRequest): { id: string } {
    return placeCall(this, req);
  }

  /** The citizen presses keys; each digit lasts `durationMs`, with `gapMs` between digits. */
  sendDtmf(id: string, digits: string, gapMs?: number, durationMs?: number): void {
    sendDtmf(this, id, digits, gapMs, durationMs);
  }

  /** The citizen (or the far end of an outbound leg) hangs up. */
  hangup(id: string): void {
    hangupCall(this, id);
  }

  getCall(id: string): CallView | undefined {
    const ch = this.records.get(id);
    return ch ? callView(this, ch) : undefined;
  }

  listCalls(): CallView[] {
    return [...this.records.values()].map((ch) => callView(this, ch));
  }

  /** Scripts an endpoint (`PJSIP`, `op1`) or one trunk destination (`PJSIP`, `+99450…@trunk`). */
  scriptEndpoint(tech: string, resource: string, script: EndpointScript): void {
    const target = `${tech}/${resource}`;
    const parsed = endpointScriptSchema.parse(script);
    const resolved = this.directory.resolve(target);
    if (!resolved)
      throw new ControlError(
        404,
        `unknown endpoint '${target}'; known: ${this.directory.endpoints.join(', ')}`,
      );
    this.directory.setScript(target, parsed);
  }

  listOriginations(): Origination[] {
    return this.originations.map((o) => ({ ...o }));
  }

  /** Closes every events WebSocket (ari-client will try to reconnect). */
  dropWebSockets(): number {
    return this.dropSockets();
  }

  /** Refuses new events WebSockets for `ms` of simulation time. */
  refuseWebSockets(ms: number): void {
    this.refuseSocketsUntil = this.clock.monotonic() + ms;
  }

  /** A fresh id for a bridge or playback the client did not name. */
  newId(): string {
    return randomUUID();
  }

  private pruneRecords(): void {
    for (const [id, ch] of this.records) {
      if (this.records.size <= MAX_CALL_RECORDS) break;
      if (!ch.alive) this.records.delete(id);
    }
  }
}
