// `cagri seed-history`: a scripted day through the real engine on the simulator, time-compressed.
// The plan is pure and repeatable; the records are the engine's own, every call closed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { createDatabase } from '../../src/db/database.ts';
import { createLogger } from '../../src/log/logger.ts';
import { seedHistory } from '../../src/reports/history-seeder.ts';
import { planDay, seededRandom } from '../../src/reports/seed-plan.ts';
import { createTestDatabase, serviceUrls, type TestDatabase } from '../support/services.ts';

const DAY_START = Date.parse('2026-12-01T00:00:00+04:00');
const LIVE = {
  from: Date.parse('2026-12-01T09:00:00+04:00'),
  until: Date.parse('2026-12-01T18:00:00+04:00'),
};

describe('the day plan', () => {
  it('is the same for the same seed, in time order, mostly in live hours', () => {
    const a = planDay({ dayStart: DAY_START, live: LIVE, callsPerDay: 300 }, seededRandom(7));
    const b = planDay({ dayStart: DAY_START, live: LIVE, callsPerDay: 300 }, seededRandom(7));
    expect(a).toEqual(b);
    expect(a).toHaveLength(300);
    expect(a.map((p) => p.at)).toEqual([...a.map((p) => p.at)].sort((x, y) => x - y));
    const inHours = a.filter((p) => p.at >= LIVE.from && p.at < LIVE.until).length;
    expect(inHours).toBeGreaterThan(240);
    expect(a.filter((p) => p.kind === 'after-hours-booking').every((p) => p.at >= LIVE.until)).toBe(true);
  });

  it('a day off is quiet and all after hours', () => {
    const plans = planDay({ dayStart: DAY_START, callsPerDay: 300 }, seededRandom(7));
    expect(plans).toHaveLength(30);
    expect(plans.every((p) => p.kind === 'menu-only' || p.kind === 'after-hours-booking')).toBe(true);
  });
});

describe('seeding a day through the engine', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
  });

  it('writes the calls the engine handled, each one closed', async () => {
    db = await createTestDatabase();
    const env = loadEnv({
      ARI_URL: 'http://127.0.0.1:1',
      ARI_USERNAME: 'cagri',
      ARI_PASSWORD: 'cagri',
      DATABASE_URL: db.url,
      REDIS_URL: serviceUrls().redisUrl,
      ADMIN_TOKEN: 'seed-test-token-0123456789',
      CAGRI_CONFIG: path.resolve(import.meta.dirname, '../../config'),
      CAGRI_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cagri-seed-test-')),
    });
    const lines: string[] = [];
    const summary = await seedHistory({
      env,
      logger: createLogger({ level: 'silent' }),
      days: 1,
      lastDay: '2026-12-01',
      callsPerDay: 40,
      seed: 3,
      report: (l) => lines.push(l),
    });
    expect(summary.calls).toBe(40);
    expect(lines).toEqual([expect.stringMatching(/^2026-12-01: 40 calls/)]);
    const kdb = createDatabase(db.url);
    try {
      const calls = await kdb.selectFrom('calls').select(['outcome', 'ended_at']).execute();
      expect(calls).toHaveLength(40);
      expect(calls.every((c) => c.ended_at !== null)).toBe(true);
      const answered = await kdb
        .selectFrom('queue_entries')
        .select('call_id')
        .where('state', '=', 'connected')
        .execute();
      expect(answered.length).toBeGreaterThan(10);
      const live = await kdb.selectFrom('operator_live_intervals').selectAll().execute();
      expect(live.length).toBeGreaterThan(0);
      expect(live.every((i) => i.ended_at !== null)).toBe(true);
    } finally {
      await kdb.destroy();
    }
    // A second run over the same day would add to it: refused unless forced.
    await expect(
      seedHistory({
        env,
        logger: createLogger({ level: 'silent' }),
        days: 1,
        lastDay: '2026-12-01',
        callsPerDay: 5,
        seed: 3,
      }),
    ).rejects.toThrow(/already has 40 calls between 2026-12-01 and 2026-12-01/);
  }, 120_000);
});
