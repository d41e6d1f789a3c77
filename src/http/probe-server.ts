// The HTTP port, opened first thing at start-up: while Postgres, Redis (or the lease) are awaited,
// /healthz answers 200 and /readyz 503 naming what is awaited, so an orchestrator sees a live,
// starting process. Once the engine is up its fastify app takes over the same socket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What the probes say before the engine is up. */
export interface StartupState {
  /** e.g. 'starting', 'standby', 'stopping'. */
  phase: string;
  /** What is awaited now, e.g. `postgres (DATABASE_URL)`. */
  waitingFor?: string;
  /** The last failure of what is awaited (no secrets: driver messages only). */
  reason?: string;
}

export class ListenError extends Error {
  override readonly name = 'ListenError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** A failed listen, said so that someone can act on it: which setting, what is wrong. */
export function describeListenError(err: unknown, what: string, host: string, port: number): ListenError {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  const message =
    code === 'EADDRINUSE'
      ? `${what}: ${where} is already in use (another cagri, or another program, listens there); stop it or choose another port`
      : code === 'EACCES'
        ? `${what}: not allowed to listen on ${where} (ports below 1024 need privileges); choose a port from 1024 up`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `${what}: ${host} is not an address of this machine`
          : `${what}: cannot listen on ${where}: ${(err as Error).message}`;
  return new ListenError(message, code);
}

export class ProbeServer {
  readonly server: Server;
  private handler: RequestHandler;
  private state: StartupState = { phase: 'starting' };
  /** fastify's request handler, given to `factory()` when the app is built. */
  private appHandler: RequestHandler | undefined;

  private constructor() {
    this.handler = (req, res) => this.answerWhileStarting(req, res);
    this.server = createServer((req, res) => this.handler(req, res));
  }

  /** Listens at once; a port in use or not allowed is a ListenError naming `what` (the setting). */
  static async listen(host: string, port: number, what = 'HTTP_HOST/HTTP_PORT'): Promise<ProbeServer> {
    const probe = new ProbeServer();
    await new Promise<void>((resolve, reject) => {
      probe.server.once('error', (err) => reject(describeListenError(err, what, host, port)));
      probe.server.listen({ host, port }, () => resolve());
    });
    return probe;
  }

  get address(): string {
    const a = this.server.address();
    if (a === null || typeof a === 'string') return String(a);
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  }

  setState(state: StartupState): void {
    this.state = state;
  }

  /** Hands the socket to the engine's fastify app (built with `serverFactory` on this server). */
  async serve(app: FastifyInstance): Promise<string> {
    await app.ready();
    if (!this.appHandler)
      throw new Error('the app was not built with this probe server as its serverFactory');
    this.handler = this.appHandler;
    this.state = { phase: 'running' };
    return this.address;
  }

  /** For fastify's `serverFactory`: the app's requests will arrive through this server. */
  factory(): (handler: RequestHandler) => Server {
    return (handler) => {
      this.appHandler = handler;
      return this.server;
    };
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Idle keep-alive sockets would hold close() open until they time out.
    this.server.closeIdleConnections();
    await closed;
  }

  private answerWhileStarting(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    const { phase, waitingFor, reason } = this.state;
    if (path === '/healthz') {
      send(res, 200, { status: 'ok', phase });
      return;
    }
    const body =
      path === '/readyz'
        ? { status: phase, down: waitingFor ? [waitingFor] : [], ...(reason ? { reason } : {}) }
        : {
            message: `cagri is ${phase}${waitingFor ? `, waiting for ${waitingFor}` : ''}; try again shortly`,
          };
    res.setHeader('retry-after', '5');
    send(res, 503, body);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
