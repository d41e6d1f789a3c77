// Fault: the engine loses Asterisk. The engine (a real child process) reaches the ARI simulator
// only through a TCP proxy; the proxy cuts every connection (REST and the events WebSocket) and
// refuses new ones for a few seconds, then listens again on the same port. Afterwards the engine
// must be ready again, still serve the callers on the line, and keep one call row per call and one
// queue entry per caller. A caller who hung up during the outage waited only until the moment the
// engine lost Asterisk (issue 10 item 6), so 6.5 s before the cut is not a lost call (> 10 s).
//
// Real time, margins stated where they matter: the outage lasts OUTAGE_MS (5 s); the caller of the
// time rule waits 6.5 s before the cut, so the wall-clock wait (≥ 11.5 s) passes the 10 s rule
// while the wait up to the cut stays 3.5 s below it.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { TcpProxy } from '../ari/tcp-proxy.ts';
import { createTestDatabase } from '../support/services.ts';
import { EngineProcess, faultConfig, freePort, PrivateRedis, tempDir, until } from './fault-kit.ts';

const OUTAGE_MS = 5000;

interface Rig {
  sim: AriSimulator;
  engine: EngineProcess;
  /** Cuts every connection and refuses new ones until `restore`. */
  cut(): Promise<void>;
  restore(): Promise<void>;
}

