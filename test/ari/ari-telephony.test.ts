// The adapter's own promises, against the ARI simulator over real HTTP and WebSocket: it
// reconnects forever, notices a silent socket, survives frames ari-client would crash on, bounds
// every REST call, and does not grow listeners.
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AriTelephony, type AriTelephonyOptions } from '../../src/ari/ari-telephony.ts';
import { FakeClock, SystemClock } from '../../src/domain/clock.ts';
import { ChannelId, PlaybackId } from '../../src/domain/ids.ts';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { TelephonyError } from '../../src/telephony/telephony-port.ts';
import { SimulatorDriver } from '../telephony/call-drivers.ts';
import { EventRecorder } from '../telephony/event-recorder.ts';
import { LogCapture } from './log-capture.ts';
import { TcpProxy } from './tcp-proxy.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function simulator(port = 0, opts: { password?: string } = {}): Promise<AriSimulator> {
  const sim = await startSimulator({ port, defaultPlaybackMs: 60_000, ...opts });
  cleanups.push(() => sim.close());
  return sim;
}

function adapter(opts: Partial<AriTelephonyOptions> & { url: string }) {
  const logs = new LogCapture();
  const port = AriTelephony.start({
    username: 'cagri',
    password: 'cagri',
    app: 'cagri',
    clock: new SystemClock(),
    logger: logs.logger,
    ...opts,
  });
  const rec = new EventRecorder(port);
  cleanups.push(() => port.close());
  return { port, rec, logs };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function kindOf(work: Promise<unknown>): Promise<string> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  return err instanceof TelephonyError ? err.kind : `not a TelephonyError: ${String(err)}`;
}

