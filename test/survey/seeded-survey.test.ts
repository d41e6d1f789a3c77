// `cagri seed-history` with the survey switched on: the callers who rate their call also answer
// "was your question resolved?" (keyed while that question plays), so both answers are stored.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { createDatabase } from '../../src/db/database.ts';
import { createLogger } from '../../src/log/logger.ts';
import { seedHistory } from '../../src/reports/history-seeder.ts';
import { resolvedOf } from '../../src/reports/seed-callers.ts';
import { createTestDatabase, serviceUrls, type TestDatabase } from '../support/services.ts';
import { setSurvey } from './survey-config-edit.ts';

describe('seeding a day with the survey on', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
  });

  it('stores the rating and the resolved answer of every caller who rates', async () => {
    db = await createTestDatabase();
    const config = mkdtempSync(path.join(tmpdir(), 'cagri-seed-survey-'));
    cpSync(path.resolve(import.meta.dirname, '../../config'), config, { recursive: true });
    setSurvey(config, '{ enabled: true, share: 1, questions: [rating, resolved] }');
    const env = loadEnv({
      ARI_URL: 'http://127.0.0.1:1',
      ARI_USERNAME: 'cagri',
      ARI_PASSWORD: 'cagri',
      DATABASE_URL: db.url,
      REDIS_URL: serviceUrls().redisUrl,
      ADMIN_TOKEN: 'seed-test-token-0123456789',
      CAGRI_CONFIG: config,
      CAGRI_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cagri-seed-data-')),
    });
    await seedHistory({
      env,
      logger: createLogger({ level: 'silent' }),
      days: 1,
      lastDay: '2026-12-01',
      callsPerDay: 40,
      seed: 3,
    });
    const kdb = createDatabase(db.url);
    try {
      const rows = await kdb.selectFrom('survey_answers').select(['call_id', 'question', 'answer']).execute();
      const byCall = new Map<string, Record<string, string>>();
      for (const r of rows) byCall.set(r.call_id, { ...byCall.get(r.call_id), [r.question]: r.answer });
      const rated = [...byCall.values()].filter((a) => a.rating && a.rating !== 'no-answer');
      expect(rated.length).toBeGreaterThan(5);
      for (const a of rated) expect(a).toEqual({ rating: a.rating, resolved: resolvedOf(a.rating ?? '') });
      // Who hangs up at once leaves the question being asked unanswered, and is asked nothing more.
      const silent = [...byCall.values()].filter((a) => a.rating === 'no-answer');
      expect(silent.length).toBeGreaterThan(0);
      for (const a of silent) expect(a).toEqual({ rating: 'no-answer' });
    } finally {
      await kdb.destroy();
    }
  }, 120_000);
});
