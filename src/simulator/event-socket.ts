// `GET /ari/events?app=a,b[&subscribeAll=true]`: one WebSocket per app name (a newer registration
// sends ApplicationReplaced to the old socket, which then hears nothing), one compact JSON object per
// text frame, and faults for tests: drop every socket, refuse new ones for a while.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { type Credentials, isAuthorized, UNAUTHORIZED_BODY, WWW_AUTHENTICATE } from './auth.ts';
import type { SimWorld } from './sim-world.ts';
import type { EventSink } from './subscriptions.ts';

function reject(socket: Duplex, status: string, body: string, extra = ''): void {
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${extra}Connection: close\r\n\r\n${body}`,
  );
}

export class EventSocketServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Map<WebSocket, { apps: string[]; sink: EventSink }>();

  constructor(
    private readonly world: SimWorld,
    private readonly creds: Credentials,
  ) {
    world.dropSockets = () => this.dropAll();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname !== '/ari/events') {
      reject(socket, '404 Not Found', JSON.stringify({ message: 'Resource not found' }));
      return;
    }
    if (this.world.clock.monotonic() < this.world.refuseSocketsUntil) {
      reject(socket, '503 Service Unavailable', JSON.stringify({ message: 'Asterisk not booted' }));
      return;
    }
    if (!isAuthorized(req, url, this.creds)) {
      reject(socket, '401 Unauthorized', UNAUTHORIZED_BODY, `WWW-Authenticate: ${WWW_AUTHENTICATE}\r\n`);
      return;
    }
    const apps = (url.searchParams.get('app') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a.length > 0);
    if (apps.length === 0) {
      reject(socket, '400 Bad Request', JSON.stringify({ message: 'HTTP request is missing param: [app]' }));
      return;
    }
    const subscribeAll = url.searchParams.get('subscribeAll') === 'true';
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, apps, subscribeAll));
  }

  private onConnection(ws: WebSocket, apps: string[], subscribeAll: boolean): void {
    const sink: EventSink = {
      send: (frame) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      },
    };
    this.sockets.set(ws, { apps, sink });
    for (const app of apps) {
      const previous = this.world.subs.register(app, sink, subscribeAll);
      if (previous) {
        this.world.subs.sendTo(previous, app, {
          type: 'ApplicationReplaced',
          timestamp: this.world.timestamp(),
        });
      }
    }
    ws.on('close', () => this.detach(ws));
    ws.on('error', () => ws.terminate());
    // REST over WebSocket (22.4+) is not used by ari-client; incoming frames are ignored.
  }

  /** Unregisters at once, so a call placed right after a drop already fails to enter Stasis. */
  private detach(ws: WebSocket): void {
    const entry = this.sockets.get(ws);
    if (!entry) return;
    this.sockets.delete(ws);
    for (const app of entry.apps) this.world.subs.unregister(app, entry.sink);
  }

  dropAll(): number {
    const all = [...this.sockets.keys()];
    for (const ws of all) {
      this.detach(ws);
      ws.terminate();
    }
    return all.length;
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
