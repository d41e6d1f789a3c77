// A scenario: the whole hotline on the simulator (test/support/engine-harness.ts) driven by a
// FakeClock, so every ring, timeout and prompt ends exactly when the test says and nothing sleeps.
// Also the steps the menu and the queue scenarios share: who is logged in, who waits, what was heard.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FakeClock } from '../../src/domain/clock.ts';
import { type Harness, type HarnessOptions, startHarness } from '../support/engine-harness.ts';

export interface Scenario {
  h: Harness;
  clock: FakeClock;
}

/** The hotline with its clock at `at` (an ISO instant with its offset). */
export async function startScenarioAt(
  at: string,
  opts: Omit<HarnessOptions, 'clock'> = {},
): Promise<Scenario> {
  const clock = new FakeClock(at);
  const h = await startHarness({ ...opts, clock });
  return { h, clock };
}

/**
 * One scenario for every test of the describe block (or file) it is called in: started before the
 * first test, closed after the last. Read `h` and `clock` inside tests and in hooks registered after.
 */
export function useScenario(start: () => Promise<Scenario>): Scenario {
  let current: Scenario | undefined;
  beforeAll(async () => {
    current = await start();
  });
  afterAll(async () => {
    await current?.h.close();
  });
  const started = (): Scenario => {
    if (!current) throw new Error('the scenario starts in beforeAll: use it inside a test');
    return current;
  };
  return {
    get h() {
      return started().h;
    },
    get clock() {
      return started().clock;
    },
  };
}

/** A fresh scenario for each test that calls the returned `start`; it is closed after that test. */
export function scenarioPerTest<A extends unknown[]>(
  start: (...args: A) => Promise<Scenario>,
): (...args: A) => Promise<Scenario> {
  const open: Scenario[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.h.close();
  });
  return async (...args) => {
    const s = await start(...args);
    open.push(s);
    return s;
  };
}

export async function setOperator(
  h: Harness,
  id: string,
  state: 'available' | 'offline' | 'paused',
  reason?: string,
): Promise<void> {
  const r = await h.api('PUT', `/api/operators/${id}/state`, reason ? { state, reason } : { state });
  if (r.status !== 200)
    throw new Error(`PUT /api/operators/${id}/state: ${r.status} ${JSON.stringify(r.body)}`);
}

export interface WaitingRow {
  callId: string;
  position: number;
  urgent: boolean;
  language: string;
  waitedMs: number;
  ringing?: string;
}

/** GET /api/queue: the callers waiting, in order. */
export async function waiting(h: Harness): Promise<WaitingRow[]> {
  const r = await h.api('GET', '/api/queue');
  if (r.status !== 200) throw new Error(`GET /api/queue: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.waiting;
}

/**
 * The engine's call id for a caller number (each scenario caller has its own number), read from
 * Postgres so that polling does not spend the admin API's rate limit.
 */
export async function engineCallId(h: Harness, number: string): Promise<string> {
  return h.waitFor(`calls row for ${number}`, async () => {
    const row = await h.cagri.db
      .selectFrom('calls')
      .select('id')
      .where('caller_number', '=', number)
      .executeTakeFirst();
    return row?.id;
  });
}

/** Every media the caller heard, in order. */
export function heard(h: Harness, simId: string): string[] {
  return h.view(simId).heard.map((x) => x.media);
}
