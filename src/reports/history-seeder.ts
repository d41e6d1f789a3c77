// `cagri seed-history`: fills a (demo) database with days of traffic made by the real engine on
// the ARI simulator, time-compressed: the engine and the simulator share a FakeClock that the
// seeder advances from one scripted action to the next (a caller dials, keys, hangs up), so every
// record — calls, queue entries, lost calls, callbacks, live intervals, survey answers — is what
// the engine writes, at the times it would have written it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Env } from '../config/env.ts';
import { FakeClock } from '../domain/clock.ts';
import { OperatorId } from '../domain/ids.ts';
import { ConfigServiceDirectory } from '../engine/config-service-directory.ts';
import type { Logger } from '../log/logger.ts';
import { type Cagri, startCagri } from '../main.ts';
import { startSimulator } from '../simulator/index.ts';
import { afterTalk, hangUp, type Live, perform, stepsOf } from './seed-callers.ts';
import { type CallPlan, planDay, seededRandom } from './seed-plan.ts';

export interface SeedOptions {
  env: Env;
  logger: Logger;
  /** Local days to fill, ending with `lastDay` (YYYY-MM-DD, in the first service's zone). */
  days: number;
  lastDay: string;
  callsPerDay: number;
  seed: number;
  /** Seed even where the database already has calls in those days (they would add up). */
  force?: boolean;
  /** Progress, one line per day. */
  report?: (line: string) => void;
}

/** The seeder would have mixed its traffic into calls already there. */
export class SeedRefused extends Error {
  override readonly name = 'SeedRefused';
}

export interface SeedSummary {
  days: number;
  calls: number;
  byPlan: Record<CallPlan['kind'], number>;
  seconds: number;
}

const SEC = 1000;

