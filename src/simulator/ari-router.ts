// Matches `/ari/...` requests to handlers. Parameters come from the path, the query string or the
// keys of a JSON body, as in res_ari; comma-separated lists are split.
import type { AriReply } from './errors.ts';
import { ariError } from './errors.ts';
import type { SimWorld } from './sim-world.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class RouteContext {
  constructor(
    readonly world: SimWorld,
    private readonly pathParams: Record<string, string>,
    private readonly query: URLSearchParams,
    readonly body: Record<string, unknown>,
  ) {}

  str(name: string): string | undefined {
    const fromPath = this.pathParams[name];
    if (fromPath !== undefined) return fromPath;
    const fromQuery = this.query.get(name);
    if (fromQuery !== null) return fromQuery;
    const fromBody = this.body[name];
    if (fromBody === undefined || fromBody === null) return undefined;
    if (Array.isArray(fromBody)) return fromBody.map(String).join(',');
    return typeof fromBody === 'object' ? undefined : String(fromBody);
  }

  /** An `int`/`long` parameter; NaN when present but not a number. */
  int(name: string): number | undefined {
    const raw = this.str(name);
    if (raw === undefined || raw === '') return undefined;
    return /^-?\d+$/.test(raw.trim()) ? Number.parseInt(raw, 10) : Number.NaN;
  }

  /** `allowMultiple` parameters: Asterisk splits them on commas. */
  list(name: string): string[] {
    const raw = this.str(name);
    if (raw === undefined) return [];
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }

  raw(name: string): unknown {
    return this.body[name];
  }
}

/** Synchronous Stasis commands answer only once they ran in the channel's queue: a promise. */
export type Handler = (ctx: RouteContext) => AriReply | Promise<AriReply>;

export interface Route {
  method: HttpMethod;
  pattern: string;
  handler: Handler;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export class AriRouter {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map((r) => {
      const names: string[] = [];
      const source = r.pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { ...r, regex: new RegExp(`^${source}$`), names };
    });
  }

  dispatch(
    world: SimWorld,
    method: string,
    path: string,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): AriReply | Promise<AriReply> {
    const matches: Array<{ route: CompiledRoute; params: Record<string, string> }> = [];
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      matches.push({ route, params });
    }
    if (matches.length === 0) return ariError(404, 'Resource not found');
    // A static segment beats a parameter: /channels/create is not /channels/{channelId}.
    const forMethod = matches
      .filter((m) => m.route.method === method)
      .sort((a, b) => a.route.names.length - b.route.names.length);
    const chosen = forMethod[0];
    if (!chosen) {
      const allow = [...new Set(matches.map((m) => m.route.method))].join(',');
      return { ...ariError(405, 'Invalid method'), headers: { Allow: allow } };
    }
    return chosen.route.handler(new RouteContext(world, chosen.params, query, body));
  }
}
