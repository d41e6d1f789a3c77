// One live link to Asterisk: the REST client (ours on node:http, or ari-client) plus the events
// WebSocket, kept up forever. The adapter opens the WebSocket itself (ws 8) instead of ari-client's `start()`:
// - ari-client's reconnect gives up for good after 10 tries (~43 s, NOTES §1.4);
// - its message handler crashes the process on a non-JSON frame or an unknown event type (§1.5),
//   from inside a ws callback where no try/catch of ours can reach; here frames are parsed by
//   the event mapper, which reports instead of throwing;
// - it has no heartbeat, so a half-open socket is never noticed; here a watchdog is (a ping
//   answered by a pong, or any event, within the pong timeout);
// - it keeps per-instance listeners forever (#43); here ari-client's emitter is never used.
// Each attempt loads a fresh REST client (the old one is dropped), so REST always talks to the
// Asterisk that is there now.
import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import {
  type AriRestClient,
  type AriRestClientKind,
  type LoadedAriClient,
  loadAriClient,
} from './ari-rest-client.ts';
import { ReconnectBackoff } from './reconnect-backoff.ts';
import { withTimeout } from './with-timeout.ts';

/** Where the link goes and what it runs on; `AriTelephonyOptions` takes these as they are. */
export interface AriLinkOptions {
  url: string;
  username: string;
  password: string;
  app: string;
  clock: Clock;
  logger: Logger;
  /** Which REST client serves the link (ARI_REST_CLIENT; default 'thin'). */
  restClient?: AriRestClientKind;
}

export interface AriConnectionOptions extends AriLinkOptions {
  requestTimeoutMs: number;
  pingIntervalMs: number;
  /** No pong this long after a ping: the socket is dead. */
  pongTimeoutMs: number;
  maxBackoffMs: number;
  initialBackoffMs?: number;
  /** REST requests in flight at once (default 64, below Asterisk's HTTP session limit). */
  maxSockets?: number;
}

export interface AriConnectionHandlers<P> {
  /** Runs once the socket is open, before any event is delivered; a rejection fails the attempt. */
  prepare(rest: AriRestClient): Promise<P>;
  /** The link is live; frames received during `prepare` are delivered right after this. */
  connected(prepared: P, reconnect: boolean): void;
  /** One text frame from the events socket. */
  frame(text: string): void;
  /** The link was lost (not called for `close()`). */
  lost(reason: string): void;
}

type State = 'idle' | 'connecting' | 'connected' | 'waiting' | 'closed';

export class AriConnection<P> {
  private state: State = 'idle';
  /** Bumped by every attempt, loss and close: callbacks of an older generation do nothing. */
  private generation = 0;
  private client: LoadedAriClient | undefined;
  private ws: WebSocket | undefined;
  private retryTimer: TimerHandle | undefined;
  private pingTimer: TimerHandle | undefined;
  private pongTimer: TimerHandle | undefined;
  private connectedAt = 0;
  private everConnected = false;
  /** Why the last attempt failed or the link was lost; cleared when a link goes live. */
  private lastFailure: string | undefined;
  private readonly backoff: ReconnectBackoff;

  constructor(
    private readonly opts: AriConnectionOptions,
    private readonly handlers: AriConnectionHandlers<P>,
  ) {
    this.backoff = new ReconnectBackoff({
      maxMs: opts.maxBackoffMs,
      ...(opts.initialBackoffMs === undefined ? {} : { initialMs: opts.initialBackoffMs }),
    });
  }

  start(): void {
    if (this.state !== 'idle') return;
    void this.attempt();
  }

  isConnected(): boolean {
    return this.state === 'connected';
  }

  /** Why there is no live link now, for a person: the last failure, or the attempt under way. */
  whyNotConnected(): string {
    if (this.state === 'connected') return 'connected';
    if (this.state === 'closed') return 'closed';
    const now = this.state === 'connecting' ? 'an attempt is under way' : 'waiting to retry';
    return this.lastFailure ? `${now}; the last one failed: ${this.lastFailure}` : `${now} (the first)`;
  }

  /** The REST client of the live link, if there is one. */
  rest(): AriRestClient | undefined {
    return this.state === 'connected' ? this.client?.rest : undefined;
  }

