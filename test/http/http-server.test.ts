import type { FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRequestPart, useZod } from '../../src/http/zod-validation.ts';
import { auth, buildTestServer } from './http-support.ts';

describe('health', () => {
  it('GET /healthz answers ok', async () => {
    const { app } = await buildTestServer();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('GET /readyz is 200 when every check passes', async () => {
    const { app } = await buildTestServer({
      readiness: { ari: async () => {}, postgres: async () => {}, redis: async () => {} },
    });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      checks: { ari: { status: 'up' }, postgres: { status: 'up' }, redis: { status: 'up' } },
    });
    await app.close();
  });

  it('GET /readyz is 503 naming what is down, including a check that never answers', async () => {
    const { app } = await buildTestServer({
      readinessTimeoutMs: 50,
      readiness: {
        ari: async () => {
          throw new Error('ARI WebSocket not connected');
        },
        postgres: async () => {},
        redis: () => new Promise<void>(() => {}),
      },
    });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body.status).toBe('unavailable');
    expect(body.down).toEqual(['ari', 'redis']);
    expect(body.checks.ari).toMatchObject({ status: 'down', reason: 'ARI WebSocket not connected' });
    expect(body.checks.redis).toMatchObject({ status: 'down', reason: 'no answer within 50 ms' });
    expect(body.checks.postgres).toMatchObject({ status: 'up' });
    await app.close();
  });
});

// Test routes for the bearer token only (roles: the token admits every route).
const tokenOnly = { roles: [] };
const echo: FastifyPluginAsync = async (plain) => {
  const app = useZod(plain);
  app.get('/echo', { config: tokenOnly }, async () => ({ ok: true }));
  app.post(
    '/things',
    {
      config: tokenOnly,
      schema: { body: z.object({ name: z.string().min(1, 'must not be empty'), count: z.number().int() }) },
    },
    async (request) => ({ name: request.body.name, count: request.body.count }),
  );
  app.post('/manual', { config: tokenOnly }, async (request) => {
    const body = parseRequestPart('body', z.object({ when: z.iso.date() }), request.body);
    return { when: body.when };
  });
  app.get('/boom', { config: tokenOnly }, async () => {
    throw new Error('database exploded at secret/path.ts:42');
  });
};

describe('admin API authentication', () => {
  it('rejects a missing token, a wrong token and a wrong scheme with 401 and a reason', async () => {
    const { app } = await buildTestServer({ apiPlugins: [echo] });
    const none = await app.inject({ method: 'GET', url: '/api/echo' });
    expect(none.statusCode).toBe(401);
    expect(none.json().message).toMatch(/missing bearer token/);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await app.inject({
      method: 'GET',
      url: '/api/echo',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ message: 'invalid bearer token' });
    const basic = await app.inject({
      method: 'GET',
      url: '/api/echo',
      headers: { authorization: 'Basic abc' },
    });
    expect(basic.statusCode).toBe(401);
    const ok = await app.inject({ method: 'GET', url: '/api/echo', headers: auth });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true });
    await app.close();
  });

  it('checks the token before reading the body, and guards unknown /api paths too', async () => {
    const { app } = await buildTestServer({ apiPlugins: [echo] });
    const res = await app.inject({ method: 'POST', url: '/api/things', payload: { name: '' } });
    expect(res.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/nope' })).statusCode).toBe(401);
    const known = await app.inject({ method: 'GET', url: '/api/nope', headers: auth });
    expect(known.statusCode).toBe(404);
    expect(known.json()).toEqual({ message: 'no route GET /api/nope' });
    await app.close();
  });

  it('rate-limits /api per client with 429', async () => {
    const { app } = await buildTestServer({
      apiPlugins: [echo],
      rateLimit: { max: 2, timeWindowMs: 60_000 },
    });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await app.inject({ method: 'GET', url: '/api/echo', headers: auth })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('errors', () => {
  it('turns a zod-invalid body into 400 naming the field', async () => {
    const { app } = await buildTestServer({ apiPlugins: [echo] });
    const res = await app.inject({
      method: 'POST',
      url: '/api/things',
      headers: auth,
      payload: { name: '', count: 1.5 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.message).toMatch(/^invalid body: /);
    expect(body.issues).toEqual([
      { path: 'name', message: 'must not be empty' },
      { path: 'count', message: expect.stringMatching(/int/i) },
    ]);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/things',
      headers: auth,
      payload: { name: 'a', count: 2 },
    });
    expect(ok.json()).toEqual({ name: 'a', count: 2 });
    await app.close();
  });

  it('turns a hand-validated part into 400, and malformed JSON into 400', async () => {
    const { app } = await buildTestServer({ apiPlugins: [echo] });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/manual',
      headers: auth,
      payload: { when: 'soon' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('when');
    const json = await app.inject({
      method: 'POST',
      url: '/api/things',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().message).toEqual(expect.any(String));
    await app.close();
  });

  it('answers an unknown route with 404 JSON', async () => {
    const { app } = await buildTestServer();
    const res = await app.inject({ method: 'GET', url: '/nowhere?number=0501234567' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ message: 'no route GET /nowhere' });
    await app.close();
  });

  it('answers a throwing route with 500, the request id and no stack; the stack goes to the log', async () => {
    const { app, logLines } = await buildTestServer({ apiPlugins: [echo] });
    const res = await app.inject({ method: 'GET', url: '/api/boom', headers: auth });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toEqual({ message: 'internal error', requestId: expect.any(String) });
    expect(res.headers['x-request-id']).toBe(body.requestId);
    expect(res.body).not.toMatch(/secret|exploded|at /);
    const logged = logLines().find((l) => l.msg === 'request failed');
    expect(logged?.requestId).toBe(body.requestId);
    expect(JSON.stringify(logged?.err)).toMatch(/database exploded/);
    await app.close();
  });
});

describe('metrics and docs', () => {
  it('exposes Prometheus metrics with request durations by route pattern', async () => {
    const { app } = await buildTestServer({ apiPlugins: [echo] });
    await app.inject({ method: 'GET', url: '/api/echo', headers: auth });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /cagri_http_request_duration_seconds_count\{method="GET",route="\/api\/echo",status_code="200"\} 1/,
    );
    expect(res.body).toMatch(/cagri_process_cpu_seconds_total/);
    await app.close();
  });

  it('serves the OpenAPI document and Swagger UI at /docs', async () => {
    const { app } = await buildTestServer({ apiPlugins: [echo] });
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.paths['/api/things'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(spec.paths['/healthz'].get.security).toBeUndefined();
    expect(spec.paths['/metrics']).toBeUndefined();
    const ui = await app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    await app.close();
  });
});
