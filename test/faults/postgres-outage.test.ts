// Fault: Postgres goes away while citizens call. 10 calls arrive during the outage and 4 of them
// are lost calls (waited more than 10 s, hung up). Afterwards the API must show exactly 10 calls,
// 4 lost calls and 4 callbacks — nothing lost, nothing twice — and the same when the engine is
// killed with SIGKILL during the outage (a new engine replays the journal the dead one left).
//
// The outage lasts 60 s (FAULT_OUTAGE_SEC changes it; 0 = as long as the calls take, ~12 s, which
// runs the same code path: every write fails from the first second, sits in the fsynced journal
// and is retried with a backoff that reaches its 5 s cap within 15 s).
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE } from '../../src/durability/journal-file.ts';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import {
  EngineProcess,
  faultConfig,
  freePort,
  PrivatePostgres,
  PrivateRedis,
  tempDir,
  until,
} from './fault-kit.ts';

const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_SEC ?? 60) * 1000;
const CALLERS = Array.from({ length: 10 }, (_, i) => `05066610${String(i).padStart(2, '0')}`);
const LOST = CALLERS.slice(0, 4);

describe('fault: postgres outage', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  for (const killDuringOutage of [false, true]) {
    const name = killDuringOutage ? 'postgres-outage+kill-9' : 'postgres-outage';
    it(`${name}: 10 calls and 4 lost calls during the outage are all in the API afterwards`, async () => {
      const pgp = await PrivatePostgres.start();
      cleanups.push(() => pgp.destroy());
      const redis = await PrivateRedis.start();
      cleanups.push(() => redis.stopServer());
      const sim: AriSimulator = await startSimulator({ port: 0, defaultPlaybackMs: 300 });
      cleanups.push(() => sim.close());
      const configDir = faultConfig();
      const dataDir = tempDir('cagri-fault-data-');
      cleanups.push(() => {
        rmSync(configDir, { recursive: true, force: true });
        rmSync(dataDir, { recursive: true, force: true });
      });
      const env = {
        ariUrl: sim.url,
        databaseUrl: pgp.url(),
        redisUrl: redis.url,
        configDir,
        dataDir,
        httpPort: await freePort(),
      };
      let engine = EngineProcess.start(env);
      cleanups.push(() => engine.stop());
      await until('engine ready', async () => (await engine.get('/readyz')).status === 200, 30_000);

      pgp.stopServer();
      const outageStarted = Date.now();
      const ids = CALLERS.map((from) => sim.world.placeCall({ from, to: '1655' }).id);
      const up = (id: string) => sim.world.getCall(id)?.channelState === 'Up';
      await until('every call answered', () => ids.every(up), 15_000);
      const lostIds = ids.slice(0, LOST.length);
      for (const id of lostIds) sim.world.sendDtmf(id, '0', 0);
      const waitingInQueue = (id: string) => {
        const v = sim.world.getCall(id);
        return v !== undefined && (v.bridgeId !== null || v.musicOnHold !== null);
      };
      await until('4 callers wait in the queue', () => lostIds.every(waitingInQueue), 15_000);
      // The other 6 hang up in the menu: calls, not lost calls.
      for (const id of ids.slice(LOST.length)) sim.world.hangup(id);
      await new Promise((r) => setTimeout(r, 11_500)); // real waiting time in the queue: > 10 s
      for (const id of lostIds) sim.world.hangup(id);
      await until('every call ended', () => ids.every((id) => sim.world.getCall(id)?.state === 'ended'));

      // Everything is in the journal on disk (fsynced) while Postgres is still down.
      const journal = path.join(dataDir, JOURNAL_FILE);
      await until(
        'journal holds 10 ended calls and 4 lost calls',
        async () => {
          const text = await readFile(journal, 'utf8');
          return (
            (text.match(/"type":"call-ended"/g) ?? []).length === 10 &&
            (text.match(/"type":"lost-call"/g) ?? []).length === 4
          );
        },
        10_000,
      );

      if (killDuringOutage) {
        await engine.kill9();
        engine = EngineProcess.start({ ...env, httpPort: await freePort() });
      }
      const remaining = OUTAGE_MS - (Date.now() - outageStarted);
      if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));
      const outageMs = Date.now() - outageStarted;
      pgp.startServer();

      const api = engine;
      const counts = await until(
        'calls, lost calls and callbacks in the API',
        async () => {
          const calls = (await api.get('/api/calls?limit=100')).body?.calls;
          const lost = (await api.get('/api/lost-calls')).body?.lostCalls;
          const callbacks = (await api.get('/api/callbacks?limit=100')).body?.callbacks;
          if (!calls || !lost || !callbacks) return undefined;
          // Settled: the journal is applied through to each call's end, not just its start.
          const settled =
            calls.length >= 10 &&
            lost.length >= 4 &&
            callbacks.length >= 4 &&
            calls.every((c: { ended_at: string | null }) => c.ended_at !== null) &&
            (await api.get('/readyz')).body?.journal?.backlog === 0;
          return settled ? { calls, lost, callbacks } : undefined;
        },
        60_000,
        500, // /readyz allows 300 requests a minute per client
      );
      const ready = (await api.get('/readyz')).body;
      const rows = await pgp.query<{ calls: string; lost: string; callbacks: string }>(
        `SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM lost_calls) AS lost,
                (SELECT count(*) FROM callbacks) AS callbacks`,
      );
      console.log(
        `fault ${name}: calls ${counts.calls.length}/10, lost ${counts.lost.length}/4, ` +
          `callbacks ${counts.callbacks.length}/4 (outage ${(outageMs / 1000).toFixed(1)} s, ` +
          `journal backlog after ${ready?.journal?.backlog})`,
      );
      expect(rows[0]).toEqual({ calls: '10', lost: '4', callbacks: '4' });
      // /api/calls speaks the table's column names.
      expect(counts.calls.map((c: { caller_number: string }) => c.caller_number).sort()).toEqual(CALLERS);
      expect(counts.calls.every((c: { ended_at: string | null }) => c.ended_at !== null)).toBe(true);
      expect(counts.lost.map((l: { callerNumber: string }) => l.callerNumber).sort()).toEqual(LOST);
      expect(counts.callbacks.map((c: { kind: string }) => c.kind)).toEqual(Array(4).fill('lost-call'));
      expect(ready?.journal?.backlog).toBe(0);
    }, 180_000);
  }
});
