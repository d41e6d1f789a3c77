// The thin REST client: the requests Asterisk sees are those ari-client sends, its errors are
// classified as ari-client's are, a request nobody waits for any more is aborted with its
// socket, and no more than maxSockets requests are open at Asterisk at once.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyAriError } from '../../src/ari/ari-error.ts';
import { AriHttpError, createAriHttpRest } from '../../src/ari/ari-http-rest.ts';
import { loadAriClient } from '../../src/ari/ari-rest-client.ts';
import { TimeoutError } from '../../src/ari/with-timeout.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { LogCapture } from './log-capture.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

/** A tiny ARI stand-in: records each request and answers with `reply` (or not at all). */
async function tinyServer(reply: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const state = { open: 0, maxOpen: 0, closed: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body,
      });
      reply(req, res);
    });
  });
  server.on('connection', (socket) => {
    state.open++;
    state.maxOpen = Math.max(state.maxOpen, state.open);
    socket.on('close', () => {
      state.open--;
      state.closed++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, state };
}

function thin(url: string, opts: { requestTimeoutMs?: number; maxSockets?: number } = {}) {
  return createAriHttpRest({
    url,
    username: 'cagri',
    password: 'cagri',
    requestTimeoutMs: opts.requestTimeoutMs ?? 2000,
    hasEventFilter: true,
    ...(opts.maxSockets === undefined ? {} : { maxSockets: opts.maxSockets }),
  });
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );

describe('the thin ARI REST client', () => {
  it('sends each operation as ari-client does (method, path, query, body)', async () => {
    const srv = await tinyServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    const rest = thin(srv.url);
    await rest.channels.get({ channelId: 'c 1' });
    await rest.channels.answer({ channelId: 'c1' });
    await rest.channels.hangup({ channelId: 'c1', reason: 'normal' });
    await rest.channels.play({ channelId: 'c1', media: 'sound:a,sound:b/c', playbackId: 'p1', lang: 'az' });
    await rest.channels.startMoh({ channelId: 'c1', mohClass: 'default' });
    await rest.channels.stopMoh({ channelId: 'c1' });
    await rest.channels.setChannelVar({ channelId: 'c1', variable: 'CALLERID(name)', value: 'Ə ş&=' });
    await rest.channels.create({
      endpoint: 'PJSIP/op1',
      app: 'cagri',
      channelId: 'c2',
      appArgs: 'a,b',
      variables: { 'CALLERID(all)': '"X" <1>' },
    });
    await rest.channels.create({ endpoint: 'PJSIP/op1', app: 'cagri', channelId: 'c3' });
    await rest.channels.dial({ channelId: 'c2', caller: 'c1', timeout: 30 });
    await rest.bridges.create({ bridgeId: 'b1', type: 'mixing', name: 'n' });
    await rest.bridges.destroy({ bridgeId: 'b1' });
    await rest.bridges.addChannel({ bridgeId: 'b1', channel: 'c1,c2' });
    await rest.bridges.removeChannel({ bridgeId: 'b1', channel: 'c1' });
    await rest.bridges.startMoh({ bridgeId: 'b1', mohClass: 'x' });
    await rest.bridges.stopMoh({ bridgeId: 'b1' });
    await rest.bridges.play({ bridgeId: 'b1', media: 'sound:a', playbackId: 'p2' });
    await rest.playbacks.stop({ playbackId: 'p2' });
    await rest.applications.get({ applicationName: 'cagri' });
    await rest.applications.filter?.({
      applicationName: 'cagri',
      filter: { disallowed: [{ type: 'ChannelVarset' }] },
    });
    await rest.asterisk.ping();
    // What ari-client 2.2 sent for the same calls, captured from the wire.
    expect(srv.seen.map((s) => `${s.method} ${s.url} ${s.body}`.trim())).toEqual([
      'GET /ari/channels/c%201',
      'POST /ari/channels/c1/answer',
      'DELETE /ari/channels/c1?reason=normal',
      'POST /ari/channels/c1/play?media=sound%3Aa%2Csound%3Ab%2Fc&lang=az&playbackId=p1',
      'POST /ari/channels/c1/moh?mohClass=default',
      'DELETE /ari/channels/c1/moh',
      'POST /ari/channels/c1/variable?variable=CALLERID(name)&value=%C6%8F%20%C5%9F%26%3D',
      'POST /ari/channels/create?endpoint=PJSIP%2Fop1&app=cagri&appArgs=a%2Cb&channelId=c2 {"variables":{"CALLERID(all)":"\\"X\\" <1>"}}',
      'POST /ari/channels/create?endpoint=PJSIP%2Fop1&app=cagri&channelId=c3',
      'POST /ari/channels/c2/dial?caller=c1&timeout=30',
      'POST /ari/bridges?type=mixing&bridgeId=b1&name=n',
      'DELETE /ari/bridges/b1',
      'POST /ari/bridges/b1/addChannel?channel=c1%2Cc2',
      'POST /ari/bridges/b1/removeChannel?channel=c1',
      'POST /ari/bridges/b1/moh?mohClass=x',
      'DELETE /ari/bridges/b1/moh',
      'POST /ari/bridges/b1/play?media=sound%3Aa&playbackId=p2',
      'DELETE /ari/playbacks/p2',
      'GET /ari/applications/cagri',
      'PUT /ari/applications/cagri/eventFilter {"disallowed":[{"type":"ChannelVarset"}]}',
      'GET /ari/asterisk/ping',
    ]);
    const withBody = srv.seen.filter((s) => s.body !== '');
    expect(withBody.map((s) => s.contentType)).toEqual(['application/json', 'application/json']);
  });

  it('works against the simulator, loaded through the same pre-flight as ari-client', async () => {
    const sim = await startSimulator({ port: 0 });
    cleanups.push(() => sim.close());
    const logs = new LogCapture();
    const loaded = await loadAriClient(sim.url, 'cagri', 'cagri', {
      logger: logs.logger,
      requestTimeoutMs: 2000,
      client: 'thin',
    });
    const { rest } = loaded;
    expect(loaded.listenerSnapshot()).toEqual({ emitter: 0, instance: 0 });
    expect(await rest.asterisk.ping()).toMatchObject({ ping: 'pong' });
    expect(rest.applications.filter).toBeTypeOf('function');
    expect(await rest.bridges.create({ bridgeId: 'b1', type: 'mixing' })).toMatchObject({ id: 'b1' });
    expect(await rest.bridges.destroy({ bridgeId: 'b1' })).toBeUndefined();
    const err = await failure(rest.channels.answer({ channelId: 'nope' }));
    expect(err).toBeInstanceOf(AriHttpError);
    expect(classifyAriError(err)).toEqual({ kind: 'gone', message: 'Channel not found' });
  });

  it('fails the pre-flight with a reason a person can act on (wrong password)', async () => {
    const sim = await startSimulator({ port: 0 });
    cleanups.push(() => sim.close());
    const logs = new LogCapture();
    const err = await failure(
      loadAriClient(sim.url, 'cagri', 'wrong', {
        logger: logs.logger,
        requestTimeoutMs: 2000,
        client: 'thin',
      }),
    );
    expect(String(err)).toContain('check ARI_USERNAME and ARI_PASSWORD');
  });

  it("classifies Asterisk's error text, and the status when the text is missing", async () => {
    const srv = await tinyServer((req, res) => {
      if (req.url?.startsWith('/ari/channels/gone')) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"message":"Channel not found"}');
      } else if (req.url?.startsWith('/ari/playbacks/')) {
        res.writeHead(404);
        res.end();
      } else if (req.url?.startsWith('/ari/channels/create')) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end('{"error":"Allocation failed"}');
      } else {
        res.writeHead(500);
        res.end();
      }
    });
    const rest = thin(srv.url);
    const gone = await failure(rest.channels.hangup({ channelId: 'gone' }));
    expect(gone).toMatchObject({ status: 404, method: 'DELETE', path: '/ari/channels/gone' });
    expect(classifyAriError(gone)).toEqual({ kind: 'gone', message: 'Channel not found' });
    const emptyGone = await failure(rest.playbacks.stop({ playbackId: 'p1' }));
    expect(classifyAriError(emptyGone).kind).toBe('gone');
    const alloc = await failure(rest.channels.create({ endpoint: 'PJSIP/x', app: 'cagri', channelId: 'c' }));
    expect(classifyAriError(alloc)).toEqual({ kind: 'unavailable', message: 'Allocation failed' });
    const empty500 = await failure(rest.channels.answer({ channelId: 'c1' }));
    expect(empty500).toMatchObject({ status: 500 });
    expect(classifyAriError(empty500)).toEqual({
      kind: 'unknown',
      message: 'Asterisk answered 500 with an empty body (POST /ari/channels/c1/answer)',
    });
  });

  it('aborts a request that got no answer in time, closing its socket', async () => {
    const srv = await tinyServer(() => {
      // never answers
    });
    const rest = thin(srv.url, { requestTimeoutMs: 300 });
    const err = await failure(rest.asterisk.ping());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(classifyAriError(err).kind).toBe('timeout');
    // The server saw the connection go: Asterisk's HTTP session is freed.
    await vi.waitFor(() => expect(srv.state.closed).toBe(1), { timeout: 3000 });
    expect(srv.state.open).toBe(0);
  });

  it('times out a request still waiting for a socket at the same bound', async () => {
    const srv = await tinyServer(() => {
      // never answers
    });
    const rest = thin(srv.url, { requestTimeoutMs: 300, maxSockets: 1 });
    const started = performance.now();
    const [first, queued] = await Promise.all([failure(rest.asterisk.ping()), failure(rest.asterisk.ping())]);
    expect(first).toBeInstanceOf(TimeoutError);
    expect(queued).toBeInstanceOf(TimeoutError);
    // Both by ~300 ms: the time spent waiting for a socket counts towards the bound.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(srv.seen.length).toBeLessThanOrEqual(1);
  });

  it('maps a refused connection to disconnected and a reset one to timeout', async () => {
    const srv = await tinyServer((req) => req.socket.destroy());
    const reset = await failure(thin(srv.url).asterisk.ping());
    expect(classifyAriError(reset).kind).toBe('timeout');
    // A port nothing listens on: the closed server's.
    const closed = await tinyServer(() => {});
    await cleanups.pop()?.();
    const refused = await failure(thin(closed.url).asterisk.ping());
    expect(classifyAriError(refused).kind).toBe('disconnected');
  });

  it('never has more than maxSockets requests open; the others wait and succeed', async () => {
    const held: ServerResponse[] = [];
    const srv = await tinyServer((_req, res) => {
      held.push(res);
    });
    const maxSockets = 3;
    const rest = thin(srv.url, { maxSockets, requestTimeoutMs: 5000 });
    const pings = Array.from({ length: maxSockets + 5 }, () => rest.asterisk.ping());
    await vi.waitFor(() => expect(held.length).toBe(maxSockets), { timeout: 3000 });
    // Answer whatever is held until all have been answered.
    await vi.waitFor(
      () => {
        for (const res of held.splice(0)) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end('{"ping":"pong"}');
        }
        expect(srv.seen.length).toBe(maxSockets + 5);
      },
      { timeout: 3000, interval: 20 },
    );
    for (const res of held.splice(0)) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ping":"pong"}');
    }
    expect(await Promise.all(pings)).toHaveLength(maxSockets + 5);
    expect(srv.state.maxOpen).toBe(maxSockets);
  });
});
