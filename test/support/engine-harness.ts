// The whole hotline in one process for scenario tests: the ARI simulator, the unmodified
// ari-client adapter, the engine with its queue and callbacks, a fresh Postgres database and an
// isolated Redis prefix. Waiting is on conditions re-checked at every telephony event, with a
// timeout — never a sleep.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnv } from '../../src/config/env.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { createLogger } from '../../src/log/logger.ts';
import { type Cagri, startCagri } from '../../src/main.ts';
import { type AriSimulator, type CallView, startSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, serviceUrls, type TestDatabase, testRedisPrefix } from './services.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
const REPO = path.resolve(import.meta.dirname, '../..');

export interface HarnessOptions {
  clock?: Clock;
  /** Edit a copy of config/ before the engine loads it. */
  editConfig?: (dir: string) => void;
  defaultPlaybackMs?: number;
  playbackMs?: Record<string, number>;
  /** Extra environment variables (e.g. SMTP_URL for a test's SMTP sink). */
  env?: Record<string, string>;
}

export interface Harness {
  sim: AriSimulator;
  cagri: Cagri;
  db: TestDatabase;
  configDir: string;
  /** A citizen dials `to` (default 1655); resolves with the simulator's call id once the engine has the call. */
  call(from: string, to?: string): Promise<string>;
  view(simCallId: string): CallView;
  /** Resolves with the first truthy value of `probe`, re-checked on every event; rejects after `timeoutMs`. */
  waitFor<T>(
    what: string,
    probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
    timeoutMs?: number,
  ): Promise<T>;
  /** Stops the engine (as a crash would leave things: calls stay in Asterisk) and starts a new one on the same database. */
  restartEngine(): Promise<void>;
  /** The admin API, authenticated. */
  api(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
  ): Promise<{
    status: number; // biome-ignore lint/suspicious/noExplicitAny: test code reads JSON shapes freely
    body: any;
  }>;
  close(): Promise<void>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const configDir = mkdtempSync(path.join(tmpdir(), 'cagri-config-'));
  cpSync(path.join(REPO, 'config'), configDir, { recursive: true });
  opts.editConfig?.(configDir);
  const sim = await startSimulator({
    port: 0,
    ...(opts.clock ? { clock: opts.clock } : {}),
    defaultPlaybackMs: opts.defaultPlaybackMs ?? 30,
    ...(opts.playbackMs ? { playbackMs: opts.playbackMs } : {}),
  });
  const db = await createTestDatabase();
  const env = loadEnv({
    ARI_URL: sim.url,
    ARI_USERNAME: 'cagri',
    ARI_PASSWORD: 'cagri',
    DATABASE_URL: db.url,
    REDIS_URL: serviceUrls().redisUrl,
    ADMIN_TOKEN,
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    CAGRI_CONFIG: configDir,
    // Each engine its own write journal (a shared one would replay one test's writes into another's database).
    CAGRI_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cagri-data-')),
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
  });
  const redisPrefix = testRedisPrefix();
  const boot = async () => {
    const c = await startCagri({
      env,
      ...(opts.clock ? { clock: opts.clock } : {}),
      logger: createLogger({ level: env.LOG_LEVEL }),
      listen: false,
      watchConfig: false,
      redisPrefix,
    });
    await c.telephony.waitUntilConnected(10_000);
    return c;
  };
  let cagri = await boot();

  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  let unsubscribe = cagri.telephony.onEvent(() => setImmediate(poke));

  const waitFor: Harness['waitFor'] = (what, probe, timeoutMs = 8000) =>
    new Promise((resolve, reject) => {
      let done = false;
      const check = async () => {
        if (done) return;
        try {
          const v = await probe();
          if (v && !done) {
            done = true;
            cleanup();
            resolve(v);
          }
        } catch (err) {
          done = true;
          cleanup();
          reject(err);
        }
      };
      // Database writes finish without a telephony event; re-check on a slow beat as well.
      const beat = setInterval(() => void check(), 25);
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        waiters.delete(check);
        clearInterval(beat);
        clearTimeout(timer);
      };
      waiters.add(check);
      void check();
    });

  const h: Harness = {
    sim,
    get cagri() {
      return cagri;
    },
    db,
    configDir,
    async call(from, to = '1655') {
      const { id } = sim.world.placeCall({ from, to });
      await waitFor(
        `engine answers call from ${from}`,
        () => h.view(id).channelState === 'Up' || h.view(id).state === 'ended',
      );
      return id;
    },
    view(id) {
      const v = sim.world.getCall(id);
      if (!v) throw new Error(`no simulated call ${id}`);
      return v;
    },
    waitFor,
    async api(method, url, body) {
      const res = await cagri.http.inject({
        method,
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
    },
    async restartEngine() {
      unsubscribe();
      await cagri.close();
      cagri = await boot();
      unsubscribe = cagri.telephony.onEvent(() => setImmediate(poke));
    },
    async close() {
      unsubscribe();
      await cagri.close();
      await sim.close();
      await db.drop();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
  return h;
}