describe('fault: ARI connection dropped', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function rig(): Promise<Rig> {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const redis = await PrivateRedis.start();
    cleanups.push(() => redis.stopServer());
    const sim = await startSimulator({ port: 0, defaultPlaybackMs: 300 });
    cleanups.push(() => sim.close());
    let proxy: TcpProxy | undefined = await TcpProxy.start(sim.port);
    const port = proxy.port;
    cleanups.push(() => proxy?.close());
    const configDir = faultConfig();
    const dataDir = tempDir('cagri-fault-data-');
    cleanups.push(() => {
      rmSync(configDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    });
    const engine = EngineProcess.start({
      ariUrl: proxy.url,
      databaseUrl: db.url,
      redisUrl: redis.url,
      configDir,
      dataDir,
      httpPort: await freePort(),
    });
    cleanups.push(() => engine.stop());
    await until('engine ready', async () => (await engine.get('/readyz')).status === 200, 30_000, 500);
    return {
      sim,
      engine,
      async cut() {
        const p = proxy;
        proxy = undefined;
        await p?.close();
      },
      async restore() {
        proxy = await TcpProxy.start(sim.port, port);
      },
    };
  }

  const waiting = (sim: AriSimulator, id: string) => {
    const v = sim.world.getCall(id);
    return v !== undefined && v.state !== 'ended' && (v.bridgeId !== null || v.musicOnHold !== null);
  };
  // biome-ignore lint/suspicious/noExplicitAny: test code reads JSON shapes freely
  const queue = async (e: EngineProcess): Promise<any[]> => (await e.get('/api/queue')).body?.waiting ?? [];
  const readyStatus = async (e: EngineProcess) => (await e.get('/readyz')).status;

  /** Cuts, waits until the engine says it is not ready, holds the outage, restores, waits for ready. */
  async function outage(r: Rig, during: () => void = () => {}): Promise<{ downMs: number; backMs: number }> {
    const cutAt = Date.now();
    await r.cut();
    await until(
      'engine not ready while ARI is cut',
      async () => (await readyStatus(r.engine)) === 503,
      10_000,
      250,
    );
    during();
    // The outage itself is the fault being simulated, not a wait for a condition.
    await new Promise((res) => setTimeout(res, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
    const downMs = Date.now() - cutAt;
    await r.restore();
    const restoredAt = Date.now();
    await until('engine ready again', async () => (await readyStatus(r.engine)) === 200, 30_000, 250);
    return { downMs, backMs: Date.now() - restoredAt };
  }

  it('ari-dropped: callers in the menu and the queue are still served, one row per call', async () => {
    const r = await rig();
    const { sim, engine } = r;
    sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 300 });
    const [inMenu, first, second] = ['0506667001', '0506667002', '0506667003'];
    const ids = [inMenu, first, second].map((from) => sim.world.placeCall({ from: from!, to: '1655' }).id);
    const [menuId, firstId, secondId] = ids as [string, string, string];
    await until('every call answered', () => ids.every((id) => sim.world.getCall(id)?.channelState === 'Up'));
    sim.world.sendDtmf(firstId, '0', 0);
    await until('first caller waits', () => waiting(sim, firstId));
    sim.world.sendDtmf(secondId, '0', 0);
    await until('second caller waits', () => waiting(sim, secondId));
    await until('2 callers in the queue', async () => (await queue(engine)).length === 2);

    const { downMs, backMs } = await outage(r);

    // Still on the line, still in the queue, once each.
    expect(ids.map((id) => sim.world.getCall(id)?.state === 'ended')).toEqual([false, false, false]);
    const after = await queue(engine);
    expect(after).toHaveLength(2);
    // The caller in the menu goes on: presses 0 and joins the queue behind the other two.
    sim.world.sendDtmf(menuId, '0', 0);
    await until('menu caller waits', () => waiting(sim, menuId));
    const three = await until('3 callers in the queue', async () => {
      const w = await queue(engine);
      return w.length === 3 ? w : undefined;
    });
    expect(new Set(three.map((w: { callId: string }) => w.callId)).size).toBe(3);

    // An operator answers: the caller who waited longest is bridged to them.
    expect(await engine.put('/api/operators/op1/state', { state: 'available' })).toBe(200);
    await until(
      'first caller bridged to op1',
      () => sim.world.getCall(firstId)?.bridgedWith.some((p) => p.endpoint === 'PJSIP/op1'),
      20_000,
    );
    const bridged = sim.world.getCall(firstId)?.bridgedWith.map((p) => p.endpoint);
    for (const id of ids) sim.world.hangup(id);
    const calls = await until(
      '3 ended calls in the API',
      async () => {
        const c = (await engine.get('/api/calls?limit=100')).body?.calls;
        return c && c.length >= 3 && c.every((x: { ended_at: string | null }) => x.ended_at !== null)
          ? c
          : undefined;
      },
      20_000,
      250,
    );
    const numbers = calls.map((c: { caller_number: string }) => c.caller_number).sort();
    console.log(
      `fault ari-dropped: calls ${calls.length}/3, queue after reconnect ${after.length}/2 then ${three.length}/3, ` +
        `first caller bridged to ${bridged?.join(',')} (outage ${(downMs / 1000).toFixed(1)} s, ready ` +
        `${(backMs / 1000).toFixed(1)} s after restore)`,
    );
    expect(numbers).toEqual([inMenu, first, second].sort());
    expect(bridged).toEqual(['PJSIP/op1']);
  }, 120_000);

  it('ari-dropped-lost-time: a caller who hung up during the outage waited only until the cut', async () => {
    const r = await rig();
    const { sim, engine } = r;
    // `gone` hangs up during the outage; `control` waits the same time, stays on the line through
    // the outage and hangs up after the reconnect: a lost call, so the rule is live in this run.
    const [gone, control] = ['0506667010', '0506667011'];
    const ids = [gone, control].map((from) => sim.world.placeCall({ from, to: '1655' }).id);
    const [goneId, controlId] = ids as [string, string];
    await until('answered', () => ids.every((id) => sim.world.getCall(id)?.channelState === 'Up'));
    for (const id of ids) sim.world.sendDtmf(id, '0', 0);
    await until('both callers wait', () => ids.every((id) => waiting(sim, id)));
    const joined = await until('both callers in the queue', async () => {
      const w = await queue(engine);
      return w.length === 2 ? w : undefined;
    });
    // 6.5 s in the queue when the engine loses Asterisk (below the 10 s rule by 3.5 s).
    await new Promise((res) => setTimeout(res, 6500));
    const queuedAt = Math.min(...joined.map((w: { joinedAt: string }) => Date.parse(w.joinedAt)));
    const { downMs } = await outage(r, () => sim.world.hangup(goneId));
    const wallWaitMs = Date.now() - queuedAt;
    expect(sim.world.getCall(controlId)?.state).not.toBe('ended');
    // The gone caller's queue entry is dropped at the reconnect; the control's stays, once.
    const left = await until('only the control caller waits', async () => {
      const w = await queue(engine);
      return w.length === 1 ? w : undefined;
    });
    sim.world.hangup(controlId);

    const calls = await until(
      'both calls end in the API',
      async () => {
        const c = (await engine.get('/api/calls?limit=100')).body?.calls;
        return c?.length >= 2 && c.every((x: { ended_at: string | null }) => x.ended_at !== null)
          ? c
          : undefined;
      },
      20_000,
      250,
    );
    const lost = await until(
      "the control's lost call",
      async () => {
        const l = (await engine.get('/api/lost-calls')).body?.lostCalls;
        return l?.length >= 1 ? l : undefined;
      },
      20_000,
      250,
    );
    const callbacks = (await engine.get('/api/callbacks?limit=100')).body?.callbacks;
    await until('queue empty', async () => (await queue(engine)).length === 0, 10_000, 250);
    console.log(
      `fault ari-dropped-lost-time: waited 6.5 s before the cut, hung up during a ${(downMs / 1000).toFixed(1)} s outage ` +
        `(wall-clock ${(wallWaitMs / 1000).toFixed(1)} s): not lost; lost calls ${lost.length}/1 (the control caller), ` +
        `callbacks ${callbacks?.length}/1, calls ${calls.length}/2`,
    );
    expect(wallWaitMs).toBeGreaterThan(10_000); // otherwise the test proves nothing
    expect(left).toHaveLength(1);
    expect(calls.map((c: { caller_number: string }) => c.caller_number).sort()).toEqual([gone, control]);
    expect(lost.map((l: { callerNumber: string }) => l.callerNumber)).toEqual([control]);
    expect(callbacks).toHaveLength(1);
  }, 120_000);
});