  /** Ends the live link as lost (e.g. ApplicationReplaced) and reconnects with backoff. */
  drop(reason: string, opts: { escalate?: boolean } = {}): void {
    this.lose(this.generation, reason, opts.escalate ?? false);
  }

  /** Listener counts on the objects this link owns (listener growth shows up here). */
  listenerCounts(): { socket: number; ariClientEmitter: number; ariClientInstance: number } {
    const ws = this.ws;
    let socket = 0;
    if (ws) for (const name of ws.eventNames()) socket += ws.listenerCount(name);
    const snap = this.client?.listenerSnapshot() ?? { emitter: 0, instance: 0 };
    return { socket, ariClientEmitter: snap.emitter, ariClientInstance: snap.instance };
  }

  async close(): Promise<void> {
    this.generation++;
    this.state = 'closed';
    this.opts.clock.clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    this.discardSocket();
    this.client = undefined;
  }

  private async attempt(): Promise<void> {
    const gen = ++this.generation;
    this.state = 'connecting';
    const { clock, requestTimeoutMs } = this.opts;
    let ws: WebSocket | undefined;
    const held: string[] = [];
    let setupFailure: string | undefined;
    try {
      const abort = new AbortController();
      const client = await withTimeout(
        loadAriClient(this.opts.url, this.opts.username, this.opts.password, {
          signal: abort.signal,
          logger: this.opts.logger,
          requestTimeoutMs,
          ...(this.opts.restClient === undefined ? {} : { client: this.opts.restClient }),
          ...(this.opts.maxSockets === undefined ? {} : { maxSockets: this.opts.maxSockets }),
        }),
        requestTimeoutMs,
        clock,
      ).catch((err: unknown) => {
        abort.abort();
        throw new Error(`loading the ARI API failed: ${describe(err)}`);
      });
      if (gen !== this.generation) return;
      ws = this.createSocket();
      // Listen before 'open': ws can deliver a first frame in the same turn as the upgrade, and
      // until the link is declared live, frames wait here so the engine sees `connected` first.
      ws.on('message', (data, isBinary) => {
        if (!isBinary) held.push(data.toString());
      });
      ws.on('close', (code) => {
        setupFailure ??= `events WebSocket closed during set-up (code ${code})`;
      });
      ws.on('error', (err) => {
        setupFailure ??= `events WebSocket error during set-up: ${err.message}`;
      });
      await withTimeout(opened(ws), requestTimeoutMs, clock).catch((err: unknown) => {
        throw new Error(`events WebSocket failed: ${describe(err)}`);
      });
      if (gen !== this.generation) return discard(ws);
      const prepared = await this.handlers.prepare(client.rest);
      if (gen !== this.generation) return discard(ws);
      if (setupFailure) throw new Error(setupFailure);
      this.goLive(gen, client, ws, prepared, held);
    } catch (err) {
      if (ws) discard(ws);
      if (gen !== this.generation) return;
      this.scheduleRetry(describe(err));
    }
  }

  private goLive(gen: number, client: LoadedAriClient, ws: WebSocket, prepared: P, held: string[]): void {
    ws.removeAllListeners();
    ws.on('message', (data, isBinary) => {
      if (gen !== this.generation) return;
      // Events arriving prove the link alive as well as a pong does: a busy Asterisk answers
      // pings late while its event stream flows, and dropping it then only adds a reconnect.
      this.heard();
      if (!isBinary) this.handlers.frame(data.toString());
    });
    ws.on('pong', () => this.heard());
    ws.on('close', (code) => this.lose(gen, `events WebSocket closed (code ${code})`, false));
    ws.on('error', (err) => this.lose(gen, `events WebSocket error: ${err.message}`, false));
    this.client = client;
    this.ws = ws;
    this.state = 'connected';
    this.lastFailure = undefined;
    this.connectedAt = this.opts.clock.monotonic();
    const reconnect = this.everConnected;
    this.everConnected = true;
    const failures = this.backoff.consecutiveFailures;
    this.opts.logger.info({ reconnect, failedAttempts: failures }, 'ARI connected');
    this.handlers.connected(prepared, reconnect);
    for (const text of held) {
      if (gen !== this.generation) break;
      this.handlers.frame(text);
    }
    if (gen === this.generation) this.schedulePing(gen);
  }

