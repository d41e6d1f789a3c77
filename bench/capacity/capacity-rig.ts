// The capacity benchmark's rig (issue 15): the real tier's Asterisk (test/real/asterisk-instance.ts,
// started from asterisk-config/) with two additions in its own copy only — an RTP port range wide
// enough for hundreds of calls, and the test-only native menu (native-menu.conf, number 1699) —
// and the cagri engine started as `cagri serve` starts it, on the shipped config/, at a live-hours
// instant, with nobody logged in (queues.yaml `nobodyLoggedIn: wait`: callers hold).
// Shared by bench/capacity/run.ts and test/real/capacity-smoke.test.ts; no vitest here.
import { randomBytes } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { loadEnv } from '../../src/config/env.ts';
import { SystemClock } from '../../src/domain/clock.ts';
import { createLogger } from '../../src/log/logger.ts';
import { type Cagri, startCagri } from '../../src/main.ts';
import { type AsteriskInstance, REPO, startAsterisk } from '../../test/real/asterisk-instance.ts';
import { freeUdpRange, type PortRange } from '../../test/real/free-ports.ts';

/** A Tuesday 10:00 in Baku: live hours, so 0 leads to the queue. */
export const LIVE_INSTANT = '2026-12-01T10:00:00+04:00';
/** The short number cagri serves, and the native menu's number (native-menu.conf). */
export const CAGRI_NUMBER = '1655';
export const NATIVE_NUMBER = '1699';
const NATIVE_CONF = path.join(import.meta.dirname, 'native-menu.conf');

export interface CapacityRig {
  ast: AsteriskInstance;
  cagri: Cagri;
  /** Asterisk's RTP ports (the widened range): where the audio callers hear comes from. */
  rtpRange: PortRange;
  /** Asterisk's process id (for its CPU time in /proc). */
  asteriskPid: number;
  /** The engine's database name (its Postgres backends are found by it). */
  databaseName: string;
  /** The event types Asterisk was told not to send the engine (GET /applications/cagri). */
  disallowedEvents(): Promise<string[]>;
  close(): Promise<void>;
}

export interface RigOptions {
  databaseUrl: string;
  redisUrl: string;
  /** RTP ports for Asterisk (two per call); default 4000. */
  rtpPorts?: number;
  /** The engine's log level (default BENCH_LOG_LEVEL or info), written to cagri.log in the instance's folder. */
  logLevel?: string;
  /** Write the log synchronously, as before issue 15 (to measure the difference). */
  syncLog?: boolean;
  /** Leave Asterisk's event filter cleared, as before issue 15 (to measure the difference). */
  noEventFilter?: boolean;
}

export async function startCapacityRig(opts: RigOptions): Promise<CapacityRig> {
  const ast = await startAsterisk();
  let cagri: Cagri | undefined;
  try {
    const rtpRange = await widenRtpRange(ast, opts.rtpPorts ?? 4000);
    await addNativeMenu(ast);
    const env = loadEnv({
      ARI_URL: ast.ariUrl,
      ARI_USERNAME: ast.ariUsername,
      ARI_PASSWORD: ast.ariPassword,
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl,
      ADMIN_TOKEN: `bench-${randomBytes(12).toString('hex')}`,
      CAGRI_CONFIG: path.join(REPO, 'config'),
      CAGRI_DATA_DIR: path.join(ast.dir, 'cagri-data'),
      HTTP_PORT: '0',
      LOG_LEVEL: opts.logLevel ?? process.env.BENCH_LOG_LEVEL ?? 'info',
      ...(process.env.PG_POOL_MAX ? { PG_POOL_MAX: process.env.PG_POOL_MAX } : {}),
    });
    cagri = await startCagri({
      env,
      clock: new SystemClock(Date.parse(LIVE_INSTANT)),
      // As in production (stdout, asynchronous), but to a file: the benchmark prints its table.
      logger: createLogger({
        level: env.LOG_LEVEL,
        destination: pino.destination({ dest: path.join(ast.dir, 'cagri.log'), sync: opts.syncLog ?? false }),
      }),
      listen: false,
      watchConfig: false,
      redisPrefix: `cagri-cap-${randomBytes(4).toString('hex')}`,
      rateLimit: { max: 100_000, timeWindowMs: 60_000 },
    });
    await cagri.telephony.waitUntilConnected(20_000);
    if (opts.noEventFilter) await ariRequest(ast, 'PUT', `/applications/${env.ARI_APP}/eventFilter`, {});
    const engine = cagri;
    return {
      ast,
      cagri: engine,
      rtpRange,
      asteriskPid: asteriskPid(ast),
      databaseName: new URL(opts.databaseUrl).pathname.slice(1),
      async disallowedEvents() {
        const app = (await ariRequest(ast, 'GET', `/applications/${env.ARI_APP}`)) as {
          events_disallowed?: Array<{ type: string }>;
        };
        return (app.events_disallowed ?? []).map((e) => e.type);
      },
      async close() {
        await ast.cli('channel request hangup all').catch(() => undefined);
        await engine.close();
        await ast.stop();
      },
    };
  } catch (err) {
    await cagri?.close().catch(() => undefined);
    await ast.stop();
    throw err;
  }
}

async function ariRequest(
  ast: AsteriskInstance,
  method: string,
  url: string,
  body?: unknown,
): Promise<unknown> {
  const auth = Buffer.from(`${ast.ariUsername}:${ast.ariPassword}`).toString('base64');
  const res = await fetch(`${ast.ariUrl}/ari${url}`, {
    method,
    headers: {
      authorization: `Basic ${auth}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ARI answered ${res.status}`);
  return res.json();
}

/** The instance's rtp.conf allows 200 ports (100 calls); the benchmark needs thousands. */
async function widenRtpRange(ast: AsteriskInstance, size: number): Promise<PortRange> {
  const range = await freeUdpRange(size);
  const file = path.join(ast.dir, 'etc/rtp.conf');
  const text = readFileSync(file, 'utf8')
    .replace(/^rtpstart\s*=.*$/m, `rtpstart = ${range.start}`)
    .replace(/^rtpend\s*=.*$/m, `rtpend = ${range.end}`);
  writeFileSync(file, text);
  await ast.cli('module reload res_rtp_asterisk.so');
  return range;
}

/** The native menu, in this instance only: its file beside extensions.conf, included from it. */
async function addNativeMenu(ast: AsteriskInstance): Promise<void> {
  const etc = path.join(ast.dir, 'etc');
  copyFileSync(NATIVE_CONF, path.join(etc, 'bench-native.conf'));
  const ext = path.join(etc, 'extensions.conf');
  writeFileSync(ext, `${readFileSync(ext, 'utf8')}\n#include "bench-native.conf"\n`);
  await ast.cli('dialplan reload');
  const shown = await ast.cli(`dialplan show ${NATIVE_NUMBER}@citizens`);
  if (!shown.includes('bench-native-main')) throw new Error(`native menu not loaded:\n${shown}`);
}

/** The Asterisk started for this instance: the process whose command line names its config. */
function asteriskPid(ast: AsteriskInstance): number {
  const conf = path.join(ast.dir, 'etc/asterisk.conf');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd.includes('-f') && cmd.includes(conf)) return Number(entry);
    } catch {
      // a process that ended while we looked
    }
  }
  throw new Error(`no Asterisk process found for ${conf}`);
}
