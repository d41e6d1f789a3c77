// One port for everything: `/ari/api-docs/*` discovery, `/ari/*` REST, the `/ari/events` WebSocket
// and the `/sim/*` control API. Replies follow res_ari: compact JSON, Content-Type only with a body,
// 204 without one, 401 with WWW-Authenticate.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { bridgeRoutes } from './ari-bridge-routes.ts';
import { channelRoutes } from './ari-channel-routes.ts';
import { miscRoutes } from './ari-misc-routes.ts';
import { AriRouter } from './ari-router.ts';
import { type Credentials, isAuthorized, UNAUTHORIZED_BODY, WWW_AUTHENTICATE } from './auth.ts';
import { handleControl } from './control-api.ts';
import type { AriReply } from './errors.ts';
import { EventSocketServer } from './event-socket.ts';
import type { SimWorld } from './sim-world.ts';
import { declarationFor, resourceListing } from './swagger-declarations/index.ts';

const router = new AriRouter([...channelRoutes, ...bridgeRoutes, ...miscRoutes]);
const MAX_BODY_BYTES = 1_000_000;

export interface AriHttpServer {
  server: Server;
  sockets: EventSocketServer;
}

export function createAriHttpServer(world: SimWorld, creds: Credentials): AriHttpServer {
  const sockets = new EventSocketServer(world, creds);
  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => route(world, creds, req, raw))
      .then((reply) => send(res, reply))
      .catch((err: unknown) => {
        if (err instanceof BodyTooLarge) {
          // Answered, not dropped: the client learns why (the rest of its body is discarded).
          return send(res, {
            status: 413,
            body: { message: `request body over ${MAX_BODY_BYTES} bytes` },
            headers: { Connection: 'close' },
          });
        }
        console.error('[simulator] request failed', err);
        if (!res.headersSent) send(res, { status: 500, body: { message: 'simulator error; see its log' } });
      });
  });
  server.on('upgrade', (req, socket, head) => sockets.handleUpgrade(req, socket, head));
  return { server, sockets };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume();
      reject(new BodyTooLarge());
      return;
    }
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        chunks.length = 0;
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: AriReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  const payload = reply.body === undefined ? undefined : JSON.stringify(reply.body);
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  res.writeHead(reply.status, headers);
  res.end(payload, () => {
    // Work that Asterisk does after answering (e.g. a created leg entering Stasis) starts once the
    // response is written, so the client sees the response first.
    if (reply.after) {
      const after = reply.after;
      setImmediate(() => {
        try {
          after();
        } catch (err) {
          console.error('[simulator] deferred work failed', err);
        }
      });
    }
  });
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

function route(
  world: SimWorld,
  creds: Credentials,
  req: IncomingMessage,
  raw: string,
): AriReply | Promise<AriReply> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const parsed = parseJson(raw);

  if (path === '/sim' || path.startsWith('/sim/')) {
    if (!parsed.ok) return { status: 400, body: { message: 'request body is not valid JSON' } };
    return handleControl(world, method, path, parsed.value);
  }
  if (path !== '/ari' && !path.startsWith('/ari/')) {
    return { status: 404, body: { message: 'Resource not found' } };
  }
  if (!isAuthorized(req, url, creds)) {
    return {
      status: 401,
      body: JSON.parse(UNAUTHORIZED_BODY),
      headers: { 'WWW-Authenticate': WWW_AUTHENTICATE },
    };
  }
  if (path.length > 4 && path.endsWith('/')) {
    return {
      status: 404,
      body: { message: `ARI URLs do not end with a slash. Try ${path.slice(0, -1)}` },
    };
  }
  const basePath = `http://${req.headers.host ?? 'localhost'}/ari`;
  if (path === '/ari/api-docs/resources.json') return { status: 200, body: resourceListing(basePath) };
  const doc = /^\/ari\/api-docs\/(\w+)\.json$/.exec(path);
  if (doc) {
    const declaration = declarationFor(doc[1] ?? '', basePath);
    return declaration
      ? { status: 200, body: declaration }
      : { status: 404, body: { message: 'Resource not found' } };
  }
  if (path === '/ari/events') return { status: 400, body: { message: 'WebSocket upgrade required' } };
  if (!parsed.ok) return { status: 400, body: { message: 'Error parsing request body' } };
  const body =
    parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value)
      ? (parsed.value as Record<string, unknown>)
      : {};
  return router.dispatch(world, method, path.slice('/ari'.length), url.searchParams, body);
}
