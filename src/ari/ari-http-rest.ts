// A thin ARI REST client on node:http with a keep-alive agent, behind the same `AriRestClient`
// port as ari-client. ari-client's generated stack (swagger-client, shred, bluebird, a `new
// Buffer()` deprecation stack capture per response) cost about a tenth of the engine's CPU per
// call (bench/engine-load.ts, paired runs: 7.1-7.8 against 8.0-8.7 ms a call); here one
// operation is one request built from a fixed URL template. Each request is sent
// exactly as ari-client sends it (method, path, query names, JSON body), so Asterisk sees no
// difference: checked against the simulator's api-docs and a capture of ari-client's requests.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AriRestClient } from './ari-rest-client.ts';
import { TimeoutError } from './with-timeout.ts';

/** Asterisk answered outside 2xx; `message` is its own text (`message`/`error` of the body), or ''. */
export class AriHttpError extends Error {
  override readonly name = 'AriHttpError';
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** The request never got an answer because the connection failed (refused, reset, closed). */
export class AriTransportError extends Error {
  override readonly name = 'AriTransportError';
  constructor(
    readonly code: string,
    readonly method: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AriHttpRestOptions {
  /** ARI_URL: only its scheme and host are used; ARI is under `/ari`, as for the events socket. */
  url: string;
  username: string;
  password: string;
  /** A request still unanswered after this is aborted and its socket destroyed. */
  requestTimeoutMs: number;
  /** Requests in flight at once (default 64, below Asterisk's 100 HTTP sessions); more wait. */
  maxSockets?: number;
  /** Whether this Asterisk declares PUT /applications/{name}/eventFilter (13.26/16.3 and later). */
  hasEventFilter: boolean;
}

type Query = Record<string, string | number | undefined>;

const enc = encodeURIComponent;

export function createAriHttpRest(opts: AriHttpRestOptions): AriRestClient {
  const http = new AriHttp(opts);
  const rest: AriRestClient = {
    channels: {
      get: (p) => http.send('GET', `/channels/${enc(p.channelId)}`),
      answer: (p) => http.send('POST', `/channels/${enc(p.channelId)}/answer`),
      hangup: (p) => http.send('DELETE', `/channels/${enc(p.channelId)}`, { reason: p.reason }),
      play: (p) =>
        http.send('POST', `/channels/${enc(p.channelId)}/play`, {
          media: p.media,
          lang: p.lang,
          playbackId: p.playbackId,
        }),
      startMoh: (p) => http.send('POST', `/channels/${enc(p.channelId)}/moh`, { mohClass: p.mohClass }),
      stopMoh: (p) => http.send('DELETE', `/channels/${enc(p.channelId)}/moh`),
      setChannelVar: (p) =>
        http.send('POST', `/channels/${enc(p.channelId)}/variable`, { variable: p.variable, value: p.value }),
      // `variables` travels as a JSON body wrapped in `{ variables }`, as ari-client sends it.
      create: (p) =>
        http.send(
          'POST',
          '/channels/create',
          { endpoint: p.endpoint, app: p.app, appArgs: p.appArgs, channelId: p.channelId },
          p.variables ? { variables: p.variables } : undefined,
        ),
      dial: (p) =>
        http.send('POST', `/channels/${enc(p.channelId)}/dial`, { caller: p.caller, timeout: p.timeout }),
    },
    bridges: {
      // POST /bridges?bridgeId= (ari-client's `create`), not /bridges/{id}, which would update
      // an existing bridge instead of refusing a duplicate id.
      create: (p) => http.send('POST', '/bridges', { type: p.type, bridgeId: p.bridgeId, name: p.name }),
      destroy: (p) => http.send('DELETE', `/bridges/${enc(p.bridgeId)}`),
      addChannel: (p) => http.send('POST', `/bridges/${enc(p.bridgeId)}/addChannel`, { channel: p.channel }),
      removeChannel: (p) =>
        http.send('POST', `/bridges/${enc(p.bridgeId)}/removeChannel`, { channel: p.channel }),
      startMoh: (p) => http.send('POST', `/bridges/${enc(p.bridgeId)}/moh`, { mohClass: p.mohClass }),
      stopMoh: (p) => http.send('DELETE', `/bridges/${enc(p.bridgeId)}/moh`),
      play: (p) =>
        http.send('POST', `/bridges/${enc(p.bridgeId)}/play`, {
          media: p.media,
          lang: p.lang,
          playbackId: p.playbackId,
        }),
    },
    playbacks: {
      stop: (p) => http.send('DELETE', `/playbacks/${enc(p.playbackId)}`),
    },
    applications: {
      get: (p) => http.send('GET', `/applications/${enc(p.applicationName)}`),
    },
    asterisk: {
      ping: () => http.send('GET', '/asterisk/ping'),
    },
  };
  // Absent, as with ari-client, where this Asterisk does not declare it: the adapter then warns
  // that every event type is sent instead of failing each connect on a 404.
  if (opts.hasEventFilter) {
    rest.applications.filter = (p) =>
      http.send('PUT', `/applications/${enc(p.applicationName)}/eventFilter`, undefined, p.filter);
  }
  return rest;
}

/** Connection errors where the request surely never reached Asterisk: it is not there. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function transportNeverReached(err: AriTransportError): boolean {
  return NOT_REACHED.has(err.code);
}

class AriHttp {
  private readonly request: typeof httpRequest;
  private readonly agent: HttpAgent;
  private readonly hostname: string;
  private readonly port: number | undefined;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(opts: AriHttpRestOptions) {
    const base = new URL(opts.url);
    const tls = base.protocol === 'https:';
    this.request = tls ? httpsRequest : httpRequest;
    // The idle timeout closes a spare socket before Asterisk's session_keep_alive (15 s) does,
    // so a request is not written to a socket Asterisk is closing. It does not touch a socket
    // in use: the per-request timer below does that.
    const agentOptions = {
      keepAlive: true,
      maxSockets: opts.maxSockets ?? 64,
      timeout: Math.min(opts.requestTimeoutMs, 10_000),
    };
    this.agent = tls ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.hostname = base.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = base.port === '' ? undefined : Number(base.port);
    this.authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    this.timeoutMs = opts.requestTimeoutMs;
  }

  send(method: string, resource: string, query?: Query, body?: unknown): Promise<unknown> {
    const path = `/ari${resource}${queryString(query)}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { Authorization: this.authorization };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    } else if (method === 'POST' || method === 'PUT') {
      headers['Content-Length'] = 0;
    }
    return new Promise((resolve, reject) => {
      // A failure before or during the answer: our timeout stays a TimeoutError, the rest say
      // which connection error ended the request.
      const fail = (err: Error & { code?: string }) => {
        clearTimeout(timer);
        if (err instanceof TimeoutError || err instanceof AriHttpError) return reject(err);
        const code = err.code ?? 'ECONNRESET';
        reject(new AriTransportError(code, method, path, `${method} ${path}: ${err.message} (${code})`));
      };
      const req = this.request(
        { method, hostname: this.hostname, port: this.port, path, headers, agent: this.agent },
        (res) => readReply(res, method, path).then(resolve, fail),
      );
      // Counts from the call, so time queued behind maxSockets counts too. Destroying the
      // request closes its socket: Asterisk's HTTP session is freed rather than held for an
      // answer nobody waits for. Rejected here, not from req's 'error': a request still queued
      // in the agent emits that only once a socket frees up for it.
      const timer = setTimeout(() => {
        const err = new TimeoutError(this.timeoutMs);
        req.destroy(err);
        fail(err);
      }, this.timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('error', fail);
      req.end(payload);
    });
  }
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    out += `${out === '' ? '?' : '&'}${key}=${enc(String(value))}`;
  }
  return out;
}

/** The body of a 2xx parsed (undefined when empty), or an `AriHttpError` with Asterisk's text. */
function readReply(res: IncomingMessage, method: string, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
    });
    res.on('error', reject);
    res.on('end', () => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        if (text === '') return resolve(undefined);
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new AriHttpError(status, method, path, `answered ${status} with a body that is not JSON`));
        }
        return;
      }
      reject(new AriHttpError(status, method, path, asteriskMessage(text)));
    });
  });
}

/** Asterisk's error text: `{"message": ...}` (ast_ari_response_error) or `{"error": ...}` (res_ari.c). */
export function asteriskMessage(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  try {
    const body: unknown = JSON.parse(trimmed);
    if (body && typeof body === 'object') {
      const { message, error } = body as { message?: unknown; error?: unknown };
      if (typeof message === 'string') return message;
      if (typeof error === 'string') return error;
    }
  } catch {
    // Not JSON after all: the raw text is the best message there is.
  }
  return trimmed;
}
