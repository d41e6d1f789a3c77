// Shared parts of the engine and API benchmarks: a scratch Postgres database, the engine started as
// `cagri serve` would start it, child-process roles talking over IPC, GC on demand, histograms and
// the summary table. Benchmarks only; tests have their own harness (test/support).
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as hdr from 'hdr-histogram-js';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadEnv } from '../src/config/env.ts';
import { type Clock, SystemClock } from '../src/domain/clock.ts';
import { type Cagri, startCagri } from '../src/main.ts';

export const REPO = path.resolve(import.meta.dirname, '..');
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A Tuesday at 10:00 in Baku: live hours in config/hours.yaml, so 0 reaches the operator queue. */
export const LIVE_HOURS_INSTANT = Date.parse('2026-12-01T10:00:00+04:00');

// ---- Postgres and Redis ------------------------------------------------------------------------

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** An empty database beside the one in DATABASE_URL (the engine migrates it on start). */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const base = new URL(DATABASE_URL);
  const name = `cagri_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Deletes whatever the engine left under its Redis prefix (bounded: SCAN pages of 500). */
export async function clearRedisPrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  let deleted = 0;
  try {
    for (let page = 0; page < 10_000; page++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

// ---- the engine --------------------------------------------------------------------------------

export interface BenchEngine {
  cagri: Cagri;
  db: ScratchDatabase;
  redisPrefix: string;
  close(): Promise<void>;
}

/** startCagri with the repo's config/, a scratch database and its own Redis prefix. */
export async function startBenchEngine(opts: {
  ariUrl: string;
  listen: boolean;
  clock?: Clock;
}): Promise<BenchEngine> {
  const db = await createScratchDatabase();
  const redisPrefix = `cagri-bench-${randomBytes(4).toString('hex')}`;
  const env = loadEnv({
    ARI_URL: opts.ariUrl,
    ARI_USERNAME: 'cagri',
    ARI_PASSWORD: 'cagri',
    DATABASE_URL: db.url,
    REDIS_URL,
    ADMIN_TOKEN,
    CAGRI_CONFIG: path.join(REPO, 'config'),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    // Which ARI REST client the engine uses (unset: the default), to compare them under load.
    ARI_REST_CLIENT: process.env.ARI_REST_CLIENT,
  });
  let cagri: Cagri;
  try {
    cagri = await startCagri({
      env,
      clock: opts.clock ?? new SystemClock(LIVE_HOURS_INSTANT),
      listen: opts.listen,
      watchConfig: false,
      redisPrefix,
    });
    await cagri.telephony.waitUntilConnected(10_000);
  } catch (err) {
    await db.drop();
    throw err;
  }
  return {
    cagri,
    db,
    redisPrefix,
    async close() {
      await cagri.close();
      await db.drop();
      await clearRedisPrefix(redisPrefix);
    },
  };
}

// ---- child-process roles over IPC --------------------------------------------------------------

type IpcRequest = { ipc: 'req'; id: number; cmd: string; args: unknown };
type IpcReply =
  | { ipc: 'res'; id: number; ok: true; value: unknown }
  | { ipc: 'res'; id: number; ok: false; error: string };
type IpcReady = { ipc: 'ready'; info: unknown };

export type IpcHandlers = Record<string, (args: never) => Promise<unknown> | unknown>;

/** Child side: announce `info` to the parent, then answer its requests until it disconnects. */
export function serveParent(info: unknown, handlers: IpcHandlers): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this role must be started by its benchmark (no IPC channel)');
  process.on('message', (raw: IpcRequest) => {
    if (raw?.ipc !== 'req') return;
    const handler = handlers[raw.cmd] as ((args: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${raw.cmd}`);
        return handler(raw.args);
      })
      .then(
        (value) => send({ ipc: 'res', id: raw.id, ok: true, value } satisfies IpcReply),
        (err: unknown) =>
          send({ ipc: 'res', id: raw.id, ok: false, error: String(err instanceof Error ? err.stack : err) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  send({ ipc: 'ready', info } satisfies IpcReady);
}

export interface ChildRole<Info> {
  info: Info;
  call<T>(cmd: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Parent side: fork `file` with BENCH_ROLE=`role`, wait for its ready message (bounded). */
export async function startChildRole<Info>(
  file: string,
  role: string,
  env: Record<string, string> = {},
): Promise<ChildRole<Info>> {
  const child: ChildProcess = fork(file, process.argv.slice(2), {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, ...env, BENCH_ROLE: role },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role}: not ready within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${role} exited early with code ${code}`)));
    child.on('message', (msg: IpcReady | IpcReply) => {
      if (msg.ipc === 'ready') {
        clearTimeout(timer);
        resolve(msg.info as Info);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(`${role}: ${msg.error}`));
    });
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`${role} exited with code ${code}`));
    pending.clear();
  });
  return {
    info,
    call<T>(cmd: string, args?: unknown) {
      return new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ipc: 'req', id, cmd, args } satisfies IpcRequest);
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGTERM'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---- the simulator's control API over HTTP -----------------------------------------------------

export type ControlRequest = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; json: unknown }>;

/** A keep-alive client for `/sim/*` (64 sockets, like an engine's pool, within the listen backlog). */
export function controlClient(baseUrl: string, auth = 'cagri:cagri'): ControlRequest {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
  const once: ControlRequest = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = { authorization, ...(payload ? { 'content-type': 'application/json' } : {}) };
      const req = http.request(`${baseUrl}${path}`, { method, agent, headers }, (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }),
        );
      });
      req.on('error', reject);
      req.end(payload);
    });
  return (method, path, body) =>
    once(method, path, body).catch((err: NodeJS.ErrnoException) => {
      // The server may close an idle keep-alive socket just as we reuse it: retry once on a new one.
      if (err.code === 'ECONNRESET') return once(method, path, body);
      throw err;
    });
}