export async function seedHistory(opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cagri-seed-'));
  const firstDay =
    DateTime.fromISO(opts.lastDay, { zone: 'utc' })
      .minus({ days: opts.days - 1 })
      .toISODate() ?? '';
  // The clock starts at the first day's midnight in Baku; re-read in the service's zone below.
  const clock = new FakeClock(DateTime.fromISO(firstDay, { zone: 'Asia/Baku' }).toMillis());
  const sim = await startSimulator({ port: 0, clock, defaultPlaybackMs: 2500 });
  let cagri: Cagri | undefined;
  // BullMQ's keys of this run only; removed at the end (Postgres holds what is still to do).
  const redisPrefix = `cagri-seed-${opts.seed}-${Date.now()}`;
  const byPlan: SeedSummary['byPlan'] = {
    'menu-only': 0,
    answered: 0,
    abandons: 0,
    'queue-callback': 0,
    'after-hours-booking': 0,
    referred: 0,
    urgent: 0,
  };
  let calls = 0;
  try {
    cagri = await startCagri({
      env: {
        ...opts.env,
        ARI_URL: sim.url,
        ARI_USERNAME: 'cagri',
        ARI_PASSWORD: 'cagri',
        CAGRI_DATA_DIR: dataDir,
      },
      clock,
      logger: opts.logger,
      listen: false,
      watchConfig: false,
      redisPrefix,
      rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
    });
    await cagri.telephony.waitUntilConnected(10_000);
    const service = cagri.config.current().services[0];
    if (!service) throw new Error('the config has no service to call');
    const calendar = new ConfigServiceDirectory(cagri.config).calendarFor(service.id);
    const zone = calendar?.timezone ?? 'Asia/Baku';
    const range = {
      from: DateTime.fromISO(firstDay, { zone }).toJSDate(),
      until: DateTime.fromISO(opts.lastDay, { zone }).plus({ days: 1 }).toJSDate(),
    };
    const existing = await cagri.db
      .selectFrom('calls')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('started_at', '>=', range.from)
      .where('started_at', '<', range.until)
      .executeTakeFirstOrThrow();
    if (Number(existing.n) > 0 && !opts.force)
      throw new SeedRefused(
        `the database already has ${existing.n} calls between ${firstDay} and ${opts.lastDay}: seeding again would add to them (use --force, or another --until)`,
      );
    const operators = cagri.config.current().queues.operators;
    const random = seededRandom(opts.seed);
    // Line the clock up with local midnight of the service's zone.
    const dayZero = DateTime.fromISO(firstDay, { zone });
    // Calls in progress; as time moves, callers whose operator left answer the survey.
    const active = new Set<Live>();
    const pace: Pace = { busyUntil: 0, tick: () => afterTalk(active, sim, clock.now()) };
    await advanceTo(clock, dayZero.toMillis(), pace);

    for (let d = 0; d < opts.days; d++) {
      const day = dayZero.plus({ days: d });
      const date = day.toISODate() ?? '';
      const windows = calendar?.liveWindowsOn(date) ?? [
        { from: day.toMillis(), until: day.plus({ days: 1 }).toMillis() },
      ];
      const live = windows[0] && {
        from: windows[0].from,
        until: windows[windows.length - 1]?.until ?? windows[0].until,
      };
      const plans = planDay(
        { dayStart: day.toMillis(), ...(live && { live }), callsPerDay: opts.callsPerDay },
        random,
      );
      const steps = plans.flatMap((p, i) => stepsOf(p, calls + i));
      const lives = new Map<number, Live>(plans.map((p, i) => [calls + i, { plan: p, wasBridged: false }]));
      // Operators log in when the service opens and out when it closes; their phones change pace hourly.
      let shift: 'before' | 'on' | 'after' = live ? 'before' : 'after';
      let nextPace = day.toMillis();
      // The lunch hour is short-staffed: all but one operator pause, and callers wait longer.
      const lunch = { from: day.plus({ hours: 13 }).toMillis(), until: day.plus({ hours: 14 }).toMillis() };
      steps.sort((a, b) => a.at - b.at || a.call - b.call);
      for (const step of steps) {
        const target = step.at;
        if (live && shift === 'before' && target >= live.from) {
          await advanceTo(clock, live.from, pace);
          for (const op of operators) cagri.queue.operatorCommand(OperatorId(op.id), { kind: 'login' });
          shift = 'on';
        }
        if (live && shift === 'on' && target >= live.until) {
          await advanceTo(clock, live.until, pace);
          await logoutAll(cagri, operators);
          shift = 'after';
        }
        while (nextPace <= target) {
          await advanceTo(clock, nextPace, pace);
          for (const op of operators) {
            const [tech = 'PJSIP', resource = op.id] = op.endpoint.split('/');
            sim.world.scriptEndpoint(tech, resource, {
              answer: 'after',
              afterMs: Math.floor((3 + random() * 11) * SEC),
              hangupAfterMs: Math.floor((40 + random() * 240) * SEC),
            });
          }
          // Bookings due in this hour: BullMQ counts delays in real time, the engine's clock runs faster.
          await cagri.callbacks.scheduler.promoteDelayed().catch(() => undefined);
          nextPace += 3_600_000;
        }
        await advanceTo(clock, target, pace);
        pace.busyUntil = clock.now() + BUSY_MS;
        if (shift === 'on' && step.act === 'dial') staffing(cagri, operators, lunch, clock.now());
        const caller = lives.get(step.call);
        if (caller) {
          await perform(step, caller, sim, clock, cagri);
          if (step.act === 'dial') active.add(caller);
        }
        // Awaited: a survey key in flight must reach the engine before the clock moves on.
        await afterTalk(active, sim, clock.now());
      }
      // Let the evening's calls finish, close the day, and move to the next midnight.
      await advanceTo(clock, day.plus({ hours: 23, minutes: 50 }).toMillis(), pace);
      for (const l of lives.values()) if (l.simId) hangUp(sim, l.simId);
      if (shift === 'on') await logoutAll(cagri, operators);
      await cagri.writes.idle();
      await advanceTo(clock, day.plus({ days: 1 }).toMillis(), pace);
      for (const p of plans) byPlan[p.kind]++;
      calls += plans.length;
      opts.report?.(
        `${date}: ${plans.length} calls (${count(plans, 'answered') + count(plans, 'urgent')} for an operator, ${count(plans, 'abandons')} hang up waiting, ${count(plans, 'menu-only')} menu only, ${count(plans, 'referred')} referred, ${count(plans, 'queue-callback') + count(plans, 'after-hours-booking')} bookings)`,
      );
    }
    await cagri.writes.idle();
  } finally {
    await cagri?.close();
    await sim.close();
    await dropRedisPrefix(opts.env.REDIS_URL, redisPrefix).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { days: opts.days, calls, byPlan, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function count(plans: CallPlan[], kind: CallPlan['kind']): number {
  return plans.filter((p) => p.kind === kind).length;
}

/**
 * Who serves now: at lunch all operators but the first pause (after their call, if on one);
 * outside lunch they come back, as does a phone paused for ringing out (no-answer).
 */
function staffing(
  cagri: Cagri,
  operators: ReadonlyArray<{ id: string }>,
  lunch: { from: number; until: number },
  now: number,
): void {
  const atLunch = now >= lunch.from && now < lunch.until;
  const states = new Map(cagri.queue.snapshot().operators.map((o) => [o.id as string, o]));
  operators.forEach((op, i) => {
    const s = states.get(op.id);
    if (!s) return;
    if (atLunch && i > 0 && s.state === 'available')
      cagri.queue.operatorCommand(OperatorId(op.id), { kind: 'pause', reason: 'lunch' });
    else if (s.state === 'paused' && (s.reason === 'no-answer' || (!atLunch && s.reason === 'lunch')))
      cagri.queue.operatorCommand(OperatorId(op.id), { kind: 'unpause' });
  });
}

async function logoutAll(cagri: Cagri, operators: ReadonlyArray<{ id: string }>): Promise<void> {
  // An operator on a call is logged out after it: try for a while, then leave them.
  for (let i = 0; i < 50; i++) {
    const left = operators.filter((op) => {
      const r = cagri.queue.operatorCommand(OperatorId(op.id), { kind: 'logout' });
      return !r.ok && !/already logged out/.test(r.reason);
    });
    if (left.length === 0) return;
    await sleep(10);
  }
}

/** Until when the engine is busy with calls (engine clock): time then moves with the I/O. */
interface Pace {
  busyUntil: number;
  /** Run after each timer while busy. */
  tick(): Promise<void>;
}

/** A call's requests and events are in flight for a while after each step. */
const BUSY_MS = 15 * 60 * SEC;

/**
 * Moves the shared clock to `t`. While calls are in progress every timer that fires is given a
 * few real milliseconds, so the requests it starts (a ring, a playback) reach the simulator before
 * the clock moves on — otherwise a ring's timeout could fire before the phone even rang.
 */
async function advanceTo(clock: FakeClock, t: number, pace: Pace): Promise<void> {
  if (t <= clock.now()) return;
  const busy = () => clock.now() < pace.busyUntil;
  await clock.advanceAsync(t - clock.now(), () =>
    busy() ? sleep(2).then(() => pace.tick()) : new Promise((r) => setImmediate(r)),
  );
}
