// Who is calling the admin API, and may they? Registered inside the /api scope, so it guards every
// route there and nothing outside it. A request is authenticated by the bearer ADMIN_TOKEN
// (automation; admits every route) or by a session cookie (a person; admitted by the roles the
// route declares). The token is compared as SHA-256 digests with timingSafeEqual: equal-length
// inputs, so neither the content nor the length leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySession from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../accounts/audit-log.ts';
import { actorName, hasRole } from '../accounts/principal.ts';
import type { Role } from '../accounts/roles.ts';
import type { PgSessionStore } from '../accounts/session-store.ts';
import { principalOf, type UserRepository } from '../accounts/user-repository.ts';
import { sharedPlugin } from './shared-plugin.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function tokenMatches(expectedDigest: Buffer, presented: string): boolean {
  return timingSafeEqual(expectedDigest, digest(presented));
}

export const SESSION_COOKIE = 'cagri_session';

/** People's sign-in: without it only the bearer token authenticates. */
export interface AccountsAuth {
  users: Pick<UserRepository, 'byId'>;
  store: PgSessionStore;
  /** At least 32 characters; the same on every engine sharing the database. */
  sessionSecret: string;
  /** Send the cookie only over HTTPS. */
  cookieSecure: boolean;
  sessionMaxAgeMs: number;
  audit: AuditLog;
}

export interface ApiRoute {
  method: string;
  url: string;
  roles: readonly Role[];
  public: boolean;
}

