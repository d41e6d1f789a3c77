// An HTTP relay for ARI's REST side (not the events WebSocket): serves the API docs as a real
// Asterisk does (Swagger "1.1", which the simulator does not), can hold requests, and counts
// how many are open at once and how many the client abandoned.
import { createServer as httpServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';

export class RestProxy {
  open = 0;
  maxOpen = 0;
  /** Requests whose client went away before the answer. */
  abandoned = 0;
  /** Hold requests whose path matches until released (null: relay at once). */
  hold: RegExp | null = null;
  private held: Array<() => void> = [];

  private constructor(
    private readonly server: ReturnType<typeof httpServer>,
    readonly port: number,
  ) {}

  static async start(target: string): Promise<RestProxy> {
    let proxy: RestProxy | undefined;
    const server = httpServer((req, res) => proxy?.relay(req, res, new URL(target)));
    // The events WebSocket goes straight through, bytes both ways.
    server.on('upgrade', (req, socket, head) => {
      const t = new URL(target);
      const up = connect(Number(t.port), t.hostname, () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2)
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        up.write(`${lines.join('\r\n')}\r\n\r\n`);
        up.write(head);
        socket.pipe(up).pipe(socket);
      });
      up.on('error', () => socket.destroy());
      socket.on('error', () => up.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new RestProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  release(): void {
    for (const go of this.held.splice(0)) go();
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(req: IncomingMessage, res: ServerResponse, target: URL): void {
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    let done = false;
    res.on('close', () => {
      this.open--;
      if (!done) this.abandoned++;
    });
    const forward = () => {
      const up = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (upRes) => {
          const chunks: Buffer[] = [];
          upRes.on('data', (c: Buffer) => chunks.push(c));
          upRes.on('end', () => {
            let body = Buffer.concat(chunks).toString();
            if (req.url?.includes('/api-docs/')) {
              // As Asterisk 22 serves them; and the base path must be ours, not the simulator's.
              body = body
                .replace(/"swaggerVersion"\s*:\s*"1\.2"/g, '"swaggerVersion":"1.1"')
                .replaceAll(`${target.host}`, `127.0.0.1:${this.port}`);
            }
            const { 'transfer-encoding': _chunked, ...rest } = upRes.headers;
            const headers = { ...rest, 'content-length': String(Buffer.byteLength(body)) };
            done = true;
            res.writeHead(upRes.statusCode ?? 502, headers);
            res.end(body);
          });
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (this.hold?.test(req.url ?? '')) this.held.push(forward);
    else forward();
  }
}
