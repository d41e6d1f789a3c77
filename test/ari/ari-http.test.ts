// ari-client's HTTP side as the adapter bounds it: nothing raw on stdout when Asterisk serves its
// Swagger 1.1 docs, REST requests capped (more wait their turn), and a request we gave up on is
// aborted so that it does not hold one of Asterisk's HTTP sessions.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AriTelephonyOptions } from '../../src/ari/ari-telephony.ts';
import { routeSwaggerLog } from '../../src/ari/swagger-log-patch.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { TelephonyError } from '../../src/telephony/telephony-port.ts';
import { linkToSimulator } from '../telephony/simulator-link.ts';
import { LogCapture } from './log-capture.ts';
import { RestProxy } from './rest-proxy.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
  vi.restoreAllMocks();
});

async function throughProxy(opts: Partial<AriTelephonyOptions> = {}) {
  const sim = await startSimulator({ port: 0 });
  cleanups.push(() => sim.close());
  const proxy = await RestProxy.start(sim.url);
  cleanups.push(() => proxy.close());
  const logs = new LogCapture();
  const port = linkToSimulator(proxy.url, logs.logger, opts);
  cleanups.push(() => port.close());
  return { sim, proxy, logs, port };
}

describe('swagger-client chatter', () => {
  it('connecting to an Asterisk that serves Swagger 1.1 writes nothing to stdout', async () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const consoleLog = vi.spyOn(console, 'log');
    // ari-client's own chatter: only it loads Swagger documents into swagger-client.
    const { port, logs } = await throughProxy({ restClient: 'ari-client' });
    await port.waitUntilConnected(5000);
    expect(consoleLog).not.toHaveBeenCalled();
    expect(stdout.mock.calls.filter(([chunk]) => String(chunk).includes('Swagger'))).toEqual([]);
    // It is kept, at debug level, in our log.
    expect(
      logs.lines.some((l) => l.msg === 'swagger-client message' && String(l.swagger).includes('deprecated')),
    ).toBe(true);
  });

  it('is routed to the last logger given, and keeps no history', () => {
    const logs = new LogCapture();
    routeSwaggerLog(logs.logger);
    const swaggerLog = (globalThis as { log?: ((...a: unknown[]) => void) & { history?: unknown[] } }).log;
    swaggerLog?.('hello', 'world');
    expect(logs.lines.map((l) => l.swagger)).toEqual(['hello world']);
    expect(swaggerLog?.history).toBeUndefined();
  });
});

describe('ARI REST sockets', () => {
  it('never has more than maxSockets requests open at Asterisk; the rest wait and succeed', async () => {
    const { port, proxy } = await throughProxy({ maxSockets: 3 });
    await port.waitUntilConnected(5000);
    proxy.maxOpen = proxy.open;
    proxy.hold = /\/ari\/asterisk\/ping/;
    const pings = Array.from({ length: 10 }, () => port.ping());
    await vi.waitFor(() => expect(proxy.open).toBe(3), { timeout: 3000 });
    proxy.hold = null;
    proxy.release();
    await Promise.all(pings);
    expect(proxy.maxOpen).toBe(3);
  });

  it('aborts a request that timed out, freeing its session', async () => {
    const { port, proxy } = await throughProxy({ requestTimeoutMs: 400 });
    await port.waitUntilConnected(5000);
    proxy.hold = /\/ari\/asterisk\/ping/;
    const err = await port.ping().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TelephonyError);
    expect((err as TelephonyError).kind).toBe('timeout');
    await vi.waitFor(() => expect(proxy.abandoned).toBe(1), { timeout: 3000 });
    expect(proxy.open).toBe(0);
  });
});
