// The callers of `cagri seed-history`: each plan as timed steps (dial, keys, hang up), carried out
// on the simulator, and what a caller does once the operator has left (the survey's answers).
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeClock } from '../domain/clock.ts';
import type { Cagri } from '../main.ts';
import type { AriSimulator, CallView } from '../simulator/index.ts';
import type { CallPlan } from './seed-plan.ts';

const SEC = 1000;
/** A key's tone, on the engine's clock: the engine gets the key when it ends. */
const TONE_MS = 100;

/** One thing a caller does at a moment of the engine's clock. */
export interface Step {
  at: number;
  call: number;
  act: 'dial' | 'keys' | 'hang-up' | 'hang-up-if-waiting';
  keys?: string;
}

export interface Live {
  plan: CallPlan;
  simId?: string;
  wasBridged: boolean;
  /** When the operator left the caller (survey time); the caller hangs up AFTER_RATING_MS later. */
  talkEndedAt?: number;
  /** Survey answers keyed so far (see surveyAnswers). */
  answered?: number;
  /** The last survey key, until the engine has acted on it (see reacted). */
  keyed?: { heardBefore: number; dtmfBefore: number; toneEnds: number };
}

/** What each plan does, as timed steps (offsets from the call's start). */
export function stepsOf(p: CallPlan, call: number): Step[] {
  // Nobody stays on the line longer than this (a caller still waiting at closing time, say).
  return [...scriptOf(p, call), { at: p.at + MAX_CALL_MS, call, act: 'hang-up' }];
}

const MAX_CALL_MS = 11 * 60 * SEC;
/** After keying a rating, the caller hears the thanks and hangs up. */
const AFTER_RATING_MS = 15 * SEC;
/** A pleased caller (3 and up) says their question was resolved (1), the others that it was not (2). */
export function resolvedOf(rating: string): '1' | '2' {
  return Number(rating) >= 3 ? '1' : '2';
}

/**
 * A rater's survey answers in order: each is keyed once its question has begun (a key before it
 * would be lost), however long the engine takes to ask it.
 */
function surveyAnswers(rating: string): Array<{ question: string; digit: string }> {
  return [
    { question: 'survey-rating', digit: rating },
    { question: 'survey-resolved', digit: resolvedOf(rating) },
  ];
}

function scriptOf(p: CallPlan, call: number): Step[] {
  const at = (sec: number) => p.at + Math.round(sec * SEC);
  const dial: Step = { at: p.at, call, act: 'dial' };
  switch (p.kind) {
    case 'menu-only':
      return [dial, { at: at(p.listenSec), call, act: 'hang-up' }];
    case 'abandons':
      return [
        dial,
        { at: at(3), call, act: 'keys', keys: '0' },
        { at: at(3.2 + p.patienceSec), call, act: 'hang-up-if-waiting' },
      ];
    case 'answered':
      // Patient: waits up to five minutes; stays on after the talk for the survey (see afterTalk).
      return [
        dial,
        { at: at(3), call, act: 'keys', keys: '0' },
        { at: at(3.2 + 300), call, act: 'hang-up-if-waiting' },
      ];
    case 'referred':
      return [
        dial,
        { at: at(3), call, act: 'keys', keys: '1' },
        { at: at(8), call, act: 'keys', keys: '3' },
        { at: at(13), call, act: 'keys', keys: '1' },
        { at: at(90), call, act: 'hang-up' },
      ];
    case 'urgent':
      return [
        dial,
        { at: at(3), call, act: 'keys', keys: '3' },
        { at: at(3.2 + 300), call, act: 'hang-up-if-waiting' },
      ];
    case 'queue-callback':
      return [
        dial,
        { at: at(3), call, act: 'keys', keys: '0' },
        { at: at(6), call, act: 'keys', keys: '9' },
        { at: at(9), call, act: 'keys', keys: '1' },
        { at: at(20), call, act: 'keys', keys: '1' },
        { at: at(35), call, act: 'hang-up' },
      ];
    case 'after-hours-booking':
      return [
        dial,
        { at: at(4), call, act: 'keys', keys: '1' },
        { at: at(8), call, act: 'keys', keys: '1' },
        { at: at(20), call, act: 'keys', keys: '1' },
        { at: at(35), call, act: 'hang-up' },
      ];
  }
}

