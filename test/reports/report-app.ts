// The reports API alone on a fresh database, with the example config's services and calendars
// and a fixed clock: fixtures go straight into the tables, the answers come from the real routes.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { ConfigStore } from '../../src/config/config-store.ts';
import { createDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/schema.ts';
import { FakeClock } from '../../src/domain/clock.ts';
import { ConfigServiceDirectory } from '../../src/engine/config-service-directory.ts';
import { createLogger } from '../../src/log/logger.ts';
import { reportsRoutes } from '../../src/reports/reports-routes.ts';
import { auth, buildTestServer } from '../http/http-support.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

export interface ReportApp {
  app: FastifyInstance;
  db: Kysely<Database>;
  clock: FakeClock;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads JSON shapes freely
  get(url: string): Promise<{ status: number; body: any; text: string; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startReportApp(now: string): Promise<ReportApp> {
  const testDb: TestDatabase = await createTestDatabase();
  const db = createDatabase(testDb.url);
  const clock = new FakeClock(now);
  const config = await ConfigStore.open(
    path.resolve(import.meta.dirname, '../../config'),
    createLogger({ level: 'silent' }),
    {
      clock,
    },
  );
  const directory = new ConfigServiceDirectory(config);
  const { app } = await buildTestServer({
    apiPlugins: [
      reportsRoutes({
        db,
        services: () => config.current().services.map((s) => s.id),
        calendarFor: (id) => directory.calendarFor(id),
        clock,
      }),
    ],
    rateLimit: { max: 100_000, timeWindowMs: 60_000 },
  });
  return {
    app,
    db,
    clock,
    async get(url) {
      const res = await app.inject({ method: 'GET', url, headers: auth });
      const isJson = String(res.headers['content-type'] ?? '').includes('json');
      return {
        status: res.statusCode,
        body: isJson ? res.json() : undefined,
        text: res.body,
        headers: res.headers,
      };
    },
    async close() {
      await app.close();
      await db.destroy();
      await testDb.drop();
    },
  };
}
