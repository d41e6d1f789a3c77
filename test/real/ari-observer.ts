// Watches everything a real Asterisk does over a second ARI application subscribed to all
// resources (subscribeAll), beside the engine's own: playbacks with their media, DTMF, hang-ups.
// Tests use it to see what the caller was played and when, not only what reached the phone.
import WebSocket from 'ws';
import type { AsteriskInstance } from './asterisk-instance.ts';

export interface AriEvent {
  type: string;
  /** When the test process received it (ms, performance clock). */
  at: number;
  // biome-ignore lint/suspicious/noExplicitAny: ARI event bodies are read loosely in tests
  body: any;
}

export interface AriObserver {
  readonly events: AriEvent[];
  /** Resolves with the first event after `since` (an index) matching `match`. */
  waitFor(
    what: string,
    match: (e: AriEvent) => boolean,
    timeoutMs?: number,
    since?: number,
  ): Promise<AriEvent>;
  close(): void;
}

export async function observeAri(ast: AsteriskInstance): Promise<AriObserver> {
  const url = new URL(ast.ariUrl.replace(/^http/, 'ws'));
  url.pathname = '/ari/events';
  url.searchParams.set('app', `observer-${process.pid}-${Date.now()}`);
  url.searchParams.set('subscribeAll', 'true');
  url.searchParams.set('api_key', `${ast.ariUsername}:${ast.ariPassword}`);
  const ws = new WebSocket(url);
  const events: AriEvent[] = [];
  const listeners = new Set<() => void>();
  ws.on('message', (data) => {
    const body = JSON.parse(String(data));
    events.push({ type: body.type, at: performance.now(), body });
    for (const l of [...listeners]) l();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    events,
    waitFor(what, match, timeoutMs = 10_000, since = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const e = events.slice(since).find(match);
          if (!e) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(e);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          const seen = events
            .slice(since)
            .slice(-12)
            .map((e) => `${e.type}${e.body.playback ? `(${e.body.playback.media_uri})` : ''}`);
          reject(
            new Error(`ARI observer: no ${what} within ${timeoutMs} ms; last events: ${seen.join(', ')}`),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    close() {
      ws.close();
    },
  };
}
