// The admin API of a running engine under autocannon: GET /healthz, GET /api/calls?limit=50 and
// GET /api/operators, with the bearer token.
//
// The engine (startCagri, listening on 127.0.0.1:0, with an idle ARI simulator, a scratch database
// seeded with 10,000 calls, and its own Redis prefix) runs in a child process, so autocannon does
// not share its event loop; the child reports its own CPU time per request.
//
// /api is rate limited to 300 requests a minute per client IP, and startCagri has no option to
// change that (buildHttpServer has `rateLimit`, main.ts does not pass it). So, honestly:
//   - /healthz (not limited) runs for the full duration;
//   - /api/calls and /api/operators get 150 requests each inside the minute's budget (10 warm-up,
//     140 measured): real 200s, a small sample. autocannon ends an `amount` run on its 1 s tick, so
//     their req/s is estimated as connections / mean latency;
//   - then both run for the full duration against the spent budget: that measures the limiter's
//     429 path. Every run prints its status codes, so nothing is counted as what it is not.
//
//   node --import tsx bench/api-load.ts [seconds=10] [connections=10]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startSimulator } from '../src/simulator/index.ts';
import {
  ADMIN_TOKEN,
  machineLine,
  printTable,
  serveParent,
  startBenchEngine,
  startChildRole,
} from './bench-support.ts';

// The budget lasts a minute from the first /api request: both limited runs must fit in it.
const SECONDS = Math.min(25, Number(process.argv[2] ?? 10));
const CONNECTIONS = Number(process.argv[3] ?? 10);
const SEEDED_CALLS = 10_000;
/** Per /api route inside the 300/min budget: 10 unreported warm-up requests (first-request
 * compilation of schemas and serializers), then 140 measured. */
const WARM = 10;
const IN_BUDGET = 140;

/** The part of autocannon's result we read (the package ships no types). */
interface CannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  requests: { total: number };
  latency: { average: number; p50: number; p99: number; max: number };
  statusCodeStats: Record<string, { count: number }>;
}
type Cannon = (opts: {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  headers?: Record<string, string>;
}) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

if (process.env.BENCH_ROLE === 'server') await serverRole();
else await main();

async function serverRole(): Promise<void> {
  const sim = await startSimulator({ port: 0 });
  const engine = await startBenchEngine({ ariUrl: sim.url, listen: true });
  // A realistic table to page: the newest 50 of 10,000 calls, via the started_at index.
  const client = new pg.Client({ connectionString: engine.db.url });
  await client.connect();
  await client.query(
    `INSERT INTO calls (id, channel_id, service_id, caller_number, dialled_number, language,
       config_version, started_at, answered_at, ended_at, end_cause, outcome)
     SELECT 'seed-' || i, 'seed-ch-' || i, 'citizens', '0501' || lpad(i::text, 6, '0'), '1655', 'az',
       'seed', now() - i * interval '1 minute', now() - i * interval '1 minute' + interval '1 second',
       now() - i * interval '1 minute' + interval '90 seconds', 'caller-hangup', 'operator'
     FROM generate_series(1, $1::int) AS i`,
    [SEEDED_CALLS],
  );
  await client.end();
  serveParent(
    { address: engine.cagri.address },
    {
      cpu: () => process.cpuUsage(),
      close: async () => {
        await engine.close();
        await sim.close();
      },
    },
  );
}

interface Run {
  name: string;
  result: CannonResult;
  /** Our own wall clock (autocannon's `duration` is in whole ticks). */
  wallMs: number;
  serverCpuMs: number;
}

async function main(): Promise<void> {
  const server = await startChildRole<{ address: string }>(fileURLToPath(import.meta.url), 'server');
  const base = server.info.address;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const runs: Run[] = [];
  const run = async (
    name: string,
    path: string,
    opts: { amount?: number; auth?: boolean; report?: boolean },
  ) => {
    const cpu0 = await server.call<NodeJS.CpuUsage>('cpu');
    const t0 = performance.now();
    const result = await autocannon({
      url: `${base}${path}`,
      connections: CONNECTIONS,
      ...(opts.amount ? { amount: opts.amount } : { duration: SECONDS }),
      ...(opts.auth ? { headers: auth } : {}),
    });
    const wallMs = performance.now() - t0;
    const cpu1 = await server.call<NodeJS.CpuUsage>('cpu');
    if (opts.report === false) return;
    runs.push({
      name,
      result,
      wallMs,
      serverCpuMs: (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / 1000,
    });
  };
  try {
    await run('GET /healthz', '/healthz', {});
    await run('warm-up', '/api/calls?limit=50', { amount: WARM, auth: true, report: false });
    await run('warm-up', '/api/operators', { amount: WARM, auth: true, report: false });
    await run(`GET /api/calls?limit=50 (${IN_BUDGET} in budget)`, '/api/calls?limit=50', {
      amount: IN_BUDGET,
      auth: true,
    });
    await run(`GET /api/operators (${IN_BUDGET} in budget)`, '/api/operators', {
      amount: IN_BUDGET,
      auth: true,
    });
    await run('GET /api/calls?limit=50 (budget spent)', '/api/calls?limit=50', { auth: true });
    await run('GET /api/operators (budget spent)', '/api/operators', { auth: true });
  } finally {
    await server.call('close').catch((err: unknown) => console.error(`closing the engine: ${String(err)}`));
    await server.stop();
  }

  const statuses = (r: CannonResult) =>
    Object.entries(r.statusCodeStats)
      .map(([code, s]) => `${s.count}x${code}`)
      .join(' ') + (r.errors ? ` ${r.errors} errors` : '');
  const rows: Array<[string, string]> = runs.map(({ name, result: r, wallMs, serverCpuMs }) => {
    const total = r.requests.total;
    const estimated = total <= IN_BUDGET;
    const perSec = estimated ? (CONNECTIONS / r.latency.average) * 1000 : (total / wallMs) * 1000;
    return [
      name,
      `${estimated ? '≈' : ' '}${perSec.toFixed(0).padStart(5)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  max ${r.latency.max} ms  ` +
        `(${total} in ${(wallMs / 1000).toFixed(2)} s: ${statuses(r)}; server CPU ${((serverCpuMs / Math.max(1, total)) * 1000).toFixed(0)} µs/req)`,
    ];
  });
  printTable(
    `api load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per timed run, ${SEEDED_CALLS} calls in the table\n  ${machineLine()}`,
    rows,
  );
  console.log(
    '  /api is limited to 300 requests/min per IP and startCagri cannot raise it: the "in budget" runs are\n' +
      '  the only real 200s (≈ req/s = connections / mean latency); "budget spent" runs measure the\n' +
      '  rate limiter answering 429.',
  );
  const [health, calls, operators, spent1, spent2] = runs.map((r) => r.result);
  const count = (r: CannonResult | undefined, code: string) => r?.statusCodeStats[code]?.count ?? 0;
  const ok =
    count(health, '200') === health?.requests.total &&
    count(calls, '200') === IN_BUDGET &&
    count(operators, '200') === IN_BUDGET &&
    count(spent1, '429') === spent1?.requests.total &&
    count(spent2, '429') === spent2?.requests.total;
  if (!ok) {
    console.log('  unexpected status codes (see above)');
    process.exitCode = 1;
  }
}
