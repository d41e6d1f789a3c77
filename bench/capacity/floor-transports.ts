// The floor's two ways of sending ARI requests (ari-floor.ts): `http`, node:http with a keep-alive
// agent of at most 64 sockets, as cagri's REST client; `raw`, the requests of one turn written as
// one pipelined write on one connection, answers read by hand.
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';

export type Send = (method: string, path: string, body?: unknown) => Promise<void>;

export interface FloorLink {
  url: URL;
  /** The Authorization header's value. */
  auth: string;
  /** A connection failed: the floor reports it (its journeys then fail and show it). */
  failed: (err: Error) => void;
}

/** 404: the caller hung up first, as happens; any other error is the floor being wrong. */
function check(method: string, path: string, status: number): void {
  if (status >= 300 && status !== 404) throw new Error(`${method} ${path}: ${status}`);
}

export function httpSender({ url, auth }: FloorLink): Send {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 10_000 });
  return (method, path, body) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          method,
          hostname: url.hostname,
          port: url.port,
          path: `/ari${path}`,
          agent,
          headers: {
            Authorization: auth,
            'Content-Length': payload === undefined ? 0 : Buffer.byteLength(payload),
            ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            try {
              check(method, path, res.statusCode ?? 0);
              resolve();
            } catch (err) {
              reject(err);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
}

interface Pending {
  method: string;
  path: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Asterisk answers in order on a connection, always with a Content-Length (main/http.c). */
export function rawSender({ url, auth, failed }: FloorLink): Send {
  const idle: Array<{ socket: Socket; inflight: Pending[] }> = [];
  let batch: Pending[] = [];
  let text = '';
  const flush = () => {
    const conn = idle.pop() ?? open();
    conn.inflight.push(...batch);
    conn.socket.write(text);
    batch = [];
    text = '';
  };
  const open = () => {
    const conn = { socket: connect(Number(url.port), url.hostname), inflight: [] as Pending[] };
    conn.socket.setNoDelay(true);
    let buf = '';
    conn.socket.on('data', (chunk: Buffer) => {
      buf += chunk.toString('latin1');
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + length) break;
        const status = Number(buf.slice(9, 12));
        buf = buf.slice(end + 4 + length);
        const p = conn.inflight.shift();
        if (!p) throw new Error('an answer nobody asked for');
        try {
          check(p.method, p.path, status);
          p.resolve();
        } catch (err) {
          p.reject(err as Error);
        }
      }
      if (conn.inflight.length === 0 && !idle.includes(conn)) idle.push(conn);
    });
    conn.socket.on('error', (err) => failed(err));
    // Asterisk closes a connection idle for its session_keep_alive (15 s).
    conn.socket.on('close', () => {
      const at = idle.indexOf(conn);
      if (at >= 0) idle.splice(at, 1);
      if (conn.inflight.length > 0)
        failed(new Error(`a connection closed with ${conn.inflight.length} requests unanswered`));
    });
    return conn;
  };
  return (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? '' : JSON.stringify(body);
      if (batch.length === 0) queueMicrotask(flush);
      batch.push({ method, path, resolve, reject });
      text += `${method} /ari${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${auth}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n${payload ? 'Content-Type: application/json\r\n' : ''}\r\n${payload}`;
    });
}
