// The engine crashes (kill -9) while a citizen waits in the queue on a real Asterisk: the engine
// runs as a child process (`node bin/cagri.js serve`, as in production), so no shutdown code runs.
// The next engine re-adopts the waiting caller and puts them through to the operator who then
// logs in, with audio both ways, and the API shows that caller once, not twice.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type EngineEnv,
  EngineProcess,
  freePort,
  PrivateRedis,
  tempDir,
  until,
} from '../faults/fault-kit.ts';
import { soundSeconds, toneSeconds } from './audio-check.ts';
import { CITIZEN_NUMBER, type RealHarness, TONES } from './real-harness.ts';
import { realTierSkip, useRealAsterisk } from './real-suite.ts';
import type { SipPhone } from './sip-phone.ts';

function startEngine(h: RealHarness, env: EngineEnv): EngineProcess {
  return EngineProcess.start({ ...env, ariUsername: h.ast.ariUsername, ariPassword: h.ast.ariPassword });
}

async function ready(e: EngineProcess): Promise<EngineProcess> {
  await until('engine ready', async () => (await e.get('/readyz')).status === 200, 30_000).catch(
    (err: Error) => {
      throw new Error(`${err.message}\nlast lines:\n${e.tail()}`);
    },
  );
  return e;
}

function heard(phone: SipPhone, hz: number | 'sound', sec: number): Promise<number> {
  return until(
    `${phone.name} hears ${sec} s of ${hz === 'sound' ? 'sound' : `${hz} Hz`}`,
    () => {
      try {
        const file = phone.lastRecording();
        const s = hz === 'sound' ? soundSeconds(file) : toneSeconds(file, hz);
        return s >= sec ? s : undefined;
      } catch (err) {
        if (/no recording yet/.test((err as Error).message)) return undefined;
        throw err;
      }
    },
    15_000,
  );
}

describe.skipIf(realTierSkip())('the engine crashing on a real Asterisk', () => {
  const suite = useRealAsterisk();
  it('kill -9 of the engine while a caller waits: the next engine puts them through once', async () => {
    const h = await suite.start({
      phones: { op1: { kind: 'auto' } },
      login: [],
      // The child engines run on the real clock: the hotline must be open at whatever hour CI runs.
      editConfig: (dir) => {
        const file = path.join(dir, 'services.yaml');
        writeFileSync(
          file,
          readFileSync(file, 'utf8').replace(/hours: working-days(\s+#[^\n]*)?/, 'hours: always'),
        );
      },
    });
    // The harness's in-process engine steps aside (gracefully, before any call) for the child engines.
    const inProcess = h.cagri;
    await inProcess.close();
    inProcess.close = async () => undefined;

    const redis = await PrivateRedis.start();
    const dataDir = tempDir('cagri-real-crash-data-');
    const engines: EngineProcess[] = [];
    const env = async (): Promise<EngineEnv> => ({
      ariUrl: h.ast.ariUrl,
      databaseUrl: h.db.url,
      redisUrl: redis.url,
      configDir: h.configDir,
      dataDir,
      httpPort: await freePort(),
    });
    try {
      const first = await ready(startEngine(h, await env()));
      engines.push(first);

      const since = h.citizen.mark();
      await h.citizen.dial('1655');
      await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, since);
      await heard(h.citizen, 'sound', 1);
      await h.citizen.sendDtmf('0');
      await until(
        'the caller waiting in the queue',
        async () => (await first.get('/api/queue')).body?.waiting?.length === 1,
        20_000,
      );
      await first.kill9();
      expect(first.proc.signalCode).toBe('SIGKILL'); // a crash: no shutdown code ran

      const second = await ready(startEngine(h, await env()));
      engines.push(second);
      await until(
        'the caller re-adopted into the queue',
        async () => (await second.get('/api/queue')).body?.waiting?.length === 1,
        20_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\nlast lines:\n${second.tail()}`);
      });
      expect(await second.put('/api/operators/op1/state', { state: 'available' })).toBe(200);
      const op1 = h.phone('op1');
      await op1.waitFor('CALL_ESTABLISHED', 20_000, 0);
      await heard(op1, TONES.citizen, 2);
      await heard(h.citizen, TONES.op1, 2);

      const queue = (await second.get('/api/queue')).body;
      const calls = (await second.get(`/api/calls?number=${CITIZEN_NUMBER}`)).body.calls;
      console.log(
        `real engine-crash: after kill -9 and restart, ${queue.waiting.length} waiting, ` +
          `${calls.length} call(s) recorded for ${CITIZEN_NUMBER}, op1 and citizen hear each other`,
      );
      expect(queue.waiting).toHaveLength(0); // the one entry left the queue for op1, none duplicated
      expect(calls).toHaveLength(1);
      await h.citizen.hangup();
    } finally {
      for (const e of engines) await e.kill9();
      await redis.stopServer();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
