// Every /api route declares the roles it admits; this walks every route the engine registers and
// proves each role not admitted is refused (403, naming the roles needed) and a caller without a
// session or token gets 401. A route that forgets to declare its roles stops the server at start.
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/accounts/roles.ts';
import { apiRoutesOf } from '../../src/http/auth-plugin.ts';
import { buildHttpServer } from '../../src/http/http-server.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createUser, type SignedIn, signIn } from '../support/accounts.ts';
import { type Harness, startHarness } from '../support/engine-harness.ts';

let h: Harness;
const as = {} as Record<Role, SignedIn>;

beforeAll(async () => {
  h = await startHarness();
  for (const role of ROLES) {
    await createUser(h.cagri.db, {
      username: `the-${role}`,
      roles: [role],
      ...(role === 'operator' && { operatorId: 'op1' }),
      ...(role === 'unit' && { unitIds: ['social'] }),
    });
    as[role] = await signIn(h.cagri.http, `the-${role}`);
  }
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const concrete = (url: string) => url.replace(/:[A-Za-z0-9_]+/g, 'x').replace(/\*/g, 'x');

describe('every /api route × every role', () => {
  it('knows the routes (the sign-in route is the only public one)', () => {
    const routes = apiRoutesOf(h.cagri.http);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/session']);
    for (const r of routes) expect(r.url.startsWith('/api/')).toBe(true);
  });

  it('refuses each role a route does not admit with 403 and the reason, and everyone unsigned with 401', async () => {
    const refusals: string[] = [];
    for (const route of apiRoutesOf(h.cagri.http)) {
      if (route.public) continue;
      const url = concrete(route.url);
      const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      const anonymous = await h.cagri.http.inject({
        method,
        url,
        payload: method === 'GET' ? undefined : {},
      });
      expect(anonymous.statusCode, `${route.method} ${route.url} without a principal`).toBe(401);
      for (const role of ROLES) {
        if (route.roles.includes(role)) continue;
        const res = await as[role].inject(method, url, method === 'GET' ? undefined : {});
        expect(res.status, `${route.method} ${route.url} as ${role}`).toBe(403);
        expect(res.body.message).toMatch(
          /^(requires role .+; you are |this route is for the automation token only)/,
        );
        refusals.push(`${route.method} ${route.url} ${role}`);
      }
    }
    // Admin-only routes refuse three roles each; the walk must have proven many refusals.
    expect(refusals.length).toBeGreaterThan(10);
    expect(refusals).toContain('POST /api/config/reload operator');
    expect(refusals).toContain('GET /api/users supervisor');
    expect(refusals).toContain('GET /api/audit unit');
  });

  it('lets each admitted role past the check on the routes without parameters it may read', async () => {
    for (const route of apiRoutesOf(h.cagri.http)) {
      // Event streams (server-sent events) never finish; their refusals are proven above.
      if (route.method !== 'GET' || route.url.includes(':') || /\/(events|stream)$/.test(route.url)) continue;
      for (const role of route.roles) {
        const res = await as[role].inject('GET', route.url);
        expect(res.status, `GET ${route.url} as ${role}`).not.toBe(401);
        expect(String(res.body?.message ?? ''), `GET ${route.url} as ${role}`).not.toMatch(/^requires role/);
      }
    }
  });

  it('names the roles needed and the ones the person has', async () => {
    const res = await as.operator.inject('GET', '/api/users');
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('requires role admin; you are operator');
    const ops = await as.unit.inject('GET', '/api/operators');
    expect(ops.body.message).toBe('requires role supervisor or admin; you are unit');
  });
});

describe('declaring roles', () => {
  it('a /api route without config.roles stops the server from starting', async () => {
    const forgetful: FastifyPluginAsync = async (app) => {
      app.get('/forgot', async () => ({}));
    };
    await expect(
      buildHttpServer({
        adminToken: 'test-admin-token-0123456789',
        logger: createLogger({ level: 'silent' }),
        readiness: {},
        apiPlugins: [forgetful],
      }).then((app) => app.ready()),
    ).rejects.toThrow(/GET \/api\/forgot must declare the roles it admits/);
  });
});
