// Capacity benchmark (issue 15): the same caller journey through cagri (1655) and through a
// native dialplan menu (1699, native-menu.conf) on one real Asterisk 22, alternating, at rising
// concurrency; prints the side-by-side table for the README.
//
//   npm run bench:capacity -- --concurrency 100,200,400 [--calls-factor 2] [--hold-ms 4500]
//                             [--no-rtp-echo] [--targets cagri,native]
//
// Needs what the real tier needs (scripts/asterisk-build.sh, scripts/test-packages.sh: sipp),
// Postgres and Redis (DATABASE_URL, REDIS_URL as for the tests). Arrivals are N/9 calls per
// second, so with the ~9 s journey about N callers are up at once. Figures depend on the machine
// and its load: the load average is printed with each row.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createScratchDatabase, DATABASE_URL, REDIS_URL } from '../bench-support.ts';
import { AriTap, p50p99 } from './ari-tap.ts';
import { CAGRI_NUMBER, type CapacityRig, NATIVE_NUMBER, startCapacityRig } from './capacity-rig.ts';
import { CpuMeter, postgresBackends } from './process-cpu.ts';
import { runSipp } from './sipp-run.ts';

type Target = 'cagri' | 'native';

interface Row {
  level: number;
  target: Target;
  calls: number;
  ok: number;
  failed: number;
  notHeld: number;
  keyToCommand: string;
  asteriskMs: number;
  nodeMs: number;
  postgresMs: number;
  refusals: number;
  leftOver: number;
  load: string;
}

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '100,200' },
    'calls-factor': { type: 'string', default: '2' },
    'hold-ms': { type: 'string', default: '4500' },
    'no-rtp-echo': { type: 'boolean', default: false },
    targets: { type: 'string', default: 'cagri,native' },
    // Before/after of issue 15's cheap fixes: the engine as it was without each.
    'sync-log': { type: 'boolean', default: false },
    'no-event-filter': { type: 'boolean', default: false },
  },
});
const levels = values.concurrency.split(',').map((s) => Number.parseInt(s, 10));
const factor = Number(values['calls-factor']);
const holdMs = Number(values['hold-ms']);
const targets = values.targets.split(',') as Target[];

const db = await createScratchDatabase();
const rig = await startCapacityRig({
  databaseUrl: db.url,
  redisUrl: REDIS_URL,
  syncLog: values['sync-log'],
  noEventFilter: values['no-event-filter'],
});
const tap = new AriTap();
const rows: Row[] = [];
try {
  console.error(`ARI event filter: ${(await rig.disallowedEvents()).length} event types disallowed`);
  for (const [i, level] of levels.entries()) {
    // Alternate which goes first, so neither always meets a warmer or a busier machine.
    const order = i % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) rows.push(await measure(rig, level, target));
  }
} finally {
  tap.stop();
  await rig.close();
  await db.drop();
}
console.log(table(rows));
process.exit(0);

async function measure(rig: CapacityRig, level: number, target: Target): Promise<Row> {
  const calls = Math.round(level * factor);
  const asterisk = new CpuMeter(async () => [rig.asteriskPid]);
  const postgres = new CpuMeter(() => postgresBackends(DATABASE_URL, rig.databaseName));
  await asterisk.begin();
  await postgres.begin();
  const node0 = process.cpuUsage();
  const log0 = asteriskLog(rig);
  tap.take();
  console.error(`${target} at ${level}: ${calls} calls, ${(level / 9).toFixed(1)}/s …`);
  const result = await runSipp({
    sipPort: rig.ast.sipPort,
    number: target === 'cagri' ? CAGRI_NUMBER : NATIVE_NUMBER,
    calls,
    rate: level / 9,
    limit: Math.ceil(level * 1.5),
    holdMs,
    rtpEcho: !values['no-rtp-echo'],
  });
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const nodeUsage = process.cpuUsage(node0);
  const asteriskMs = await asterisk.endMs();
  const postgresMs = await postgres.endMs();
  const leftOver = await settle(rig);
  const tapped = tap.take();
  const log = asteriskLog(rig).slice(log0.length);
  const count = (re: RegExp) => log.match(re)?.length ?? 0;
  const notHeld =
    target === 'cagri'
      ? tapped.notHeld
      : count(/\[s@bench-native-queue:1\] Playback/g) - count(/\[s@bench-native-queue:2\] MusicOnHold/g);
  if (result.failed > 0 && result.errors) console.error(result.errors);
  return {
    level,
    target,
    calls: result.created,
    ok: result.successful,
    failed: result.failed,
    notHeld,
    keyToCommand: target === 'cagri' ? p50p99(tapped.keyToCommand) : '–',
    asteriskMs,
    nodeMs: target === 'cagri' ? (nodeUsage.user + nodeUsage.system) / 1000 : 0,
    postgresMs: target === 'cagri' ? postgresMs : 0,
    refusals: count(/HTTP session count exceeded/g),
    leftOver,
    load,
  };
}

/** Waits (up to 30 s) for Asterisk's channels to go; returns how many are still up then. */
async function settle(rig: CapacityRig): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const out = await rig.ast.cli('core show channels count');
    const n = Number(/(\d+) active channels?/.exec(out)?.[1] ?? 0);
    if (n === 0 || Date.now() > deadline) return n;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function asteriskLog(rig: CapacityRig): string {
  return readFileSync(rig.ast.logPath, 'utf8');
}

function table(rows: Row[]): string {
  const cpus = os.cpus();
  const head = [
    `Machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}; Asterisk 22 (real tier build), SIPp ${
      values['no-rtp-echo'] ? 'without' : 'with'
    } RTP echo, keys as SIP INFO, hold ${holdMs} ms, ${factor} × N calls per level at N/9 calls/s; engine log ${
      values['sync-log'] ? 'synchronous' : 'asynchronous'
    } at ${process.env.BENCH_LOG_LEVEL ?? 'info'}, ARI event filter ${values['no-event-filter'] ? 'off' : 'on'}, PG_POOL_MAX ${
      process.env.PG_POOL_MAX ?? 'default'
    }.`,
    '',
    '| concurrent | path | journeys ok | did not reach hold | key → next ARI command p50 / p99 | CPU per call: Asterisk + node + Postgres | HTTP session refusals | channels left 30 s after | load (1/5/15 min) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const lines = rows.map((r) => {
    const per = (ms: number) => (r.calls ? (ms / r.calls).toFixed(1) : '–');
    const cpu =
      r.target === 'cagri'
        ? `${per(r.asteriskMs)} + ${per(r.nodeMs)} + ${per(r.postgresMs)} = ${per(r.asteriskMs + r.nodeMs + r.postgresMs)} ms`
        : `${per(r.asteriskMs)} ms`;
    const pct = r.calls ? ((100 * r.ok) / r.calls).toFixed(1) : '0';
    return `| ${r.level} | ${r.target} | ${pct} % (${r.ok}/${r.calls}) | ${r.notHeld} | ${r.keyToCommand} | ${cpu} | ${r.refusals} | ${r.leftOver} | ${r.load} |`;
  });
  return [...head, ...lines].join('\n');
}
