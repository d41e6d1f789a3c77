// A short real load (issue 15): 200 SIPp callers, about 100 up at once, make the benchmark's
// journey through cagri on a real Asterisk — greeting, 1 → submenu, 0 → queue and hold, hang up.
// Fails on any journey lost (a SIPp call that failed, a caller who was never put on hold),
// never on a time: bench/capacity/run.ts measures times.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AriTap } from '../../bench/capacity/ari-tap.ts';
import { CAGRI_NUMBER, type CapacityRig, startCapacityRig } from '../../bench/capacity/capacity-rig.ts';
import { runSipp } from '../../bench/capacity/sipp-run.ts';
import { createTestDatabase, serviceUrls, type TestDatabase } from '../support/services.ts';
import { realTierSkip } from './real-suite.ts';

const CALLS = 200;
const CONCURRENT = 100;

function sippMissing(): string {
  try {
    execFileSync('sh', ['-c', 'command -v sipp'], { stdio: 'ignore' });
    return '';
  } catch {
    return 'sipp is not installed (scripts/test-packages.sh installs sip-tester)';
  }
}

describe.skipIf(realTierSkip())('capacity smoke: 200 callers through cagri on a real Asterisk', () => {
  let db: TestDatabase | undefined;
  let rig: CapacityRig | undefined;
  let tap: AriTap | undefined;

  beforeAll(async () => {
    // The real tier runs in CI, so a missing SIPp is a failure there, not a skip.
    const missing = sippMissing();
    if (missing) throw new Error(missing);
    db = await createTestDatabase();
    rig = await startCapacityRig({ databaseUrl: db.url, redisUrl: serviceUrls().redisUrl });
    tap = new AriTap();
  });

  afterAll(async () => {
    tap?.stop();
    await rig?.close();
    await db?.drop();
  });

  it('every caller completes the journey and is put on hold', { timeout: 240_000 }, async () => {
    if (!rig || !tap) throw new Error('rig did not start (see beforeAll)');
    expect(await rig.disallowedEvents()).toContain('ChannelVarset');
    const result = await runSipp({
      sipPort: rig.ast.sipPort,
      number: CAGRI_NUMBER,
      calls: CALLS,
      rate: CONCURRENT / 9,
      limit: CALLS,
      holdMs: 4500,
      rtpEcho: true,
    });
    const seen = tap.take();
    expect({ created: result.created, failed: result.failed, errors: result.errors }).toEqual({
      created: CALLS,
      failed: 0,
      errors: '',
    });
    expect(result.successful).toBe(CALLS);
    expect(seen.callers).toBe(CALLS);
    expect(seen.askedForQueue).toBe(CALLS);
    expect(seen.notHeld).toBe(0);
  });
});