describe('AriTelephony reconnection', () => {
  it('after the WebSockets drop: disconnected, then connected again with the channels still in the app', async () => {
    const sim = await simulator();
    const driver = new SimulatorDriver(sim.url);
    const { port, rec } = adapter({ url: sim.url });
    const first = await rec.next('connected');
    expect(first).toEqual({ type: 'connected', channels: [], reconnect: false });

    const call = await driver.placeCall('0501234567');
    await rec.waitFor('channel-entered', (e) => e.channel.id === call.channelId);
    await port.answer(ChannelId(call.channelId));

    await fetch(`${sim.url}/sim/faults/drop-websockets`, { method: 'POST' });
    const lost = await rec.next('disconnected');
    expect(lost.reason).toMatch(/closed/);
    const again = await rec.next('connected');
    expect(again.reconnect).toBe(true);
    expect(again.channels).toEqual([
      expect.objectContaining({ id: call.channelId, state: 'Up', callerNumber: '0501234567', exten: '1655' }),
    ]);
    // The new link works both ways.
    await port.play(ChannelId(call.channelId), PlaybackId(`pb-${randomUUID()}`), ['sound:beep']);
    await driver.hangup(call);
    await rec.waitFor('channel-left', (e) => e.channelId === call.channelId);
  });

  it('with nothing listening it keeps retrying quietly, fails calls fast, and connects once Asterisk is up', async () => {
    const portNo = await freePort();
    const clock = new FakeClock();
    const { port, rec, logs } = adapter({ url: `http://127.0.0.1:${portNo}`, clock, maxBackoffMs: 2000 });
    expect(port.isConnected()).toBe(false);
    expect(await kindOf(port.answer(ChannelId('c1')))).toBe('disconnected');
    expect(await kindOf(port.listChannels())).toBe('disconnected');
    const waiting = port.waitUntilConnected(1000).then(
      () => 'connected?',
      (e: unknown) => e as TelephonyError,
    );

    // Schedule with a 2 s cap: 250, 500, 1000, 2000, 2000, 2000 …; a line per step, then quiet.
    const first = await logs.waitFor('ARI not reachable, retrying', 1);
    expect(first).toMatchObject({ failures: 1, retryInMs: 250, level: 40 });
    expect(String(first.reason)).toMatch(/ECONNREFUSED|fetch failed/);
    // Every attempt is logged at debug level (off in production), which is what we wait on here.
    let failures = 1;
    for (const delay of [250, 500, 1000, 2000, 2000, 2000]) {
      await clock.advanceAsync(delay);
      failures++;
      await logs.waitFor('ARI connect attempt failed', failures);
    }
    // The timeout says why: the last attempt's failure.
    const timedOut = await waiting;
    expect(timedOut).toMatchObject({ kind: 'timeout' });
    expect((timedOut as TelephonyError).message).toMatch(
      /within 1000 ms .*waiting to retry; the last one failed: .*(ECONNREFUSED|fetch failed)/,
    );
    // Between attempts the only timer left is the next retry.
    expect(clock.pendingCount).toBe(1);
    // 7 failures so far, 4 log lines (the first three steps and reaching the cap).
    expect(logs.count('ARI not reachable, retrying')).toBe(4);

    await simulator(portNo);
    await clock.advanceAsync(2000);
    const connected = await rec.next('connected');
    expect(connected.reconnect).toBe(false);
    expect(port.isConnected()).toBe(true);
    await port.waitUntilConnected(1);
  });

  it('keeps retrying with a wrong password and says what to check', async () => {
    const sim = await simulator();
    const { port, logs } = adapter({ url: sim.url, password: 'wrong' });
    const line = await logs.waitFor('ARI not reachable, retrying');
    expect(String(line.reason)).toMatch(/401: check ARI_USERNAME and ARI_PASSWORD/);
    expect(JSON.stringify(logs.lines)).not.toContain('wrong');
    expect(port.isConnected()).toBe(false);
  });

  it('leaves no timer behind once closed', async () => {
    const clock = new FakeClock();
    const { port, logs } = adapter({ url: `http://127.0.0.1:${await freePort()}`, clock });
    await logs.waitFor('ARI not reachable, retrying');
    await port.close();
    expect(clock.pendingCount).toBe(0);
  });

  it('reports ApplicationReplaced when another process takes the app', async () => {
    const sim = await simulator();
    const a = adapter({ url: sim.url });
    await a.rec.next('connected');
    const b = adapter({ url: sim.url });
    await b.rec.next('connected');
    const lost = await a.rec.next('disconnected');
    expect(lost.reason).toMatch(/ApplicationReplaced/);
    expect(
      a.logs.count('Another process registered the same ARI app and now receives its events; reconnecting'),
    ).toBe(1);
    await b.port.close();
    await a.rec.next('connected', () => true, 5000);
  });
});

/** An adapter on the fake clock, connected to the simulator through a proxy the test can freeze. */
async function linkThroughProxy() {
  const sim = await simulator();
  const proxy = await TcpProxy.start(sim.port);
  cleanups.push(() => proxy.close());
  const clock = new FakeClock();
  const { rec } = adapter({ url: proxy.url, clock });
  await rec.next('connected');
  return { proxy, clock, rec };
}

/** Advances the clock in 100 ms steps until the adapter reports the link lost (at most 3 s). */
async function advanceUntilLost(clock: FakeClock, rec: EventRecorder) {
  const from = clock.monotonic();
  while (!rec.events.some((e) => e.type === 'disconnected') && clock.monotonic() - from < 3000) {
    await clock.advanceAsync(100);
  }
  return rec.next('disconnected', () => true, 1);
}

