// Fault: a second engine is started against the same deployment, then the active one is killed
// with SIGKILL while a caller waits. The second engine must change nothing while the first holds
// the lease (no ARI connection, no reconciler, no writes: /readyz says "standby"), then take over
// within seconds, re-adopting the waiting caller with their call: one call row, one queue entry.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';
import { EngineProcess, faultConfig, freePort, PrivateRedis, tempDir, until } from './fault-kit.ts';

let db: TestDatabase;
let redis: PrivateRedis;
let sim: AriSimulator;
let configDir: string;
const dirs: string[] = [];
const engines: EngineProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await PrivateRedis.start();
  sim = await startSimulator({ port: 0, defaultPlaybackMs: 300 });
  configDir = faultConfig();
});
afterAll(async () => {
  for (const e of engines) await e.stop();
  await sim.close();
  await redis.stopServer();
  await db.drop();
  for (const d of [configDir, ...dirs]) rmSync(d, { recursive: true, force: true });
});

async function engine(): Promise<EngineProcess> {
  const dataDir = tempDir('cagri-fault-data-');
  dirs.push(dataDir);
  const e = EngineProcess.start({
    ariUrl: sim.url,
    databaseUrl: db.url,
    redisUrl: redis.url,
    configDir,
    dataDir,
    httpPort: await freePort(),
  });
  engines.push(e);
  return e;
}

/** Every row the engines write, to compare before and after the standby has been around. */
async function snapshot(): Promise<string> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const out: Record<string, unknown> = {};
    for (const t of [
      'calls',
      'queue_entries',
      'lost_calls',
      'callbacks',
      'callback_events',
      'callback_attempts',
    ])
      out[t] = (await c.query(`SELECT * FROM ${t} ORDER BY 1`)).rows;
    return JSON.stringify(out);
  } finally {
    await c.end();
  }
}

it('second engine: stands by changing nothing, then takes over after kill -9 and re-adopts the waiting caller', async () => {
  const first = await engine();
  await until('first engine ready', async () => (await first.get('/readyz')).status === 200, 30_000);
  const { id } = sim.world.placeCall({ from: '0506662001', to: '1655' });
  await until('call answered', () => sim.world.getCall(id)?.channelState === 'Up');
  sim.world.sendDtmf(id, '0', 0);
  await until('caller waits in the queue', () => {
    const v = sim.world.getCall(id);
    return v && (v.bridgeId !== null || v.musicOnHold !== null);
  });
  await until('the queue entry is stored', async () => (await snapshot()).includes('"state":"waiting"'));

  const second = await engine();
  await second.waitForLog('another engine holds the lease: standing by, taking over when it stops', 30_000);
  const before = await snapshot();
  const standby = await until('standby probe', async () => {
    const r = await second.get('/readyz');
    return r.status === 503 && r.body?.status === 'standby' ? r : undefined;
  });
  await new Promise((r) => setTimeout(r, 4000)); // the standby has had time to do damage, if it would
  expect(await snapshot()).toBe(before);
  expect(second.lines.filter((l) => l.component === 'ari' || l.component === 'callbacks')).toEqual([]);
  expect(sim.world.getCall(id)?.state).not.toBe('ended');
  expect((await first.get('/readyz')).status).toBe(200);

  const killedAt = Date.now();
  await first.kill9();
  await second.waitForLog('engine lease taken: this engine is active', 15_000);
  const leaseMs = Date.now() - killedAt;
  await until('second engine ready', async () => (await second.get('/readyz')).status === 200, 15_000);
  const readyMs = Date.now() - killedAt;
  await second.waitForLog('re-adopted a waiting caller with their call', 15_000);
  const adoptedMs = Date.now() - killedAt;

  // Where the takeover time goes, from the standby's own log stamps.
  const at = (msg: string) => Number(second.logged(msg)?.time ?? Number.NaN) - killedAt;
  const steps = ['engine lease taken: this engine is active', 'ARI connected', 'cagri is running']
    .map((m) => `${m.split(':')[0]} +${at(m)} ms`)
    .join(', ');
  const calls = (await second.get('/api/calls?limit=10')).body.calls;
  const waiting = JSON.parse(await snapshot()).queue_entries;
  console.log(
    `fault second-engine: standby ${standby.status} "${standby.body.status}", rows changed by the standby 0; ` +
      `takeover after kill -9: lease ${leaseMs} ms, ready ${readyMs} ms, caller re-adopted ${adoptedMs} ms; ` +
      `calls ${calls.length}/1, queue entries ${waiting.length}/1 (${steps})`,
  );
  expect(sim.world.getCall(id)?.state).not.toBe('ended');
  expect(calls).toHaveLength(1);
  expect(waiting).toEqual([expect.objectContaining({ state: 'waiting' })]);
  expect(readyMs).toBeLessThan(10_000);
}, 120_000);
