// The TelephonyPort over ari-client: REST calls bounded and their errors classified, events read
// from our own WebSocket and mapped, the link kept up forever. Nothing of ari-client leaks out.
import type { BridgeId, ChannelId, PlaybackId } from '../domain/ids.ts';
import {
  type BridgeType,
  type ChannelInfo,
  type CreateChannelRequest,
  TelephonyError,
  type TelephonyEvent,
  type TelephonyPort,
} from '../telephony/telephony-port.ts';
import { AriConnection, type AriLinkOptions } from './ari-connection.ts';
import { toTelephonyError } from './ari-error.ts';
import { mapAriFrame } from './ari-event-mapper.ts';
import { AriChannelSchema, toChannelInfo } from './ari-json.ts';
import type { AriRestClient } from './ari-rest-client.ts';
import { traceAriEvent } from './ari-trace.ts';
import { createParams, fallbackChannelInfo } from './channel-create.ts';
import { channelsInApp, type LinkContext, prepareLink } from './link-preparation.ts';
import { checkMedia } from './playback-plan.ts';
import { PlaybackSequences, type PlaybackTarget } from './playback-sequences.ts';
import { withTimeout } from './with-timeout.ts';

export interface AriTelephonyOptions extends AriLinkOptions {
  /** Every REST call is bounded by this (default 4000). */
  requestTimeoutMs?: number;
  /** WebSocket ping period (default 1000); a dead socket is detected within 2.5 periods. */
  pingIntervalMs?: number;
  /** Cap of the reconnect backoff (default 10000). */
  maxBackoffMs?: number;
  /** REST requests in flight at once (default 64; Asterisk's http.conf `sessionlimit` must be above). */
  maxSockets?: number;
  /**
   * Report `playback-started` (default true). False asks Asterisk not to send PlaybackStarted at
   * all: one per file of every prompt, about a third of a caller's events, for a user that never
   * reads them. `playback-finished` is reported either way.
   */
  playbackStarts?: boolean;
}

type Listener = (event: TelephonyEvent) => void;

/** At most this many lines per minute about malformed or unknown frames. */
const INVALID_FRAME_LOG_PER_MINUTE = 5;

export class AriTelephony implements TelephonyPort {
  private readonly listeners = new Set<Listener>();
  private readonly connection: AriConnection<ChannelInfo[]>;
  private readonly requestTimeoutMs: number;
  private readonly sequences: PlaybackSequences;
  private connectedWaiters: Array<() => void> = [];
  private invalidFrameWindow = { start: Number.NEGATIVE_INFINITY, count: 0 };
  private closed = false;

  private constructor(private readonly opts: AriTelephonyOptions) {
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 4000;
    const pingIntervalMs = opts.pingIntervalMs ?? 1000;
    const { url, username, password, app, clock, logger } = opts;
    this.connection = new AriConnection(
      {
        url,
        username,
        password,
        app,
        clock,
        logger,
        requestTimeoutMs: this.requestTimeoutMs,
        pingIntervalMs,
        pongTimeoutMs: Math.round(pingIntervalMs * 1.5),
        maxBackoffMs: opts.maxBackoffMs ?? 10_000,
        ...(opts.restClient === undefined ? {} : { restClient: opts.restClient }),
        ...(opts.maxSockets === undefined ? {} : { maxSockets: opts.maxSockets }),
      },
      {
        prepare: (rest) => prepareLink(rest, this.linkContext()),
        connected: (channels, reconnect) => {
          this.emit({ type: 'connected', channels, reconnect });
          const waiters = this.connectedWaiters;
          this.connectedWaiters = [];
          for (const resolve of waiters) resolve();
        },
        frame: (text) => this.onFrame(text),
        lost: (reason) => {
          this.sequences.clear();
          this.emit({ type: 'disconnected', reason });
        },
      },
    );
    this.sequences = new PlaybackSequences(
      {
        start: (target, playbackId, media, language) =>
          this.startPlayback(target, playbackId, media, language),
        stop: (playbackId) =>
          this.call('stopPlayback', (rest) => rest.playbacks.stop({ playbackId })).then(() => {}),
      },
      (event) => this.emit(event),
      opts.logger,
    );
  }

  /** Returns at once; connects in the background and keeps the link up until `close()`. */
  static start(opts: AriTelephonyOptions): AriTelephony {
    const telephony = new AriTelephony(opts);
    telephony.connect();
    return telephony;
  }

  /**
   * Not connected yet: `connect()` once every listener is subscribed. The `connected` event (the
   * channels to re-adopt) is not kept for a listener that subscribes after it.
   */
  static create(opts: AriTelephonyOptions): AriTelephony {
    return new AriTelephony(opts);
  }

