// Fault: the engine is killed with SIGKILL while a callback dials the citizen (the operator has
// answered, the citizen's phone rings). The next engine must not dial that attempt again: it
// closes it as interrupted and schedules the next attempt — the citizen is rung exactly once.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';
import { EngineProcess, faultConfig, freePort, PrivateRedis, tempDir, until } from './fault-kit.ts';

const CITIZEN = '0506664001';
let db: TestDatabase;
let redis: PrivateRedis;
let sim: AriSimulator;
let configDir: string;
let dataDir: string;
const engines: EngineProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await PrivateRedis.start();
  sim = await startSimulator({ port: 0, defaultPlaybackMs: 300 });
  configDir = faultConfig({ lostCallGraceSec: 1 });
  dataDir = tempDir('cagri-fault-data-');
});
afterAll(async () => {
  for (const e of engines) await e.stop();
  await sim.close();
  await redis.stopServer();
  await db.drop();
  for (const d of [configDir, dataDir]) rmSync(d, { recursive: true, force: true });
});

async function engine(): Promise<EngineProcess> {
  const e = EngineProcess.start({
    ariUrl: sim.url,
    databaseUrl: db.url,
    redisUrl: redis.url,
    configDir,
    dataDir,
    httpPort: await freePort(),
  });
  engines.push(e);
  await until('engine ready', async () => (await e.get('/readyz')).status === 200, 30_000);
  return e;
}

const citizenLegs = () =>
  sim.world
    .listOriginations()
    .filter((o) => o.endpoint === 'PJSIP/trunk' && o.dialString === `PJSIP/${CITIZEN}@trunk`);

it('kill-9-while-dialling: the attempt in progress is closed as interrupted, never dialled twice', async () => {
  sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 300 });
  sim.world.scriptEndpoint('PJSIP', `${CITIZEN}@trunk`, { answer: 'never' });
  const first = await engine();
  const { id } = sim.world.placeCall({ from: CITIZEN, to: '1655' });
  await until('answered', () => sim.world.getCall(id)?.channelState === 'Up');
  sim.world.sendDtmf(id, '0', 0);
  await until('waiting', () => {
    const v = sim.world.getCall(id);
    return v && (v.bridgeId !== null || v.musicOnHold !== null);
  });
  await new Promise((r) => setTimeout(r, 11_500));
  sim.world.hangup(id); // a lost call: its callback is due a second later
  const cb = await until(
    'callback scheduled',
    async () => (await first.get('/api/callbacks')).body?.callbacks?.[0],
  );

  expect(await first.put('/api/operators/op1/state', { state: 'available' })).toBe(200);
  await until('the citizen is rung for attempt 1', () => citizenLegs()[0]?.result === 'ringing', 30_000);
  await first.kill9();

  const second = await engine();
  const detail = await until(
    'attempt 1 closed as interrupted',
    async () => {
      const d = (await second.get(`/api/callbacks/${cb.id}`)).body;
      return d?.attempts?.[0]?.result === 'interrupted' ? d : undefined;
    },
    30_000,
  );
  // Time for a wrong re-dial to show: the job of attempt 1 may still be in Redis and run again.
  await new Promise((r) => setTimeout(r, 4000));
  const after = (await second.get(`/api/callbacks/${cb.id}`)).body;
  console.log(
    `fault kill-9-while-dialling: citizen rung ${citizenLegs().length}/1 for attempt 1, ` +
      `attempt 1 ${detail.attempts[0].result}, callback ${after.callback.status} with ${after.callback.attempts} attempt(s) made`,
  );
  expect(citizenLegs()).toHaveLength(1);
  expect(after.attempts).toHaveLength(1);
  expect(after.callback).toMatchObject({ status: 'scheduled', attempts: 1 });
}, 150_000);
