// Shared steps of the queue scenarios: the whole hotline on the simulator, driven by a FakeClock
// (a Tuesday inside live hours), so every ring, timeout and wait is exact and nothing sleeps.
import { FakeClock } from '../../src/domain/clock.ts';
import type { Origination } from '../../src/simulator/index.ts';
import { type Harness, type HarnessOptions, startHarness } from '../support/engine-harness.ts';

/** 2026-12-01 is a Tuesday; 10:00 in Baku is inside the working-days hours. */
export const TUESDAY_10AM = '2026-12-01T10:00:00+04:00';

export interface Scenario {
  h: Harness;
  clock: FakeClock;
}

export async function startScenario(opts: Omit<HarnessOptions, 'clock'> = {}): Promise<Scenario> {
  const clock = new FakeClock(TUESDAY_10AM);
  const h = await startHarness({ ...opts, clock });
  return { h, clock };
}

/** Rewrites a key of the `general` queue in queues.yaml (a flat `key: value` line). */
export function setQueueOption(text: string, key: string, value: string | number): string {
  const re = new RegExp(`^(\\s+${key}:)\\s*[^#\\n]*`, 'm');
  if (!re.test(text)) throw new Error(`queues.yaml has no "${key}" line`);
  return text.replace(re, `$1 ${value}     `);
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

export interface WaitingRow {
  callId: string;
  position: number;
  urgent: boolean;
  waitedMs: number;
  ringing?: string;
}

/** GET /api/queue: the callers waiting, in order. */
export async function waiting(h: Harness): Promise<WaitingRow[]> {
  const r = await h.api('GET', '/api/queue');
  if (r.status !== 200) throw new Error(`GET /api/queue: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.waiting;
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

/** The engine's call id for a caller number (each scenario caller has its own number). */
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

/**
 * The caller presses keys; the clock moves just far enough for the tones to arrive (100 ms
 * each plus the gaps), so a caller who joins the queue joins at a known instant.
 */
export async function press(s: Scenario, simId: string, digits: string): Promise<void> {
  s.h.sim.world.sendDtmf(simId, digits, 0);
  await s.clock.advanceAsync(100 * digits.length);
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

/** Every media the caller heard, in order. */
export function heardMedia(h: Harness, simId: string): string[] {
  return h.view(simId).heard.map((x) => x.media);
}

/** The places announced to a caller so far (`queue-position` followed by `number:N`). */
export function positionsHeard(h: Harness, simId: string, language = 'az'): number[] {
  const media = heardMedia(h, simId);
  const out: number[] = [];
  media.forEach((m, i) => {
    const next = media[i + 1];
    if (m === `sound:cagri/${language}/queue-position` && next?.startsWith('number:')) {
      out.push(Number(next.slice('number:'.length)));
    }
  });
  return out;
}
