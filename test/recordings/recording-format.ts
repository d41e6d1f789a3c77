// The format of a recording (one JSON file per scenario, committed as test data), the same shape as
// ../shared/ari-reference/traces: what was sent, what Asterisk answered, and every event each app
// received, in the order they were seen on this side of the wire.
//   {kind:"send", method, path, awaited}   a request was sent (awaited: the scenario waited for its
//                                          answer before doing anything else)
//   {kind:"rest", method, path, status, body}  the answer to a request (when it arrived)
//   {kind:"event", app, ev}                 an event on the app's WebSocket
// Values Asterisk makes up per run (timestamps, uniqueids, channel name sequences, SIP Call-IDs)
// are normalised so that a re-recording only differs where behaviour differs.

export type RecordedEntry =
  | { kind: 'send'; method: string; path: string; awaited: boolean }
  | { kind: 'rest'; method: string; path: string; status: number; body: unknown }
  | { kind: 'event'; app: string; ev: { type: string } & Record<string, unknown> };

export type PhoneBehaviour = 'busy' | 'never' | 'auto' | 'unregistered';

export interface Recording {
  scenario: string;
  /** What the scenario does and what it shows, in a sentence or two. */
  about: string;
  asterisk: string;
  /** The SIP phones behind the endpoints the scenario dialled, and how each answered. */
  phones?: Record<string, PhoneBehaviour>;
  /** Media durations the real files have (ms), so a replay can give the simulator the same. */
  mediaMs: Record<string, number>;
  entries: RecordedEntry[];
}

const TIME_KEYS = new Set(['timestamp', 'creationtime', 'startup_time', 'last_reload_time']);

/** Rewrites per-run values; `ids` keeps the aliases of Asterisk-made uniqueids across one recording. */
export class Normaliser {
  private readonly ids = new Map<string, string>();

  value(key: string, v: unknown): unknown {
    if (typeof v === 'string') {
      if (TIME_KEYS.has(key)) return '<time>';
      if (key === 'asterisk_id') return '<asterisk-id>';
      if (key === 'protocol_id') return v === '' ? '' : '<sip-call-id>';
      if (key === 'name' || key === 'peer' || key === 'value' || key === 'dialstring') return this.names(v);
      return this.uniqueIds(v);
    }
    if (Array.isArray(v)) return v.map((x) => this.value(key, x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.value(k, x)]));
    }
    return v;
  }

  path(p: string): string {
    return this.uniqueIds(p);
  }

  /** `PJSIP/op1-0000000a` → `PJSIP/op1-<seq>`; `Local/x@ctx-00000002;1` → `Local/x@ctx-<seq>;1`. */
  private names(v: string): string {
    return this.uniqueIds(v.replace(/-[0-9a-f]{8}(;[12])?$/, '-<seq>$1'));
  }

  /** Asterisk uniqueids (`1795871407.5`) → `ast-1`, `ast-2`, ... in order of first appearance. */
  private uniqueIds(v: string): string {
    return v.replace(/\b\d{9,11}\.\d+\b/g, (id) => {
      let alias = this.ids.get(id);
      if (!alias) {
        alias = `ast-${this.ids.size + 1}`;
        this.ids.set(id, alias);
      }
      return alias;
    });
  }
}
