import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRepository } from '../../src/db/call-repository.ts';
import { createDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/schema.ts';
import { CallId } from '../../src/domain/ids.ts';
import { callsRoutes } from '../../src/http/calls-routes.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';
import { auth, buildTestServer } from './http-support.ts';

let tdb: TestDatabase;
let db: Kysely<Database>;
let app: FastifyInstance;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createDatabase(tdb.url, { maxConnections: 2 });
  const repo = new CallRepository(db);
  for (let i = 1; i <= 4; i++) {
    await repo.insertStarted({
      id: `c${i}`,
      channel_id: `ch${i}`,
      caller_number: i % 2 === 0 ? '+994501111111' : '+994502222222',
      dialled_number: '1655',
      started_at: new Date(Date.UTC(2026, 10, 28, 10, i)),
    });
  }
  await repo.markEnded(CallId('c4'), new Date('2026-11-28T10:09:00Z'), 'caller-hangup', 'greeting');
  ({ app } = await buildTestServer({ apiPlugins: [callsRoutes(repo)] }));
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
  await tdb?.drop();
});

describe('GET /api/calls', () => {
  it('lists recent calls newest first with every field', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/calls', headers: auth });
    expect(res.statusCode).toBe(200);
    const { calls } = res.json();
    expect(calls.map((c: { id: string }) => c.id)).toEqual(['c4', 'c3', 'c2', 'c1']);
    expect(calls[0]).toEqual({
      id: 'c4',
      channel_id: 'ch4',
      service_id: null,
      caller_number: '+994501111111',
      dialled_number: '1655',
      language: null,
      config_version: null,
      started_at: '2026-11-28T10:04:00.000Z',
      answered_at: null,
      ended_at: '2026-11-28T10:09:00.000Z',
      end_cause: 'caller-hangup',
      outcome: 'greeting',
      choice: null, // never queued: no menu choice to show
    });
  });

  it('filters by caller number and limits', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/calls?number=%2B994501111111&limit=1',
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().calls.map((c: { id: string }) => c.id)).toEqual(['c4']);
  });

  it.each([
    ['limit=0', 'limit: must be at least 1'],
    ['limit=501', 'limit: must be at most 500'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit: must be a whole number'],
    ['number=abc', 'number: must be the caller number'],
    ['colour=red', 'colour'],
  ])('rejects ?%s with 400 and the reason', async (query, reason) => {
    const res = await app.inject({ method: 'GET', url: `/api/calls?${query}`, headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^invalid querystring: /);
    expect(res.json().message).toContain(reason);
  });

  it('requires the admin token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/calls' })).statusCode).toBe(401);
  });

  it('is documented with its query parameters', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    const op = spec.paths['/api/calls'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['limit', 'number']);
    expect(op.security).toEqual([{ bearerAuth: [] }]);
  });
});