export async function perform(step: Step, live: Live, sim: AriSimulator, clock: FakeClock, cagri: Cagri) {
  if (step.act === 'dial') {
    const number = cagri.config.current().services[0]?.number ?? '1655';
    live.simId = sim.world.placeCall({ from: live.plan.number, to: number }).id;
    await until(() => {
      const v = live.simId ? sim.world.getCall(live.simId) : undefined;
      return !v || v.channelState === 'Up' || v.state === 'ended';
    });
    return;
  }
  const view = live.simId ? sim.world.getCall(live.simId) : undefined;
  if (!view || view.state === 'ended' || !live.simId) return;
  if (step.act === 'keys' && step.keys) {
    sim.world.sendDtmf(live.simId, step.keys, 0, TONE_MS);
    await clock.advanceAsync(TONE_MS * step.keys.length);
  } else if (step.act === 'hang-up') hangUp(sim, live.simId);
  else if (step.act === 'hang-up-if-waiting' && !live.wasBridged && view.bridgedWith.length === 0)
    hangUp(sim, live.simId);
  await settle(cagri);
}

/**
 * Callers an operator has left: the survey may ask them to rate the call. A caller with a rating
 * keys it and hangs up a little later; the others hang up at once. Called as time moves, with the
 * calls in progress (ended ones are dropped from `active`).
 */
export async function afterTalk(active: Set<Live>, sim: AriSimulator, now: number): Promise<void> {
  // A key sent earlier reaches the engine when the clock plays its tone: the clock stays put until
  // the engine has acted on it, or a question's timeout could fire first.
  await Promise.all([...active].map((live) => reacted(sim, live, now)));
  for (const live of active) {
    const v = live.simId ? sim.world.getCall(live.simId) : undefined;
    if (!live.simId || !v || v.state === 'ended') {
      active.delete(live);
      continue;
    }
    if (v.bridgedWith.length > 0) {
      live.wasBridged = true;
      continue;
    }
    if (!live.wasBridged || live.keyed) continue;
    const p = live.plan;
    const rating = p.kind === 'answered' ? p.rating : undefined;
    if (live.talkEndedAt === undefined) {
      live.talkEndedAt = now;
      if (!rating) hangUp(sim, live.simId);
    } else if (now >= live.talkEndedAt + AFTER_RATING_MS) hangUp(sim, live.simId);
    else if (rating) {
      const next = surveyAnswers(rating)[live.answered ?? 0];
      if (next && v.heard.some((m) => m.media.includes(next.question))) {
        live.answered = (live.answered ?? 0) + 1;
        live.keyed = { heardBefore: v.heard.length, dtmfBefore: dtmfCount(v), toneEnds: now + TONE_MS };
        sim.world.sendDtmf(live.simId, next.digit, 0, TONE_MS);
      }
    }
  }
}

/**
 * Once the key's tone has ended (the engine was sent the key), waits (five seconds at most, for a
 * loaded machine) until the engine has acted on it: the caller hears something new or the call ends.
 */
async function reacted(sim: AriSimulator, live: Live, now: number): Promise<void> {
  const keyed = live.keyed;
  if (!keyed || !live.simId) return;
  const simId = live.simId;
  const view = sim.world.getCall(simId);
  const sent = !view || now > keyed.toneEnds || dtmfCount(view) > keyed.dtmfBefore;
  if (!sent) return;
  await until(() => {
    const v = sim.world.getCall(simId);
    return !v || v.state === 'ended' || v.heard.length > keyed.heardBefore;
  }, 5000);
  delete live.keyed;
}

function dtmfCount(v: CallView): number {
  return v.events.filter((e) => e.type === 'ChannelDtmfReceived').length;
}

export function hangUp(sim: AriSimulator, simId: string): void {
  const v = sim.world.getCall(simId);
  if (v && v.state !== 'ended') sim.world.hangup(simId);
}

/** The engine reacts over real sockets: give it a moment, and let the journal catch up. */
async function settle(cagri: Cagri): Promise<void> {
  await sleep(2);
  await cagri.writes.idle();
}

async function until(probe: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!probe() && performance.now() < deadline) await sleep(2);
}