  /** Starts connecting in the background (once; later calls do nothing). */
  connect(): void {
    this.connection.start();
  }

  /** Resolves when connected (at once if already), rejects after `timeoutMs`. */
  waitUntilConnected(timeoutMs: number): Promise<void> {
    if (this.connection.isConnected()) return Promise.resolve();
    if (this.closed)
      return Promise.reject(new TelephonyError('disconnected', 'connect', 'adapter is closed'));
    let resolveWait: () => void = () => {};
    const wait = new Promise<void>((resolve) => {
      resolveWait = resolve;
      this.connectedWaiters.push(resolve);
    });
    return withTimeout(wait, timeoutMs, this.opts.clock).catch((err: unknown) => {
      this.connectedWaiters = this.connectedWaiters.filter((w) => w !== resolveWait);
      throw new TelephonyError(
        'timeout',
        'connect',
        `not connected to Asterisk within ${timeoutMs} ms (${String(err)}): ${this.connection.whyNotConnected()}`,
      );
    });
  }

  onEvent(listener: Listener): () => void {
    // Wrapped so the same function can subscribe twice and unsubscribe each independently.
    const entry: Listener = (e) => listener(e);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  /** Listener counts on everything the adapter owns; tests use it to prove nothing grows. */
  listenerCounts(): { socket: number; ariClientEmitter: number; ariClientInstance: number; port: number } {
    return { ...this.connection.listenerCounts(), port: this.listeners.size };
  }

  async ping(): Promise<void> {
    await this.call('ping', (rest) => rest.asterisk.ping());
  }

  async answer(channelId: ChannelId): Promise<void> {
    await this.call('answer', (rest) => rest.channels.answer({ channelId }));
  }

  async hangup(
    channelId: ChannelId,
    reason: 'normal' | 'busy' | 'congestion' | 'no_answer' = 'normal',
  ): Promise<void> {
    await this.call('hangup', (rest) => rest.channels.hangup({ channelId, reason }));
  }

  async play(
    channelId: ChannelId,
    playbackId: PlaybackId,
    media: string[],
    language?: string,
  ): Promise<void> {
    checkMedia('play', media);
    await this.sequences.play({ kind: 'channel', id: channelId }, playbackId, media, language);
  }

  async stopPlayback(playbackId: PlaybackId): Promise<void> {
    // Decided before any await: the stop goes out now, ahead of the play that usually follows it
    // (Asterisk starts that play only once this one has stopped).
    if (this.sequences.has(playbackId)) {
      await this.sequences.stop(playbackId);
      return;
    }
    await this.call('stopPlayback', (rest) => rest.playbacks.stop({ playbackId }));
  }

  async startMoh(channelId: ChannelId, mohClass?: string): Promise<void> {
    await this.call('startMoh', (rest) =>
      rest.channels.startMoh({ channelId, ...(mohClass ? { mohClass } : {}) }),
    );
  }

  async stopMoh(channelId: ChannelId): Promise<void> {
    await this.call('stopMoh', (rest) => rest.channels.stopMoh({ channelId }));
  }

  async setVariable(channelId: ChannelId, name: string, value: string): Promise<void> {
    await this.call('setVariable', (rest) =>
      rest.channels.setChannelVar({ channelId, variable: name, value }),
    );
  }

  async createBridge(bridgeId: BridgeId, type: BridgeType, name: string): Promise<void> {
    await this.call('createBridge', (rest) => rest.bridges.create({ bridgeId, type, name }));
  }

  async addToBridge(bridgeId: BridgeId, channelIds: ChannelId[]): Promise<void> {
    if (channelIds.length === 0) throw new TelephonyError('bad-request', 'addToBridge', 'no channels given');
    await this.call('addToBridge', (rest) =>
      rest.bridges.addChannel({ bridgeId, channel: channelIds.join(',') }),
    );
  }

  async removeFromBridge(bridgeId: BridgeId, channelId: ChannelId): Promise<void> {
    await this.call('removeFromBridge', (rest) =>
      rest.bridges.removeChannel({ bridgeId, channel: channelId }),
    );
  }

  async destroyBridge(bridgeId: BridgeId): Promise<void> {
    await this.call('destroyBridge', (rest) => rest.bridges.destroy({ bridgeId }));
  }

  async startBridgeMoh(bridgeId: BridgeId, mohClass?: string): Promise<void> {
    await this.call('startBridgeMoh', (rest) =>
      rest.bridges.startMoh({ bridgeId, ...(mohClass ? { mohClass } : {}) }),
    );
  }

  async stopBridgeMoh(bridgeId: BridgeId): Promise<void> {
    await this.call('stopBridgeMoh', (rest) => rest.bridges.stopMoh({ bridgeId }));
  }

  async playToBridge(
    bridgeId: BridgeId,
    playbackId: PlaybackId,
    media: string[],
    language?: string,
  ): Promise<void> {
    checkMedia('playToBridge', media);
    await this.sequences.play({ kind: 'bridge', id: bridgeId }, playbackId, media, language);
  }

  /** One ARI play request: on a channel, or on a bridge. */
  private async startPlayback(
    target: PlaybackTarget,
    playbackId: string,
    media: string[],
    language: string | undefined,
  ): Promise<void> {
    const params = { playbackId, media: media.join(','), ...(language ? { lang: language } : {}) };
    if (target.kind === 'channel') {
      await this.call('play', (rest) => rest.channels.play({ channelId: target.id, ...params }));
    } else {
      await this.call('playToBridge', (rest) => rest.bridges.play({ bridgeId: target.id, ...params }));
    }
  }

  async createChannel(req: CreateChannelRequest): Promise<ChannelInfo> {
    const params = createParams(req, this.opts.app);
    const created = await this.call('createChannel', (rest) => rest.channels.create(params));
    const parsed = AriChannelSchema.safeParse(created);
    if (!parsed.success) {
      this.opts.logger.warn({ channelId: req.channelId }, 'ARI create answered an unreadable channel');
      return fallbackChannelInfo(req, this.opts.clock.now());
    }
    return toChannelInfo(parsed.data, this.opts.clock.now());
  }

  async dial(channelId: ChannelId, opts: { callerChannelId?: ChannelId; timeoutSec: number }): Promise<void> {
    await this.call('dial', (rest) =>
      rest.channels.dial({
        channelId,
        timeout: opts.timeoutSec,
        ...(opts.callerChannelId ? { caller: opts.callerChannelId } : {}),
      }),
    );
  }

  async listChannels(): Promise<ChannelInfo[]> {
    const rest = this.connection.rest();
    if (!rest) throw new TelephonyError('disconnected', 'listChannels', 'not connected to Asterisk');
    return channelsInApp(rest, this.linkContext());
  }

  private linkContext(): LinkContext {
    const { app, clock, logger } = this.opts;
    return {
      app,
      clock,
      logger,
      playbackStarts: this.opts.playbackStarts ?? true,
      bounded: (operation, work) => this.bounded(operation, work),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.close();
  }

  /** One REST call on the live link: fails fast when disconnected, bounded, errors classified. */
  private async call<T>(operation: string, run: (rest: AriRestClient) => Promise<T>): Promise<T> {
    const rest = this.connection.rest();
    if (!rest) throw new TelephonyError('disconnected', operation, 'not connected to Asterisk');
    let work: Promise<T>;
    try {
      work = run(rest);
    } catch (err) {
      throw toTelephonyError(operation, err);
    }
    return this.bounded(operation, work);
  }

  private async bounded<T>(operation: string, work: Promise<T>): Promise<T> {
    try {
      return await withTimeout(work, this.requestTimeoutMs, this.opts.clock);
    } catch (err) {
      throw toTelephonyError(operation, err);
    }
  }

  private onFrame(text: string): void {
    const mapped = mapAriFrame(text, this.opts.clock.now());
    switch (mapped.kind) {
      case 'event':
        if (!this.sequences.intercept(mapped.event)) this.emit(mapped.event);
        return;
      case 'ignored':
        return;
      case 'replaced':
        this.opts.logger.error(
          { app: this.opts.app },
          'Another process registered the same ARI app and now receives its events; reconnecting',
        );
        this.connection.drop('ApplicationReplaced: another process registered this app', { escalate: true });
        return;
      case 'invalid':
        this.logInvalidFrame(mapped.type, mapped.reason);
        return;
    }
  }

  private logInvalidFrame(type: string, reason: string): void {
    const now = this.opts.clock.monotonic();
    const w = this.invalidFrameWindow;
    if (now - w.start >= 60_000) {
      w.start = now;
      w.count = 0;
    }
    if (w.count++ < INVALID_FRAME_LOG_PER_MINUTE) {
      this.opts.logger.warn({ type, reason }, 'ARI event dropped');
    }
  }

  private emit(event: TelephonyEvent): void {
    traceAriEvent(event);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        // A throwing engine handler must not stop other listeners or the event stream.
        this.opts.logger.error({ err, eventType: event.type }, 'telephony event listener threw');
      }
    }
  }
}