// The /api routes with the roles they declare, per server, for the role tests and the docs.
const routesByServer = new WeakMap<object, ApiRoute[]>();
export function apiRoutesOf(app: FastifyInstance): readonly ApiRoute[] {
  return routesByServer.get(app.server) ?? [];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function describeRoles(roles: readonly Role[]): string {
  return roles.length === 1 ? `role ${roles[0]}` : `role ${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}`;
}

export const authPlugin = sharedPlugin<{ adminToken: string; accounts?: AccountsAuth }>(
  'cagri-auth',
  async (app, opts) => {
    if (opts.adminToken.length === 0) throw new Error('adminToken must not be empty');
    const expected = digest(opts.adminToken);
    const accounts = opts.accounts;
    const routes: ApiRoute[] = [];
    routesByServer.set(app.server, routes);

    app.addHook('onRoute', (route) => {
      const roles = route.config?.roles;
      const methods = [route.method].flat();
      if (!roles) {
        throw new Error(
          `${methods.join(',')} ${route.url} must declare the roles it admits: config: { roles: [...] }`,
        );
      }
      for (const method of methods) {
        if (method === 'HEAD' && routes.some((r) => r.url === route.url && r.method === 'GET')) continue;
        routes.push({ method, url: route.url, roles, public: route.config?.public === true });
      }
    });

    if (accounts) {
      if (accounts.sessionSecret.length < 32) throw new Error('sessionSecret needs at least 32 characters');
      await app.register(fastifyCookie);
      await app.register(fastifySession, {
        secret: accounts.sessionSecret,
        cookieName: SESSION_COOKIE,
        store: accounts.store,
        saveUninitialized: false,
        rolling: false,
        cookie: {
          path: '/api',
          httpOnly: true,
          sameSite: 'strict',
          // @fastify/session would drop a Secure cookie on a plain-HTTP hop (TLS ends at the proxy
          // in front, and we deliberately do not trust proxy headers): Secure is added below instead.
          secure: false,
          maxAge: accounts.sessionMaxAgeMs,
        },
      });
      if (accounts.cookieSecure) {
        app.addHook('onSend', async (_request, reply, payload) => {
          const set = reply.getHeader('set-cookie');
          if (set === undefined) return payload;
          const secured = [set]
            .flat()
            .map((c) => String(c))
            .map((c) => (c.startsWith(`${SESSION_COOKIE}=`) && !/;\s*Secure/i.test(c) ? `${c}; Secure` : c));
          // reply.header appends Set-Cookie values: replace them instead.
          reply.removeHeader('set-cookie');
          reply.header('set-cookie', secured);
          return payload;
        });
      }
      // Only headers: this runs before the body is parsed.
      await app.register(fastifyCsrf, {
        sessionPlugin: '@fastify/session',
        getToken: (req: FastifyRequest) => csrfHeader(req),
      });
    }
    app.decorateRequest('principal');

    const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      const header = request.headers.authorization;
      if (typeof header === 'string' && header.length > 0) {
        const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
        if (!match || !tokenMatches(expected, match[1]!)) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer realm="cagri"')
            .send({ message: match ? 'invalid bearer token' : 'malformed Authorization header' });
        }
        request.principal = { kind: 'token' };
        return undefined;
      }
      const userId = accounts ? request.session?.userId : undefined;
      if (accounts && userId) {
        const user = await accounts.users.byId(userId);
        if (!user || user.disabled) {
          await request.session.destroy();
          return reply
            .code(401)
            .send({ message: 'your session has ended (account disabled); sign in again' });
        }
        request.principal = principalOf(user);
        return undefined;
      }
      if (request.routeOptions.config?.public === true) return undefined;
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="cagri"')
        .send({
          message: accounts
            ? 'sign in first (POST /api/session) or send Authorization: Bearer <ADMIN_TOKEN>'
            : 'missing bearer token (Authorization: Bearer <ADMIN_TOKEN>)',
        });
    };

    // preParsing: after the rate limiter and the session (onRequest), before the body is read or
    // validated, so an unauthenticated request costs little and gets 401 rather than a 400.
    app.addHook('preParsing', async (request, reply) => {
      const refused = await authenticate(request, reply);
      if (refused) return refused;
      const p = request.principal;
      const config = request.routeOptions.config;
      const roles = config?.roles;
      if (p?.kind !== 'user' || !roles || config.public === true) return undefined;
      if (!hasRole(p, ...roles)) {
        const yours = p.roles.length > 0 ? p.roles.join(', ') : 'no role';
        return reply.code(403).send({
          message:
            roles.length === 0
              ? 'this route is for the automation token only'
              : `requires ${describeRoles(roles)}; you are ${yours}`,
        });
      }
      return undefined;
    });

    if (accounts) {
      // A cookie rides along with any request from the browser, so a change made with one must
      // prove it comes from our page; the bearer token cannot be sent by another site.
      app.addHook('preParsing', (request, reply, _payload, done) => {
        if (request.principal?.kind !== 'user' || SAFE_METHODS.has(request.method)) return done();
        // Signing in again over a live session needs no token: it changes nothing of the old one.
        if (request.routeOptions.config?.public === true) return done();
        if (!csrfHeader(request)) {
          void reply.code(403).send({
            message: 'missing CSRF token: send the x-csrf-token header with the token from GET /api/session',
          });
          return;
        }
        app.csrfProtection(request, reply, done);
      });

      // onSend, not onResponse: the entry is written before the client hears that the change is done.
      app.addHook('onSend', async (request, reply, payload) => {
        const config = request.routeOptions.config;
        if (SAFE_METHODS.has(request.method) || reply.statusCode >= 400) return payload;
        if (!request.principal || !config?.roles || config.audit === false) return payload;
        const params = request.params as Record<string, string> | undefined;
        try {
          await accounts.audit.record({
            actor: actorName(request.principal),
            action: `${request.method} ${request.routeOptions.url}`,
            ...(params && Object.keys(params).length > 0 && { target: JSON.stringify(params) }),
            after: { status: reply.statusCode },
            requestId: request.id,
          });
        } catch (err) {
          request.log.error({ err: (err as Error).message }, 'could not write the audit log');
        }
        return payload;
      });
    }
  },
);

function csrfHeader(req: FastifyRequest): string | undefined {
  const h = req.headers['x-csrf-token'] ?? req.headers['csrf-token'];
  return typeof h === 'string' && h.length > 0 ? h : undefined;
}
