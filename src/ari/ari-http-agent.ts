// The sockets ari-client's REST calls use. Its HTTP layer (shred 0.8.10, under swagger-client)
// never passes an agent, so every request went through Node's global agent without a bound: under
// load each request waiting on Asterisk held one of Asterisk's HTTP sessions (http.conf allows
// 100 by default) until Asterisk refused new ones. Here shred's requests get our agent: at most
// `maxSockets` at once (more wait in the agent), and a socket silent for the request timeout is
// timed out, which shred answers by aborting the request, so a request we gave up on frees its
// session instead of hanging on.
import { Agent } from 'node:http';
import { createRequire } from 'node:module';

export interface AriHttpLimits {
  /** Requests in flight at once (default 64, below Asterisk's 100 sessions). */
  maxSockets?: number;
  /** Abort a request after this long without an answer. */
  timeoutMs: number;
}

const PATCHED = Symbol.for('cagri.shredAgent');
let current: { agent: Agent; maxSockets: number; timeoutMs: number } | undefined;

/** Makes every shred request use an agent with these limits (process-wide, the last call wins). */
export function useAriHttpAgent(limits: AriHttpLimits): Agent {
  const maxSockets = limits.maxSockets ?? 64;
  // Kept while the limits stay the same: adapters in one process share the bound. A replaced
  // agent is not destroyed, so requests another adapter has in flight on it finish normally.
  if (current?.maxSockets !== maxSockets || current.timeoutMs !== limits.timeoutMs) {
    // Keep-alive as Node's global agent does (each request on a fresh connection costs a
    // handshake); the idle timeout also closes a spare socket before Asterisk's own
    // session_keep_alive (15 s) would, so a request is not sent on a socket being closed.
    const agent = new Agent({ keepAlive: true, maxSockets, timeout: limits.timeoutMs });
    current = { agent, maxSockets, timeoutMs: limits.timeoutMs };
  }
  const requireFromAriClient = createRequire(createRequire(import.meta.url).resolve('ari-client'));
  const requireFromSwagger = createRequire(requireFromAriClient.resolve('swagger-client'));
  const shred = requireFromSwagger('shred') as { Request?: { prototype: object } };
  const proto = shred.Request?.prototype as (object & { [PATCHED]?: true }) | undefined;
  if (!proto) throw new Error('shred has no Request: ari-client was upgraded, review src/ari');
  if (!proto[PATCHED]) {
    // shred assigns `request.agent = options.agent` (undefined from swagger-client) and passes
    // `request.agent` to http.request: an accessor on the prototype supplies ours instead.
    Object.defineProperty(proto, 'agent', {
      configurable: true,
      get(this: { _cagriAgent?: Agent }) {
        return this._cagriAgent ?? current?.agent;
      },
      set(this: { _cagriAgent?: Agent }, value: Agent | undefined) {
        this._cagriAgent = value;
      },
    });
    proto[PATCHED] = true;
  }
  return current.agent;
}

/** The agent in use (tests check its bound). */
export function ariHttpAgent(): Agent | undefined {
  return current?.agent;
}
