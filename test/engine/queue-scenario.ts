// Shared steps of the queue scenarios: the whole hotline on the simulator, driven by a FakeClock
// (a Tuesday inside live hours unless `at` says otherwise), so every ring, timeout and wait is
// exact and nothing sleeps.
import type { Origination } from '../../src/simulator/index.ts';
import type { Harness, HarnessOptions } from '../support/engine-harness.ts';
import { engineCallId, heard, type Scenario, startScenarioAt } from './scenario.ts';

export { heard, type Scenario, setOperator, waiting } from './scenario.ts';

/** 2026-12-01 is a Tuesday; 10:00 in Baku is inside the working-days hours. */
export const TUESDAY_10AM = '2026-12-01T10:00:00+04:00';

export function startScenario({
  at = TUESDAY_10AM,
  ...opts
}: Omit<HarnessOptions, 'clock'> & { at?: string } = {}): Promise<Scenario> {
  return startScenarioAt(at, opts);
}

/** Rewrites a key of the `general` queue in queues.yaml (a flat `key: value` line). */
export function setQueueOption(text: string, key: string, value: string | number): string {
  const re = new RegExp(`^(\\s+${key}:)\\s*[^#\\n]*`, 'm');
  if (!re.test(text)) throw new Error(`queues.yaml has no "${key}" line`);
  return text.replace(re, `$1 ${value}     `);
}

export interface OperatorRow {
  id: string;
  state: string;
  reason?: string;
  callId?: string;
  atCap: boolean;
  nearCap: boolean;
  weeklyHours: number;
}

/** GET /api/operators (for assertions; waits poll the engine directly, see `opState`). */
export async function operators(h: Harness): Promise<OperatorRow[]> {
  const r = await h.api('GET', '/api/operators');
  if (r.status !== 200) throw new Error(`GET /api/operators: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.operators;
}

export async function operator(h: Harness, id: string): Promise<OperatorRow | undefined> {
  return (await operators(h)).find((o) => o.id === id);
}

// Waits re-check their condition every 25 ms; they read the engine's queue in-process so the
// admin API's rate limit is not spent on polling.

/** The operator's state as the engine has it now. */
export function opState(h: Harness, id: string): string | undefined {
  return h.cagri.queue.snapshot().operators.find((o) => o.id === id)?.state;
}

export function isWaiting(h: Harness, callId: string): boolean {
  return h.cagri.queue.snapshot().waiting.some((w) => w.callId === callId);
}

/**
 * The caller presses keys; the clock moves just far enough for the tones to arrive (100 ms
 * each plus the gaps), so a caller who joins the queue joins at a known instant.
 */
export async function press(s: Scenario, simId: string, digits: string): Promise<void> {
  s.h.sim.world.sendDtmf(simId, digits, 0);
  await s.clock.advanceAsync(100 * digits.length);
}

/**
 * Waits until the caller's `n`-th place announcement has begun (it is sent once they are in the
 * holding bridge, a few requests after they joined), then lets it play to its end.
 */
export async function announcementHeard(s: Scenario, simId: string, n = 1, language = 'az'): Promise<void> {
  const started = () =>
    heard(s.h, simId).filter((m) => m === `sound:cagri/${language}/queue-position`).length >= n;
  await s.h.waitFor(`announcement ${n} begun`, started);
  await s.clock.advanceAsync(100); // two or three recordings of 30 ms each
  await s.h.waitFor(`announcement ${n} heard`, () => positionsHeard(s.h, simId, language).length >= n);
}

/** A citizen calls and asks for an operator with 0; resolves once they wait in the queue. */
export async function callAndWait(
  s: Scenario,
  number: string,
  keys = '0',
): Promise<{ simId: string; callId: string }> {
  const simId = await s.h.call(number);
  const callId = await engineCallId(s.h, number);
  await press(s, simId, keys);
  await s.h.waitFor(`${number} waits in the queue`, () => isWaiting(s.h, callId));
  return { simId, callId };
}

export function legsTo(h: Harness, endpoint: string): Origination[] {
  return h.sim.world.listOriginations().filter((o) => o.endpoint === endpoint);
}

/** Waits until an outbound leg to `endpoint` is ringing (the dial reached the simulator). */
export async function ringingLeg(h: Harness, endpoint: string, nth = 0): Promise<Origination> {
  return h.waitFor(`${endpoint} leg #${nth + 1} ringing`, () => {
    const o = legsTo(h, endpoint)[nth];
    return o?.result === 'ringing' ? o : undefined;
  });
}

export function bridgedWith(h: Harness, simId: string): string[] {
  return h.view(simId).bridgedWith.map((b) => b.endpoint);
}

/**
 * The places announced to a caller so far: `queue-position` followed by the number's fragments
 * (`say/20`, `say/1` = 21; the places in these tests are small, so adding them up is enough).
 */
export function positionsHeard(h: Harness, simId: string, language = 'az'): number[] {
  const media = heard(h, simId);
  const out: number[] = [];
  const fragment = `sound:cagri/${language}/say/`;
  media.forEach((m, i) => {
    if (m !== `sound:cagri/${language}/queue-position`) return;
    let n = 0;
    let parts = 0;
    for (
      let j = i + 1;
      media[j]?.startsWith(fragment) && /^\d+$/.test(media[j]?.slice(fragment.length) ?? '');
      j++
    ) {
      n += Number(media[j]?.slice(fragment.length));
      parts++;
    }
    if (parts > 0) out.push(n);
  });
  return out;
}
