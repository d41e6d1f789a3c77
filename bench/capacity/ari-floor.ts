// The floor (issue 15): the least an ARI application can do for the benchmark's journey, as a
// process of its own so that its CPU is its own. It makes the requests cagri makes — answer, the
// greeting and the menu, on 1 a stop and the appeals prompt, on 0 a stop and the place
// announcement (the same media as cagri's), at its end music on the channel — with no rules, no
// storage, no log and only the events it acts on. What the engine costs beyond this process is
// cagri's own; what this process costs any ARI application pays on this machine.
//
//   ARI_URL=http://127.0.0.1:8088 ARI_USERNAME=… ARI_PASSWORD=… node --import tsx bench/capacity/ari-floor.ts
//
// Prints `ready` once its events socket is open and its event filter set; run.ts starts it.
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { queueAnnouncementMedia } from '../../src/prompts/queue-announcement.ts';

export const FLOOR_APP = 'cagri-floor';

const url = new URL(process.env.ARI_URL ?? 'http://127.0.0.1:8088');
const auth = `Basic ${Buffer.from(`${process.env.ARI_USERNAME}:${process.env.ARI_PASSWORD}`).toString('base64')}`;
// `http` (default): node:http with a keep-alive agent of at most 64 sockets, as cagri's REST
// client; `raw`: the requests of one turn written as one pipelined write on one connection.
const send = process.env.FLOOR_TRANSPORT === 'raw' ? rawSender() : httpSender();

type Send = (method: string, path: string, body?: unknown) => Promise<void>;

/** 404: the caller hung up first, as happens; any other error is the floor being wrong. */
function check(method: string, path: string, status: number): void {
  if (status >= 300 && status !== 404) throw new Error(`${method} ${path}: ${status}`);
}

function httpSender(): Send {
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
function rawSender(): Send {
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
      if (conn.inflight.length === 0) idle.push(conn);
    });
    conn.socket.on('error', (err) => failed(err));
    // Asterisk closes a connection idle for its session_keep_alive (15 s).
    conn.socket.on('close', () => {
      idle.splice(idle.indexOf(conn) >>> 0, 1);
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

const failed = (err: unknown) => {
  console.error(`floor: ${(err as Error).message}`);
  process.exitCode = 1;
};

interface Caller {
  step: 'menu' | 'appeals' | 'queue' | 'hold';
  playback: string;
  plays: number;
}
const callers = new Map<string, Caller>();
let waiting = 0;

function play(channel: string, caller: Caller, media: string[]): void {
  caller.playback = `${channel}:${++caller.plays}`;
  const q = `media=${encodeURIComponent(media.join(','))}&lang=az&playbackId=${encodeURIComponent(caller.playback)}`;
  send('POST', `/channels/${encodeURIComponent(channel)}/play?${q}`).catch(failed);
}

function stopAndPlay(channel: string, caller: Caller, media: string[]): void {
  send('DELETE', `/playbacks/${encodeURIComponent(caller.playback)}`).catch(failed);
  play(channel, caller, media);
}

interface AriEvent {
  type: string;
  channel?: { id: string };
  digit?: string;
  playback?: { id: string; target_uri: string };
}

function onEvent(e: AriEvent): void {
  if (e.type === 'StasisStart' && e.channel) {
    const channel = e.channel.id;
    const caller: Caller = { step: 'menu', playback: '', plays: 0 };
    callers.set(channel, caller);
    send('POST', `/channels/${encodeURIComponent(channel)}/answer`)
      .then(() => play(channel, caller, ['sound:cagri/az/greeting', 'sound:cagri/az/main-menu']))
      .catch(failed);
  } else if (e.type === 'ChannelDtmfReceived' && e.channel) {
    const channel = e.channel.id;
    const caller = callers.get(channel);
    if (!caller) return;
    if (e.digit === '1' && caller.step === 'menu') {
      caller.step = 'appeals';
      stopAndPlay(channel, caller, ['sound:cagri/az/appeals']);
    } else if (e.digit === '0' && (caller.step === 'menu' || caller.step === 'appeals')) {
      caller.step = 'queue';
      stopAndPlay(channel, caller, queueAnnouncementMedia({ language: 'az', position: ++waiting }));
    }
  } else if (e.type === 'PlaybackFinished' && e.playback) {
    const channel = e.playback.target_uri.replace(/^channel:/, '');
    const caller = callers.get(channel);
    if (caller?.step !== 'queue' || e.playback.id !== caller.playback) return;
    caller.step = 'hold';
    send('POST', `/channels/${encodeURIComponent(channel)}/moh?mohClass=default`).catch(failed);
  } else if (e.type === 'StasisEnd' && e.channel) {
    const caller = callers.get(e.channel.id);
    if (caller?.step === 'queue' || caller?.step === 'hold') waiting--;
    callers.delete(e.channel.id);
  }
}

const ws = new WebSocket(
  `ws://${url.host}/ari/events?app=${FLOOR_APP}&api_key=${encodeURIComponent(`${process.env.ARI_USERNAME}:${process.env.ARI_PASSWORD}`)}`,
);
ws.on('message', (data) => onEvent(JSON.parse(data.toString()) as AriEvent));
ws.on('error', (err) => {
  failed(err);
  process.exit(1);
});
ws.on('close', () => process.exit(process.exitCode ?? 0));
ws.on('open', () => {
  const allowed = ['StasisStart', 'StasisEnd', 'ChannelDtmfReceived', 'PlaybackFinished'].map((type) => ({
    type,
  }));
  send('PUT', `/applications/${FLOOR_APP}/eventFilter`, { allowed })
    .then(() => console.log('ready'))
    .catch((err: unknown) => {
      failed(err);
      process.exit(1);
    });
});
