// /readyz is cheap and limited: one round of dependency checks serves every request for a second,
// and a client polling faster than the limit gets 429 with a reason; /healthz is never limited.
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/http/health-routes.ts';
import { buildTestServer, type TestServer } from './http-support.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.app.close();
  server = undefined;
});

describe('/readyz', () => {
  it('100 requests in a burst run each dependency check once', async () => {
    let pings = 0;
    server = await buildTestServer({
      readiness: {
        postgres: async () => {
          pings++;
        },
      },
    });
    const replies = await Promise.all(
      Array.from({ length: 100 }, () => server!.app.inject({ method: 'GET', url: '/readyz' })),
    );
    expect(replies.every((r) => r.statusCode === 200)).toBe(true);
    expect(pings).toBe(1);
  });

  it('checks again once the cached round is older than a second', async () => {
    let pings = 0;
    let now = 0;
    const app = Fastify();
    await app.register(
      healthRoutes({
        readiness: {
          redis: async () => {
            pings++;
          },
        },
        timeoutMs: 1000,
        now: () => now,
      }),
    );
    try {
      await app.inject({ method: 'GET', url: '/readyz' });
      now = 999;
      await app.inject({ method: 'GET', url: '/readyz' });
      expect(pings).toBe(1);
      now = 1000;
      await app.inject({ method: 'GET', url: '/readyz' });
      expect(pings).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('past the per-client limit: 429 with a reason; /healthz still answers', async () => {
    server = await buildTestServer({ readiness: {}, readinessRateLimit: { max: 5, timeWindowMs: 60_000 } });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await server.app.inject({ method: 'GET', url: '/readyz' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(limited.json()).toEqual({ message: 'Rate limit exceeded, retry in 1 minute' });
    for (let i = 0; i < 20; i++)
      expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