  private createSocket(): WebSocket {
    const base = new URL(this.opts.url);
    const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${base.host}/ari/events?app=${encodeURIComponent(this.opts.app)}`;
    // Basic auth in a header, not ari-client's `api_key` query string, keeps the password out of
    // proxy and access logs; Asterisk accepts both (res/res_ari.c:486-503).
    const auth = Buffer.from(`${this.opts.username}:${this.opts.password}`).toString('base64');
    return new WebSocket(url, {
      headers: { Authorization: `Basic ${auth}` },
      handshakeTimeout: this.opts.requestTimeoutMs,
      perMessageDeflate: false,
    });
  }

  private schedulePing(gen: number): void {
    const { clock, pingIntervalMs, pongTimeoutMs } = this.opts;
    this.pingTimer = clock.setTimeout(() => {
      if (gen !== this.generation || this.state !== 'connected') return;
      try {
        this.ws?.ping();
      } catch (err) {
        this.lose(gen, `ping failed: ${describe(err)}`, false);
        return;
      }
      // One watchdog for the oldest unanswered ping: any pong or event clears it. Timers run
      // before pending input is read, so after a stall of this process the pong may already be
      // waiting in the socket: the verdict waits until it has been read (setImmediate runs after
      // the poll phase).
      if (this.pongTimer === undefined) {
        const watchdog = clock.setTimeout(
          () =>
            setImmediate(() => {
              if (gen === this.generation && this.pongTimer === watchdog)
                this.lose(gen, `no pong within ${pongTimeoutMs} ms`, false);
            }),
          pongTimeoutMs,
        );
        this.pongTimer = watchdog;
      }
      this.schedulePing(gen);
    }, pingIntervalMs);
  }

  private heard(): void {
    this.opts.clock.clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  private stopHeartbeat(): void {
    this.opts.clock.clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
    this.heard(); // no pong is awaited any more
  }

  private lose(gen: number, reason: string, escalate: boolean): void {
    if (gen !== this.generation || this.state !== 'connected') return;
    this.generation++;
    this.stopHeartbeat();
    this.discardSocket();
    this.client = undefined;
    this.state = 'waiting';
    // A link that stayed up a while starts the schedule afresh; one that keeps dropping right
    // after connecting keeps escalating, so a flapping Asterisk is not hammered.
    const upFor = this.opts.clock.monotonic() - this.connectedAt;
    if (!escalate && upFor >= this.opts.maxBackoffMs) this.backoff.succeeded();
    this.opts.logger.warn({ reason, upForMs: Math.round(upFor) }, 'ARI connection lost');
    this.handlers.lost(reason);
    if (this.state === 'waiting') this.scheduleRetry(reason, false);
  }

  private scheduleRetry(reason: string, logIt = true): void {
    this.lastFailure = reason;
    const step = this.backoff.failed(this.opts.clock.monotonic());
    this.state = 'waiting';
    this.opts.logger.debug(
      { reason, failures: step.failures, retryInMs: step.delayMs },
      'ARI connect attempt failed',
    );
    if (logIt && step.log) {
      this.opts.logger.warn(
        { reason, failures: step.failures, retryInMs: step.delayMs, suppressed: step.suppressed },
        'ARI not reachable, retrying',
      );
    }
    this.retryTimer = this.opts.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.state === 'waiting') void this.attempt();
    }, step.delayMs);
  }

  private discardSocket(): void {
    if (this.ws) discard(this.ws);
    this.ws = undefined;
  }
}

/** Resolves on 'open'; rejects on an error or close first (401, refused, bad upgrade). */
function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      ws.off('open', onOpen);
      ws.off('error', onError);
      ws.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onOpen = () => done();
    const onError = (err: Error) => done(err);
    const onClose = (code: number) => done(new Error(`closed before opening (code ${code})`));
    ws.on('open', onOpen);
    ws.on('error', onError);
    ws.on('close', onClose);
  });
}

/** Drops a socket for good: our listeners go, a no-op 'error' listener stays (ws throws without one). */
function discard(ws: WebSocket): void {
  ws.removeAllListeners();
  ws.on('error', () => {});
  ws.terminate();
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return String(err);
}
