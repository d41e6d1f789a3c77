// The REST operations the adapter uses, declared narrowly. @types/ari-client types several of them
// wrongly (NOTES §1.6, P8) and ari-client builds its methods at run time from the server's Swagger
// files anyway, so this interface is the one place that says what we call and with which
// parameters (names as in Asterisk 22's api-docs). Results are `unknown` until zod has read them.
import ari from 'ari-client';
import type { Logger } from '../log/logger.ts';
import { useAriHttpAgent } from './ari-http-agent.ts';
import { createAriHttpRest } from './ari-http-rest.ts';
import { patchSwaggerFailure } from './swagger-fail-patch.ts';
import { routeSwaggerLog } from './swagger-log-patch.ts';

type Call<P> = (params: P) => Promise<unknown>;

export interface AriRestClient {
  channels: {
    get: Call<{ channelId: string }>;
    answer: Call<{ channelId: string }>;
    hangup: Call<{ channelId: string; reason?: string }>;
    /** `media` is one comma-separated string: Asterisk splits it (allowMultiple). */
    play: Call<{ channelId: string; media: string; playbackId: string; lang?: string }>;
    startMoh: Call<{ channelId: string; mohClass?: string }>;
    stopMoh: Call<{ channelId: string }>;
    setChannelVar: Call<{ channelId: string; variable: string; value: string }>;
    create: Call<{
      endpoint: string;
      app: string;
      channelId: string;
      appArgs?: string;
      variables?: Record<string, string>;
    }>;
    dial: Call<{ channelId: string; caller?: string; timeout: number }>;
  };
  bridges: {
    create: Call<{ bridgeId: string; type: string; name?: string }>;
    destroy: Call<{ bridgeId: string }>;
    addChannel: Call<{ bridgeId: string; channel: string }>;
    removeChannel: Call<{ bridgeId: string; channel: string }>;
    startMoh: Call<{ bridgeId: string; mohClass?: string }>;
    stopMoh: Call<{ bridgeId: string }>;
    play: Call<{ bridgeId: string; media: string; playbackId: string; lang?: string }>;
  };
  playbacks: {
    stop: Call<{ playbackId: string }>;
  };
  applications: {
    get: Call<{ applicationName: string }>;
    /** Absent on an Asterisk older than 13.26/16.3 (ari-client builds methods from its api-docs). */
    filter?: Call<{ applicationName: string; filter: { disallowed?: Array<{ type: string }> } }>;
  };
  asterisk: {
    ping: () => Promise<unknown>;
  };
}

/** What the adapter needs from a loaded client, plus the means to check for listener growth. */
export interface LoadedAriClient {
  rest: AriRestClient;
  /** ari-client's EventEmitter and its per-instance listener table (expected to stay empty). */
  listenerSnapshot(): { emitter: number; instance: number };
}

interface RawAriClient extends AriRestClient {
  eventNames(): (string | symbol)[];
  listenerCount(name: string | symbol): number;
  _instanceListeners?: Record<string, unknown[]>;
}

/** Which implementation serves the port: ours on node:http (default) or ari-client, for comparison. */
export type AriRestClientKind = 'thin' | 'ari-client';

export interface LoadOptions {
  /** Default 'thin' (ARI_REST_CLIENT). */
  client?: AriRestClientKind;
  /** Aborts our own pre-flight requests (the caller's timeout). */
  signal?: AbortSignal;
  /** Receives swagger-client's console chatter at debug level. */
  logger: Logger;
  /** REST requests still unanswered after this are aborted (their socket freed). */
  requestTimeoutMs: number;
  /** REST requests in flight at once (default 64). */
  maxSockets?: number;
}

/**
 * Checks Asterisk's API documents (both clients: a wrong ARI_URL or account fails here with a
 * reason), then builds the chosen client. ari-client's load
 * never settles when a declaration fetch dies on the network (NOTES §1.2), so the caller bounds
 * it with a timeout; `signal` aborts our own pre-flight requests with it.
 */
export async function loadAriClient(
  url: string,
  username: string,
  password: string,
  opts: LoadOptions,
): Promise<LoadedAriClient> {
  const { signal } = opts;
  if ((opts.client ?? 'thin') === 'thin') {
    const declared = await preflight(url, username, password, signal);
    const rest = createAriHttpRest({
      url,
      username,
      password,
      requestTimeoutMs: opts.requestTimeoutMs,
      hasEventFilter: declared.has(EVENT_FILTER_PATH),
      ...(opts.maxSockets === undefined ? {} : { maxSockets: opts.maxSockets }),
    });
    // No emitter of its own: nothing to grow.
    return { rest, listenerSnapshot: () => ({ emitter: 0, instance: 0 }) };
  }
  patchSwaggerFailure();
  routeSwaggerLog(opts.logger);
  useAriHttpAgent({
    timeoutMs: opts.requestTimeoutMs,
    ...(opts.maxSockets === undefined ? {} : { maxSockets: opts.maxSockets }),
  });
  await preflight(url, username, password, signal);
  const client = (await ari.connect(url, username, password)) as unknown as RawAriClient;
  return {
    rest: client,
    listenerSnapshot() {
      let emitter = 0;
      for (const name of client.eventNames()) emitter += client.listenerCount(name);
      let instance = 0;
      for (const list of Object.values(client._instanceListeners ?? {})) instance += list.length;
      return { emitter, instance };
    },
  };
}

const EVENT_FILTER_PATH = '/applications/{applicationName}/eventFilter';

/**
 * Fetches the API documents (those ari-client is about to load) and checks they are there and are JSON.
 * ari-client loses the HTTP status (and swagger-client's `JSON.parse` of a non-JSON 200, e.g. a
 * web page at a wrong ARI_URL, throws from an HTTP callback); here the failure gets a reason a
 * person can act on before ari-client sees anything.
 */
async function preflight(
  url: string,
  username: string,
  password: string,
  signal?: AbortSignal,
): Promise<Set<string>> {
  const base = new URL(url);
  const headers = {
    Accept: 'application/json',
    Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
  };
  const getJson = async (target: string): Promise<unknown> => {
    const res = await fetch(target, { headers, ...(signal ? { signal } : {}) });
    const text = await res.text();
    if (res.status === 401) throw new Error(`${target} answered 401: check ARI_USERNAME and ARI_PASSWORD`);
    if (!res.ok) throw new Error(`${target} answered ${res.status}: is ARI enabled (http.conf, ari.conf)?`);
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${target} is not JSON: is ARI_URL the Asterisk HTTP server?`);
    }
  };
  const resources = (await getJson(`${base.protocol}//${base.host}/ari/api-docs/resources.json`)) as {
    basePath?: unknown;
    apis?: Array<{ path?: unknown }>;
  };
  if (
    typeof resources.basePath !== 'string' ||
    !/^https?:\/\//.test(resources.basePath) ||
    !Array.isArray(resources.apis)
  ) {
    throw new Error('resources.json has no absolute basePath or no apis: not an Asterisk ARI');
  }
  const basePath = resources.basePath;
  const declarations = await Promise.all(
    resources.apis.map((api) =>
      typeof api.path === 'string' ? getJson(basePath + api.path.replace('{format}', 'json')) : undefined,
    ),
  );
  // The resource paths this Asterisk declares (the thin client offers what ari-client would).
  const declared = new Set<string>();
  for (const doc of declarations) {
    const apis = (doc as { apis?: unknown } | undefined)?.apis;
    if (!Array.isArray(apis)) continue;
    for (const api of apis as Array<{ path?: unknown }>)
      if (typeof api.path === 'string') declared.add(api.path);
  }
  return declared;
}
