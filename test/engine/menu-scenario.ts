// Shared steps of the menu scenarios: the whole hotline on the simulator with a FakeClock, so a
// prompt ends, a silence times out and a key arrives exactly when the test says. Prompts last
// 2 s of fake time each, long enough to press a key while one plays (barge-in).
import type { TelephonyEvent } from '../../src/telephony/telephony-port.ts';
import type { Harness, HarnessOptions } from '../support/engine-harness.ts';
import { engineCallId, type Scenario, startScenarioAt, type WaitingRow, waiting } from './scenario.ts';

export { heard, setOperator, waiting } from './scenario.ts';

/** 2026-12-01 is a Tuesday: 10:00 in Baku is inside live hours, 20:00 is after hours. */
export const LIVE = '2026-12-01T10:00:00+04:00';
export const AFTER_HOURS = '2026-12-01T20:00:00+04:00';
export const PROMPT_MS = 2000;
const STEP_MS = 100;

export type MenuScenario = Scenario;

export function startMenuScenario(
  at: string = LIVE,
  opts: Omit<HarnessOptions, 'clock' | 'defaultPlaybackMs'> = {},
): Promise<MenuScenario> {
  return startScenarioAt(at, { ...opts, defaultPlaybackMs: PROMPT_MS });
}

/** `sound:cagri/az/main-menu` for `az/main-menu`. */
export const snd = (name: string) => `sound:cagri/${name}`;

export function outcomeOf(h: Harness, simId: string, media: string): string | undefined {
  return h.view(simId).heard.findLast((x) => x.media === media)?.outcome;
}

/** Resolves with the first telephony event the engine handled that matches (its handler runs first). */
export function engineEvent(
  h: Harness,
  match: (e: TelephonyEvent) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<TelephonyEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for the engine to see: ${what}`));
    }, timeoutMs);
    const off = h.cagri.telephony.onEvent((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** A citizen calls; resolves once the first prompt plays. */
export async function dial(s: MenuScenario, from: string, to = '1655'): Promise<string> {
  const id = await s.h.call(from, to);
  await s.h.waitFor(`first prompt for ${from}`, () => s.h.view(id).heard.length > 0);
  return id;
}

/** Waits until `media` is the item playing now on the caller's channel. */
export async function nowPlaying(s: MenuScenario, simId: string, media: string): Promise<void> {
  await s.h.waitFor(`${media} playing`, () => {
    const items = s.h.view(simId).heard;
    const last = items[items.length - 1];
    return last?.media === media && last.outcome === 'playing';
  });
}

/** Waits until the caller has heard `media` start (after `after` items already heard). */
export async function hears(s: MenuScenario, simId: string, media: string, after = 0): Promise<void> {
  await s.h.waitFor(`caller hears ${media}`, () =>
    s.h
      .view(simId)
      .heard.slice(after)
      .some((x) => x.media === media),
  );
}

/**
 * Lets the prompt playing now run to its end and returns once the engine has handled its
 * PlaybackFinished (so the engine's silence timer is running from that instant).
 */
export async function finishPrompt(s: MenuScenario, simId: string): Promise<void> {
  const playing = () => s.h.view(simId).heard.find((x) => x.outcome === 'playing');
  const current = await s.h.waitFor('a prompt playing', playing);
  const seen = engineEvent(
    s.h,
    (e) => e.type === 'playback-finished' && e.playbackId === current.playbackId,
    `end of ${current.media}`,
  );
  while (playing()?.playbackId === current.playbackId) await s.clock.advanceAsync(STEP_MS);
  await seen;
}

/** The caller presses keys (100 ms tones, no gap); resolves once the engine has each key. */
export async function press(s: MenuScenario, simId: string, digits: string): Promise<void> {
  let got = 0;
  const all = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`the engine did not get keys ${digits}`));
    }, 5000);
    const off = s.h.cagri.telephony.onEvent((e) => {
      if (e.type !== 'dtmf' || e.channelId !== simId) return;
      if (++got < digits.length) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
  s.h.sim.world.sendDtmf(simId, digits, 0);
  for (let i = 0; i < digits.length; i++) await s.clock.advanceAsync(100);
  await all;
}

/** The caller waits in the operator queue (nobody logged in to take them yet). */
export async function inQueue(s: MenuScenario, simId: string): Promise<WaitingRow> {
  const callId = await engineCallId(s.h, s.h.view(simId).from);
  return s.h.waitFor('caller waiting in the queue', async () =>
    (await waiting(s.h)).find((w) => w.callId === callId),
  );
}

/** The call is over on the simulator's side. */
export async function ended(s: MenuScenario, simId: string): Promise<void> {
  await s.h.waitFor('call ended', () => s.h.view(simId).state === 'ended');
}

export async function hangUp(s: MenuScenario, simId: string): Promise<void> {
  if (s.h.view(simId).state !== 'ended') s.h.sim.world.hangup(simId);
  await ended(s, simId);
}
