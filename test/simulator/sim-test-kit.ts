// Helpers for simulator tests: an event log that wakes waiters (no sleeping), a raw events WebSocket,
// and authenticated fetches.
import { afterEach, beforeEach } from 'vitest';
import WebSocket from 'ws';
import { FakeClock } from '../../src/domain/clock.ts';
import { type AriSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.ts';

export type AnyEvent = { type: string; application?: string } & Record<string, unknown>;

export class EventLog {
  readonly events: AnyEvent[] = [];
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  push(ev: AnyEvent): void {
    this.events.push(ev);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }

  types(filter: (ev: AnyEvent) => boolean = () => true): string[] {
    return this.events.filter(filter).map((e) => e.type);
  }

  /** Resolves once `count` events match, or rejects after `timeoutMs` with what was seen. */
  waitFor(match: (ev: AnyEvent) => boolean, count = 1, timeoutMs = 5000): Promise<AnyEvent> {
    const found = () => this.events.filter(match);
    return new Promise((resolve, reject) => {
      const done = () => resolve(found()[count - 1] as AnyEvent);
      if (found().length >= count) return done();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== onMatch);
        reject(new Error(`timed out waiting for an event; saw: ${this.types().join(', ')}`));
      }, timeoutMs);
      const onMatch = () => {
        clearTimeout(timer);
        done();
      };
      this.waiters.push({ test: () => found().length >= count, resolve: onMatch });
    });
  }

  waitForType(type: string, count = 1): Promise<AnyEvent> {
    return this.waitFor((e) => e.type === type, count);
  }
}

export const basicAuth = (user = 'cagri', pass = 'cagri') =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

export interface RawSocket {
  ws: WebSocket;
  log: EventLog;
  close(): Promise<void>;
}

/** A minimal ARI app: the events WebSocket without ari-client. */
export function openEvents(sim: AriSimulator, app: string, extra = ''): Promise<RawSocket> {
  const url = `${sim.url.replace('http', 'ws')}/ari/events?app=${app}&api_key=cagri:cagri${extra}`;
  const ws = new WebSocket(url);
  const log = new EventLog();
  ws.on('message', (data) => log.push(JSON.parse(String(data)) as AnyEvent));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        log,
        close: () =>
          new Promise<void>((r) => {
            if (ws.readyState === WebSocket.CLOSED) return r();
            ws.once('close', () => r());
            ws.close();
          }),
      }),
    );
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** `ari(sim, 'POST', '/channels/1/answer')`: an authenticated ARI request. */
export async function ari(
  sim: AriSimulator,
  method: string,
  path: string,
  jsonBody?: unknown,
): Promise<Answer> {
  const res = await fetch(`${sim.url}/ari${path}`, {
    method,
    headers: {
      Authorization: basicAuth(),
      ...(jsonBody !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: jsonBody === undefined ? undefined : JSON.stringify(jsonBody),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** A control-API request. */
export async function control(
  sim: AriSimulator,
  method: string,
  path: string,
  jsonBody?: unknown,
): Promise<Answer> {
  const res = await fetch(`${sim.url}/sim${path}`, {
    method,
    headers: jsonBody !== undefined ? { 'Content-Type': 'application/json' } : {},
    body:
      jsonBody === undefined ? undefined : typeof jsonBody === 'string' ? jsonBody : JSON.stringify(jsonBody),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export interface SimFixture {
  readonly sim: AriSimulator;
  readonly clock: FakeClock;
  /** The events socket of the app `cagri`, the one the dialplan sends calls to. */
  readonly app: RawSocket;
}

/**
 * Before each test of the enclosing suite: a simulator on a FakeClock set to `clockAt`, with app
 * `cagri` connected; after it, both closed. Read the parts through the returned object.
 */
export function simulatorEachTest(
  clockAt?: string,
  opts: Omit<SimulatorOptions, 'port' | 'clock'> = {},
): SimFixture {
  let current: SimFixture | undefined;
  beforeEach(async () => {
    const clock = new FakeClock(clockAt);
    const sim = await startSimulator({ ...opts, port: 0, clock });
    current = { sim, clock, app: await openEvents(sim, 'cagri') };
  });
  afterEach(async () => {
    await current?.app.close();
    await current?.sim.close();
    current = undefined;
  });
  const get = (): SimFixture => {
    if (!current) throw new Error('the simulator fixture is only available inside a test');
    return current;
  };
  return {
    get sim() {
      return get().sim;
    },
    get clock() {
      return get().clock;
    },
    get app() {
      return get().app;
    },
  };
}
