// Sessions live in Postgres: a person signed in through one engine is signed in on a second one
// sharing the database and SESSION_SECRET, and a session ends after its lifetime by the engine's clock.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts/create-accounts.ts';
import { NO_UNITS } from '../../src/appeals/units-config.ts';
import { createDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/schema.ts';
import { FakeClock } from '../../src/domain/clock.ts';
import { buildHttpServer } from '../../src/http/http-server.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { QueueSnapshot } from '../../src/queue/index.ts';
import type { QueuesFile } from '../../src/queue/queue-config.ts';
import { createUser, signIn } from '../support/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

const SECRET = 'shared-session-secret-0123456789abcdef';
const clock = new FakeClock('2026-12-01T10:00:00+04:00');
let tdb: TestDatabase;
let db: Kysely<Database>;
const apps: FastifyInstance[] = [];

async function engine(): Promise<FastifyInstance> {
  const logger = createLogger({ level: 'silent' });
  const accounts = createAccounts({ db, clock, logger, sessionSecret: SECRET, cookieSecure: true });
  const queue = {
    snapshot: (): QueueSnapshot => ({ at: clock.now(), operators: [], waiting: [], callbacks: [] }),
    operatorCommand: () => ({ ok: true as const }),
  };
  const app = await buildHttpServer({
    adminToken: 'test-admin-token-0123456789',
    logger,
    readiness: {},
    accounts: accounts.auth,
    apiPlugins: accounts.routes({
      queue,
      queuesFile: () => ({ queues: [], operators: [] }) as unknown as QueuesFile,
      unitsFile: () => NO_UNITS,
    }),
  });
  await app.ready();
  apps.push(app);
  return app;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createDatabase(tdb.url);
  await createUser(db, { username: 'sam', roles: ['supervisor'] });
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await db?.destroy();
  await tdb?.drop();
});

it('a session made on one engine is valid on another; signing out on the second ends it on both', async () => {
  const a = await engine();
  const b = await engine();
  const sam = await signIn(a, 'sam');
  const onB = await b.inject({ method: 'GET', url: '/api/me', headers: { cookie: sam.cookie } });
  expect(onB.statusCode).toBe(200);
  expect(onB.json().principal.username).toBe('sam');
  const out = await b.inject({
    method: 'DELETE',
    url: '/api/session',
    headers: { cookie: sam.cookie, 'x-csrf-token': sam.csrfToken },
  });
  expect(out.statusCode).toBe(200);
  expect(
    (await a.inject({ method: 'GET', url: '/api/me', headers: { cookie: sam.cookie } })).statusCode,
  ).toBe(401);
});

it('with COOKIE_SECURE the cookie is Secure; after 12 h by the engine clock the session has ended', async () => {
  const a = await engine();
  const res = await a.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username: 'sam', password: 'correct-horse-battery' },
  });
  const cookies = [res.headers['set-cookie']].flat();
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatch(/^cagri_session=.*; HttpOnly; SameSite=Strict; Secure$/);
  const sam = await signIn(a, 'sam');
  await clock.advanceAsync(12 * 3600_000 - 1000);
  expect((await sam.inject('GET', '/api/session')).status).toBe(200);
  await clock.advanceAsync(1000);
  expect((await sam.inject('GET', '/api/session')).status).toBe(401);
});