// ---- memory, CPU, waiting ----------------------------------------------------------------------

/** A full GC: `--expose-gc` if given, else the flag set at run time (V8 honours it for new contexts). */
export const collectGarbage: () => void = (() => {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

export interface MemorySample {
  rss: number;
  heapUsed: number;
}

export function memoryAfterGc(): MemorySample {
  collectGarbage();
  collectGarbage();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

/** Samples memory every `everyMs` and keeps the peaks. */
export function peakSampler(everyMs = 50): { stop(): MemorySample } {
  const peak: MemorySample = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** A condition re-checked whenever something happens (`poke`) and on a slow beat, with a timeout. */
export class Condition {
  private check: () => void = () => undefined;

  constructor(private readonly beatMs: number) {}

  poke(): void {
    this.check();
  }

  until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const finish = (err?: Error) => {
        clearTimeout(timer);
        clearInterval(beat);
        this.check = () => undefined;
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out after ${timeoutMs} ms: ${what}`)),
        timeoutMs,
      );
      const beat = setInterval(() => this.check(), this.beatMs);
      this.check = () => {
        if (done()) finish();
      };
      this.check();
    });
  }
}

/** Re-checks `probe` every `everyMs` until it holds; rejects with `what` after `timeoutMs`. */
export async function waitUntil(what: string, probe: () => boolean, timeoutMs: number, everyMs = 10) {
  const deadline = performance.now() + timeoutMs;
  while (!probe()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// ---- histograms and tables ---------------------------------------------------------------------

/** Latencies in microseconds, 3 significant digits. */
export function latencyHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export function recordMs(h: hdr.Histogram, ms: number): void {
  h.recordValue(Math.max(1, Math.round(ms * 1000)));
}

export function percentilesMs(h: hdr.Histogram): string {
  if (h.totalCount === 0) return 'no samples';
  const at = (p: number) => (h.getValueAtPercentile(p) / 1000).toFixed(1);
  return `p50 ${at(50)}  p90 ${at(90)}  p99 ${at(99)}  max ${(h.maxValue / 1000).toFixed(1)} ms  (n=${h.totalCount})`;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function printTable(title: string, rows: Array<[string, string]>): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(title);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

/** What the numbers were measured on, including how busy the machine was (other processes share it). */
export function machineLine(): string {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${load}, ${new Date().toISOString()}`;
}
