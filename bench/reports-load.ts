// The reports API over a month of 50,000 calls (December 2026, Baku): every /api/reports endpoint
// for the whole month, and for one day, timed by repeated inject() on the real HTTP server (the
// routes, their SQL and the JSON/CSV rendering; no socket), printed as p50/p99. Target: < 1 s
// for the month.
//
// The month is inserted in bulk with representative rows, in the proportions of the scripted test
// day: 20 % served by the menu (3 % referred), 60 % answered (waits 0–36 s, 12 operators, 1–5 min
// of talk), 5 % short abandons, 7 % lost calls (6 of 7 called back 30 min later, 1 failed),
// 8 % left the queue to book a callback; an escalation every 500 calls; 20,000 distinct numbers
// (so "called again" has work to do); 8 hours of live service a day per operator; a survey answer
// for every answered call (30 % silent); an appeal on every fifth call.
//
//   node --import tsx bench/reports-load.ts [calls=50000] [rounds=20]

import path from 'node:path';
import pg from 'pg';
import { ConfigStore } from '../src/config/config-store.ts';
import { createDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { FakeClock } from '../src/domain/clock.ts';
import { ConfigServiceDirectory } from '../src/engine/config-service-directory.ts';
import { buildHttpServer } from '../src/http/http-server.ts';
import { createLogger } from '../src/log/logger.ts';
import { reportsRoutes } from '../src/reports/reports-routes.ts';
import {
  ADMIN_TOKEN,
  createScratchDatabase,
  latencyHistogram,
  machineLine,
  percentilesMs,
  printTable,
  REPO,
  recordMs,
} from './bench-support.ts';

const CALLS = Number(process.argv[2] ?? 50_000);
const ROUNDS = Number(process.argv[3] ?? 20);
const MONTH_START = '2026-11-30T20:00:00Z'; // 1 December 00:00 in Baku
const OPERATORS = 12;

const scratch = await createScratchDatabase();
try {
  await migrate(scratch.url);
  const seeded = performance.now();
  await seed(scratch.url);
  console.log(`seeded ${CALLS} calls in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const db = createDatabase(scratch.url);
  // The example config's calendar: working days 09:00–18:00 Baku with the official holidays.
  const config = await ConfigStore.open(path.join(REPO, 'config'), createLogger({ level: 'silent' }));
  const directory = new ConfigServiceDirectory(config);
  const app = await buildHttpServer({
    adminToken: ADMIN_TOKEN,
    logger: createLogger({ level: 'silent' }),
    readiness: {},
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
    apiPlugins: [
      reportsRoutes({
        db,
        services: () => ['citizens'],
        calendarFor: (id) => directory.calendarFor(id),
        clock: new FakeClock('2027-01-02T12:00:00+04:00'),
      }),
    ],
  });
  await app.ready();

  const endpoints = ['traffic', 'lost-calls', 'callbacks', 'escalations', 'operators', 'appeals', 'survey'];
  const periods = [
    ['month', 'period=month&date=2026-12-15'],
    ['day', 'period=day&date=2026-12-15'],
    ['month csv', 'period=month&date=2026-12-15&format=csv'],
  ] as const;
  const rows: Array<[string, string]> = [];
  let worstMonthP99 = 0;
  for (const [label, query] of periods) {
    for (const name of endpoints) {
      const url = `/api/reports/${name}?service=citizens&${query}`;
      const hist = latencyHistogram();
      for (let i = 0; i < ROUNDS + 3; i++) {
        const t0 = performance.now();
        const res = await app.inject({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const took = performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        if (i >= 3) recordMs(hist, took); // 3 warm-up requests (schema compilation, plan cache)
      }
      if (label === 'month') worstMonthP99 = Math.max(worstMonthP99, hist.getValueAtPercentile(99) / 1000);
      rows.push([`${name} (${label})`, percentilesMs(hist)]);
    }
  }
  printTable(`reports API, ${CALLS} calls in December 2026, ${ROUNDS} requests each, sequential`, rows);
  console.log(`worst month p99: ${worstMonthP99.toFixed(1)} ms (target < 1000 ms)`);
  console.log(machineLine());
  await app.close();
  await db.destroy();
  if (worstMonthP99 >= 1000) process.exitCode = 1;
} finally {
  await scratch.drop();
}

async function seed(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const month = `timestamptz '${MONTH_START}'`;
  const kind = `(i % 100)`;
  await c.query(
    `INSERT INTO calls (id, channel_id, service_id, caller_number, dialled_number, language, config_version,
       started_at, answered_at, ended_at, end_cause, outcome)
     SELECT 'c' || i, 'ch' || i, 'citizens', '+99450' || lpad((i % 20000)::text, 7, '0'), '1655', 'az', 'bench',
       ${month} + (i::float8 / $1) * interval '31 days',
       ${month} + (i::float8 / $1) * interval '31 days',
       ${month} + (i::float8 / $1) * interval '31 days' + interval '5 minutes',
       'caller-hangup',
       CASE WHEN ${kind} < 17 THEN 'goodbye' WHEN ${kind} < 20 THEN 'referred'
            WHEN ${kind} < 80 THEN 'operator' WHEN ${kind} < 92 THEN 'abandoned-in-queue'
            ELSE 'callback-booked' END
     FROM generate_series(1, $1::int) AS i`,
    [CALLS],
  );
  await c.query(
    `INSERT INTO queue_entries (call_id, service_id, channel_id, caller_number, language, urgent, joined_at, state,
       operator_id, left_at)
     SELECT id, service_id, channel_id, caller_number, 'az', n % 500 = 0, started_at + interval '5 seconds',
       CASE WHEN n % 100 < 80 THEN 'connected' WHEN n % 100 < 85 THEN 'abandoned'
            WHEN n % 100 < 92 THEN 'lost' ELSE 'left' END,
       CASE WHEN n % 100 < 80 THEN 'op' || (n % ${OPERATORS}) END,
       started_at + interval '5 seconds' + CASE
         WHEN n % 100 < 80 THEN (n % 37) * interval '1 second'
         WHEN n % 100 < 85 THEN (n % 10) * interval '1 second'
         WHEN n % 100 < 92 THEN (11 + n % 30) * interval '1 second'
         ELSE interval '40 seconds' END
     FROM (SELECT *, substr(id, 2)::int AS n FROM calls) c WHERE n % 100 >= 20`,
  );
  await c.query(
    `INSERT INTO lost_calls (id, call_id, service_id, caller_number, language, waited_ms, position, hung_up_at,
       callback_settled_at)
     SELECT 'l' || call_id, call_id, service_id, caller_number, 'az',
       (extract(epoch FROM left_at - joined_at) * 1000)::int, 1, left_at, left_at
     FROM queue_entries WHERE state = 'lost'`,
  );
  // Lost-call duties (6 of 7 reached half an hour later) and bookings (reached the next morning).
  await c.query(
    `INSERT INTO callbacks (id, kind, service_id, number, language, status, due_from, due_until, next_attempt_at,
       attempts, max_attempts, source_call_id, created_at, updated_at)
     SELECT 'b' || c.id, CASE WHEN q.state = 'lost' THEN 'lost-call' ELSE 'booked' END, c.service_id,
       c.caller_number, 'az',
       CASE WHEN q.state = 'lost' AND substr(c.id, 2)::int % 100 = 91 THEN 'failed' ELSE 'reached' END,
       c.ended_at, c.ended_at + interval '8 hours', c.ended_at + interval '30 minutes',
       1 + substr(c.id, 2)::int % 2, 3, c.id, c.ended_at, c.ended_at + interval '30 minutes'
     FROM calls c JOIN queue_entries q ON q.call_id = c.id WHERE q.state IN ('lost', 'left')`,
  );
  await c.query(`UPDATE lost_calls SET callback_id = 'b' || call_id`);
  await c.query(
    `INSERT INTO callback_events (callback_id, at, from_status, to_status, attempt, reason)
     SELECT id, created_at, NULL, 'scheduled', 0, 'bench' FROM callbacks
     UNION ALL
     SELECT id, updated_at, 'dialling', status, attempts, 'bench' FROM callbacks`,
  );
  await c.query(
    `INSERT INTO escalations (id, call_id, service_id, caller_number, reason, raised_at, webhook_status,
       answered_at, answered_by)
     SELECT 'e' || call_id, call_id, service_id, caller_number, 'threat-to-life-health-liberty', joined_at,
       'delivered', left_at, operator_id
     FROM queue_entries WHERE urgent`,
  );
  await c.query(
    `INSERT INTO operator_live_intervals (operator_id, started_at, ended_at)
     SELECT 'op' || o, ${month} + d * interval '1 day' + interval '9 hours',
       ${month} + d * interval '1 day' + interval '17 hours'
     FROM generate_series(0, ${OPERATORS - 1}) AS o, generate_series(0, 30) AS d`,
  );
  // The survey asked after every answered call; 30 % of callers keep silent.
  await c.query(
    `INSERT INTO survey_answers (call_id, question, service_id, operator_id, answer, answered_at)
     SELECT call_id, 'rating', service_id, operator_id,
       CASE WHEN substr(call_id, 2)::int % 10 < 3 THEN 'no-answer' ELSE (1 + substr(call_id, 2)::int % 5)::text END,
       left_at + interval '3 minutes'
     FROM queue_entries WHERE state = 'connected'`,
  );
  // An appeal registered on every fifth call, in every category and status.
  await c.query(
    `INSERT INTO appeals (reg_no, service_id, year, seq, registered_at, citizen_number, language, category, summary,
       unit_id, deadline, deadline_days, status, result_at, updated_at)
     SELECT '1655-2026-' || lpad(n::text, 6, '0'), 'citizens', 2026, n, started_at + interval '2 minutes',
       caller_number, 'az',
       (ARRAY['question', 'complaint', 'proposal', 'information', 'out-of-competence', 'urgent'])[1 + n % 6], 'bench',
       CASE WHEN n % 3 = 0 THEN 'unit-' || (n % 7) END,
       started_at + interval '15 days', 15,
       (ARRAY['registered', 'forwarded', 'in-review', 'answered', 'answered-directly', 'closed', 'referred-elsewhere',
         'registered'])[1 + n % 8],
       CASE WHEN n % 8 IN (3, 4, 5, 6) THEN started_at + (n % 20) * interval '1 day' END,
       started_at
     FROM (SELECT *, substr(id, 2)::int AS n FROM calls) c WHERE n % 5 = 0`,
  );
  await c.query('ANALYZE');
  await c.end();
}
