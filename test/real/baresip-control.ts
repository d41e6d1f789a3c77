// baresip's ctrl_tcp interface: netstring-framed JSON. Commands go out as
// {command, params, token}; answers come back as {response, ok, data, token}; call and
// registration events arrive as {event: true, type, ...}.
import { connect, type Socket } from 'node:net';

export interface BaresipEvent {
  type: string;
  class?: string;
  accountaor?: string;
  direction?: string;
  peeruri?: string;
  id?: string;
  param?: string;
}

interface Pending {
  resolve: (data: string) => void;
  reject: (err: Error) => void;
}

export class BaresipControl {
  private buf = Buffer.alloc(0);
  private nextToken = 1;
  private readonly pending = new Map<string, Pending>();

  private constructor(
    private readonly socket: Socket,
    private readonly onEvent: (e: BaresipEvent) => void,
  ) {
    socket.on('data', (d) => this.receive(d));
    socket.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('baresip control connection closed'));
      this.pending.clear();
    });
  }

  /** Connects, retrying while baresip starts up. */
  static async connect(port: number, onEvent: (e: BaresipEvent) => void, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        socket.on('error', () => undefined); // a closed phone: pending commands are rejected on close
        return new BaresipControl(socket, onEvent);
      } catch (err) {
        if (Date.now() > deadline) {
          throw new Error(`baresip control port ${port} not reachable: ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Runs a menu command (dial, accept, hangup, sndcode, ...) and resolves with its output. */
  command(command: string, params = ''): Promise<string> {
    const token = String(this.nextToken++);
    const body = Buffer.from(JSON.stringify({ command, params, token }));
    return new Promise((resolve, reject) => {
      this.pending.set(token, { resolve, reject });
      this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(data: Buffer): void {
    this.buf = Buffer.concat([this.buf, data]);
    for (;;) {
      const colon = this.buf.indexOf(':');
      if (colon < 0) return;
      const len = Number(this.buf.toString('ascii', 0, colon));
      if (this.buf.length < colon + 1 + len + 1) return;
      const msg = JSON.parse(this.buf.toString('utf8', colon + 1, colon + 1 + len)) as Record<
        string,
        unknown
      >;
      this.buf = this.buf.subarray(colon + 1 + len + 1);
      if (msg.event) {
        this.onEvent(msg as unknown as BaresipEvent);
      } else if (msg.response && typeof msg.token === 'string') {
        const p = this.pending.get(msg.token);
        this.pending.delete(msg.token);
        const text = typeof msg.data === 'string' ? msg.data : '';
        if (msg.ok === false) p?.reject(new Error(`baresip command failed: ${text}`));
        else p?.resolve(text);
      }
    }
  }
}
