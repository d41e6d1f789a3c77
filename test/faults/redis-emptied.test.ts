// Fault: Redis comes back empty (restarted without persistence), then is flushed while running.
// Postgres is the truth; the callback jobs must be back within seconds (not at the reconciler's
// next 5-minute pass): exactly one job per scheduled callback, none lost, none doubled.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callbackJobId } from '../../src/callbacks/callback-scheduler.ts';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';
import { EngineProcess, faultConfig, freePort, PrivateRedis, tempDir, until } from './fault-kit.ts';

let db: TestDatabase;
let redis: PrivateRedis;
let sim: AriSimulator;
let configDir: string;
let dataDir: string;
let engine: EngineProcess;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await PrivateRedis.start();
  sim = await startSimulator({ port: 0, defaultPlaybackMs: 300 });
  configDir = faultConfig();
  dataDir = tempDir('cagri-fault-data-');
});
afterAll(async () => {
  await engine?.stop();
  await sim.close();
  await redis.stopServer();
  await db.drop();
  for (const d of [configDir, dataDir]) rmSync(d, { recursive: true, force: true });
});

async function scheduled(): Promise<Array<{ id: string; attempts: number }>> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(`SELECT id, attempts FROM callbacks WHERE status = 'scheduled' ORDER BY id`)).rows;
  } finally {
    await c.end();
  }
}

/** The BullMQ job of each scheduled callback's next attempt, by its key. */
function jobsPresent(cbs: Array<{ id: string; attempts: number }>): number {
  return cbs.filter(
    (cb) => redis.cli('EXISTS', `cagri:callbacks:${callbackJobId(cb.id, cb.attempts + 1)}`) === '1',
  ).length;
}

it('redis-emptied: callback jobs are rebuilt within seconds after a restart and after FLUSHALL', async () => {
  engine = EngineProcess.start({
    ariUrl: sim.url,
    databaseUrl: db.url,
    redisUrl: redis.url,
    configDir,
    dataDir,
    httpPort: await freePort(),
  });
  await until('engine ready', async () => (await engine.get('/readyz')).status === 200, 30_000);
  // Two lost calls (no operator on duty: their callbacks stay scheduled, each with its job).
  const ids = ['0506663001', '0506663002'].map((from) => sim.world.placeCall({ from, to: '1655' }).id);
  await until('answered', () => ids.every((id) => sim.world.getCall(id)?.channelState === 'Up'));
  for (const id of ids) sim.world.sendDtmf(id, '0', 0);
  await until('waiting', () =>
    ids.every((id) => {
      const v = sim.world.getCall(id);
      return v && (v.bridgeId !== null || v.musicOnHold !== null);
    }),
  );
  await new Promise((r) => setTimeout(r, 11_500));
  for (const id of ids) sim.world.hangup(id);
  await until('2 scheduled callbacks with their jobs', async () => {
    const s = await scheduled();
    return s.length === 2 && jobsPresent(s) === 2 ? s : undefined;
  });

  await redis.stopServer();
  // Back, empty (no persistence); the engine's reconnect may rebuild the jobs before we even look.
  const restartedAt = Date.now();
  await redis.startServer();
  await until(
    'jobs rebuilt after the restart',
    async () => jobsPresent(await scheduled()) === 2,
    20_000,
    100,
  );
  const afterRestartMs = Date.now() - restartedAt;

  redis.cli('FLUSHALL');
  const flushedAt = Date.now();
  await until('jobs rebuilt after FLUSHALL', async () => jobsPresent(await scheduled()) === 2, 20_000, 100);
  const afterFlushMs = Date.now() - flushedAt;

  const now = await scheduled();
  const jobs = redis.cli('KEYS', 'cagri:callbacks:cb-*').split('\n').filter(Boolean);
  console.log(
    `fault redis-emptied: jobs ${jobsPresent(now)}/${now.length} back ${afterRestartMs} ms after a restart, ` +
      `${afterFlushMs} ms after FLUSHALL; job keys ${jobs.length} (no duplicates)`,
  );
  expect(now).toHaveLength(2);
  expect(jobs).toHaveLength(2);
  expect(afterRestartMs).toBeLessThan(10_000);
  expect(afterFlushMs).toBeLessThan(10_000);
}, 120_000);