describe('AriTelephony on a sick link', () => {
  it('notices a silent WebSocket within 3 s (ping/pong watchdog) and reconnects', async () => {
    const { proxy, clock, rec } = await linkThroughProxy();

    proxy.freeze();
    const frozenAt = clock.monotonic();
    const lost = await advanceUntilLost(clock, rec);
    expect(lost.reason).toBe('no pong within 1500 ms');
    expect(clock.monotonic() - frozenAt).toBeLessThanOrEqual(2500);
  });

  it('takes events as proof of life: pongs held up behind a busy event stream do not drop the link', async () => {
    const { proxy, clock, rec } = await linkThroughProxy();

    proxy.freeze(); // no pong gets through from here on; events still do
    const frozenAt = clock.monotonic();
    while (clock.monotonic() - frozenAt < 5000) {
      proxy.injectEventFrame('{"type":"NoSuchEventType","application":"cagri"}');
      await clock.advanceAsync(500);
    }
    expect(rec.events.filter((e) => e.type === 'disconnected')).toEqual([]);

    const quietFrom = clock.monotonic(); // the stream goes quiet too: now the link is dead
    const lost = await advanceUntilLost(clock, rec);
    expect(lost.reason).toBe('no pong within 1500 ms');
    expect(clock.monotonic() - quietFrom).toBeLessThanOrEqual(2500);
  });

  it('bounds a REST call Asterisk never answers', async () => {
    const sim = await simulator();
    const proxy = await TcpProxy.start(sim.port);
    cleanups.push(() => proxy.close());
    const clock = new FakeClock();
    const { port, rec } = adapter({ url: proxy.url, clock, pingIntervalMs: 60_000, requestTimeoutMs: 4000 });
    await rec.next('connected');
    proxy.freeze();
    const answer = kindOf(port.answer(ChannelId('c1')));
    await clock.advanceAsync(3999);
    await clock.advanceAsync(1);
    expect(await answer).toBe('timeout');
  });

  it('survives frames ari-client would crash on (non-JSON, unknown event type) and goes on', async () => {
    const sim = await simulator();
    const proxy = await TcpProxy.start(sim.port);
    cleanups.push(() => proxy.close());
    const driver = new SimulatorDriver(sim.url);
    const { rec, logs } = adapter({ url: proxy.url });
    await rec.next('connected');
    proxy.injectEventFrame('this is not JSON');
    proxy.injectEventFrame('{"type":"NoSuchEventType","application":"cagri"}');
    await logs.waitFor('ARI event dropped', 2);
    expect(logs.lines.filter((l) => l.msg === 'ARI event dropped').map((l) => l.reason)).toEqual([
      'frame is not JSON',
      'unknown event type',
    ]);
    const call = await driver.placeCall('0501234567');
    await rec.waitFor('channel-entered', (e) => e.channel.id === call.channelId);
    expect(rec.events.filter((e) => e.type === 'disconnected')).toEqual([]);
  });
});

describe('AriTelephony listeners', () => {
  it('does not grow listeners over many calls and failed operations', async () => {
    const sim = await simulator();
    const driver = new SimulatorDriver(sim.url);
    const { port, rec } = adapter({ url: sim.url, pingIntervalMs: 50 });
    await rec.next('connected');
    const processListeners = () => ({
      uncaughtException: process.listenerCount('uncaughtException'),
      unhandledRejection: process.listenerCount('unhandledRejection'),
    });

    const oneCall = async () => {
      const call = await driver.placeCall('0501234567');
      const id = ChannelId(call.channelId);
      await rec.waitFor('channel-entered', (e) => e.channel.id === id);
      await port.answer(id);
      const pb = PlaybackId(`pb-${randomUUID()}`);
      await port.play(id, pb, ['sound:hello-world']);
      await port.stopPlayback(pb);
      expect(await kindOf(port.stopPlayback(pb))).toBe('gone');
      await driver.hangup(call);
      await rec.waitFor('channel-left', (e) => e.channelId === id);
      expect(await kindOf(port.answer(id))).toBe('gone');
    };

    await oneCall();
    const before = { ...port.listenerCounts(), ...processListeners() };
    for (let i = 0; i < 60; i++) await oneCall();
    const after = { ...port.listenerCounts(), ...processListeners() };
    expect(after).toEqual(before);
    expect(before.ariClientInstance).toBe(0);
    // The 50 ms heartbeat ran throughout and never lost a healthy link.
    expect(rec.events.filter((e) => e.type === 'disconnected')).toEqual([]);
  });
});
