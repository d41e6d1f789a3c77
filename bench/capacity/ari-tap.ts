// What the engine does with its callers, seen from inside the benchmark's process: the events the
// ARI adapter hands the engine (src/ari/ari-trace.ts) and the REST requests it sends (node's
// `http.client.request.start` diagnostics channel, which fires as a request is written to its
// socket: with a free keep-alive socket, in the tick after the request was made, once the
// handler and whatever that turn of the event loop runs before it are done). From them: key → next ARI command for that caller, and which callers
// were put on hold (their place announced or music started on their channel; in the benchmark
// nobody is logged in).
import diagnosticsChannel from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import * as hdr from 'hdr-histogram-js';
import { ARI_EVENT_CHANNEL, type AriEventTrace } from '../../src/ari/ari-trace.ts';
import { AriRequestTargets } from './ari-request-target.ts';
import { appendTo } from './per-channel.ts';

export interface TapReport {
  /** Callers that entered the application. */
  callers: number;
  /** Callers that pressed 0 (asked for the queue). */
  askedForQueue: number;
  /** Callers that pressed 0 and were never put on hold. */
  notHeld: number;
  keyToCommand: hdr.Histogram;
  /** Keys after which no command for that caller followed. */
  keysWithoutCommand: number;
  /** Per channel, when each key's event was handed to the engine (performance.now()). */
  keysHanded: Map<string, Array<{ digit: string; at: number }>>;
  /** Per channel, when each play request was written to its socket (performance.now()). */
  playsWritten: Map<string, number[]>;
}

export class AriTap {
  private pendingKey = new Map<string, number>();
  private readonly targets = new AriRequestTargets();
  private callers = new Set<string>();
  private zero = new Set<string>();
  private held = new Set<string>();
  private histogram = newHistogram();
  private keysHanded = new Map<string, Array<{ digit: string; at: number }>>();
  private playsWritten = new Map<string, number[]>();
  private readonly onEvent = (message: unknown) => this.event(message as AriEventTrace);
  private readonly onRequest = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    this.request(request.method, request.path);
  };

  constructor() {
    diagnosticsChannel.subscribe(ARI_EVENT_CHANNEL, this.onEvent);
    diagnosticsChannel.subscribe('http.client.request.start', this.onRequest);
  }

  /** What was seen since the last reset; starts afresh. */
  take(): TapReport {
    const notHeld = [...this.zero].filter((c) => !this.held.has(c)).length;
    const report: TapReport = {
      callers: this.callers.size,
      askedForQueue: this.zero.size,
      notHeld,
      keyToCommand: this.histogram,
      keysWithoutCommand: this.pendingKey.size,
      keysHanded: this.keysHanded,
      playsWritten: this.playsWritten,
    };
    this.keysHanded = new Map();
    this.playsWritten = new Map();
    this.pendingKey.clear();
    this.targets.clear();
    this.callers.clear();
    this.zero.clear();
    this.held.clear();
    this.histogram = newHistogram();
    return report;
  }

  stop(): void {
    diagnosticsChannel.unsubscribe(ARI_EVENT_CHANNEL, this.onEvent);
    diagnosticsChannel.unsubscribe('http.client.request.start', this.onRequest);
  }

  private event({ event, at }: AriEventTrace): void {
    switch (event.type) {
      case 'channel-entered':
        this.callers.add(event.channel.id);
        return;
      case 'dtmf':
        this.pendingKey.set(event.channelId, at);
        appendTo(this.keysHanded, event.channelId, { digit: event.digit, at });
        if (event.digit === '0') this.zero.add(event.channelId);
        return;
      case 'bridge-entered':
        this.held.add(event.channelId);
        return;
      default:
    }
  }

  private request(method: string, path: string): void {
    const now = performance.now();
    const target = this.targets.of(method, path);
    if (!target) return;
    const { channel, kind, playbackId } = target;
    if (kind === 'play') appendTo(this.playsWritten, channel, now);
    if (kind === 'music') this.held.add(channel);
    // The queue's announcement of the caller's place (src/engine/queue-holding.ts: `<call>:q<n>`,
    // later parts `~<i>`) comes first and the music after it: either means the caller is held.
    if (kind === 'play' && playbackId && /:q\d+(~\d+)?$/.test(playbackId)) this.held.add(channel);
    const keyAt = this.pendingKey.get(channel);
    if (keyAt === undefined) return;
    this.pendingKey.delete(channel);
    // Microseconds, so sub-millisecond latencies keep their resolution.
    this.histogram.recordValue(Math.max(1, Math.round((now - keyAt) * 1000)));
  }
}

export function newHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** p50 / p99 of a microsecond histogram, in milliseconds. */
export function p50p99(h: hdr.Histogram): string {
  if (h.totalCount === 0) return '–';
  const ms = (us: number) =>
    us < 10_000 ? (us / 1000).toFixed(1) : Math.round(us / 1000).toLocaleString('en');
  return `${ms(h.getValueAtPercentile(50))} / ${ms(h.getValueAtPercentile(99))} ms`;
}
