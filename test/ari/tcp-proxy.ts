// A TCP relay between the adapter and the simulator, to fake what a network does to a WebSocket:
// go silent without closing (a half-open connection), or carry a frame the server never sent.
import { type AddressInfo, createServer, type Server, Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** True once the client asked for the events WebSocket. */
  events: boolean;
}

export class TcpProxy {
  private readonly pairs = new Set<Pair>();
  private frozen = false;
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, listenPort = 0): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => proxy?.relay(client, targetPort));
    await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
    proxy = new TcpProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops relaying in both directions while keeping every connection open. */
  freeze(): void {
    this.frozen = true;
  }

  /** Sends a text frame to the adapter on the events WebSocket, as if Asterisk had. */
  injectEventFrame(text: string): void {
    const payload = Buffer.from(text);
    if (payload.length >= 126) throw new Error('keep injected frames short');
    const frame = Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
    for (const p of this.pairs) if (p.events) p.client.write(frame);
  }

  async close(): Promise<void> {
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, targetPort: number): void {
    const upstream = new Socket();
    const pair: Pair = { client, upstream, events: false };
    this.pairs.add(pair);
    upstream.connect(targetPort, '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      if (chunk.includes('GET /ari/events')) pair.events = true;
      if (!this.frozen) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!this.frozen) client.write(chunk);
    });
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
