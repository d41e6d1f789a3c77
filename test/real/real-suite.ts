// Shared set-up of a real-tier test file: one Asterisk per file (started from asterisk-config/),
// one hotline (engine + phones + fresh database) per test, and audio waits.
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { type AsteriskInstance, startAsterisk } from './asterisk-instance.ts';
import { soundSeconds, toneSeconds } from './audio-check.ts';
import { type RealHarness, type RealHarnessOptions, startRealHarness } from './real-harness.ts';
import type { SipPhone } from './sip-phone.ts';

/** Why this machine cannot run the real tier ('' when it can); use with describe.skipIf. */
export const realTierSkip = (): string => inject('realTierSkip');

export interface RealSuite {
  readonly ast: AsteriskInstance;
  /** Starts this test's hotline; it is closed after the test. */
  start(opts?: RealHarnessOptions): Promise<RealHarness>;
}

export function useRealAsterisk(): RealSuite {
  let ast: AsteriskInstance | undefined;
  let current: RealHarness | undefined;
  beforeAll(async () => {
    ast = await startAsterisk();
  });
  afterEach(async () => {
    const h = current;
    current = undefined;
    await h?.close();
  });
  afterAll(async () => {
    await ast?.stop();
  });
  return {
    get ast() {
      if (!ast) throw new Error('Asterisk did not start (see beforeAll)');
      return ast;
    },
    async start(opts) {
      if (!ast) throw new Error('Asterisk did not start (see beforeAll)');
      current = await startRealHarness(ast, opts);
      return current;
    },
  };
}

/** Waits until `phone`'s current call recording holds at least `sec` seconds of `hz` (its peer's tone). */
export function heardTone(h: RealHarness, phone: SipPhone, hz: number, sec: number, timeoutMs = 15_000) {
  return h.waitFor(
    `${phone.name} hears ${sec} s of ${hz} Hz`,
    () => {
      const s = safe(() => toneSeconds(phone.lastRecording(), hz));
      return s >= sec ? s : undefined;
    },
    timeoutMs,
  );
}

/** Waits until `phone`'s current call recording holds at least `sec` seconds of non-silence. */
export function heardSound(h: RealHarness, phone: SipPhone, sec: number, timeoutMs = 15_000) {
  return h.waitFor(
    `${phone.name} hears ${sec} s of sound`,
    () => {
      const s = safe(() => soundSeconds(phone.lastRecording()));
      return s >= sec ? s : undefined;
    },
    timeoutMs,
  );
}

// Before the first RTP packet there is no recording yet: that is "nothing heard", not an error.
function safe(measure: () => number): number {
  try {
    return measure();
  } catch (err) {
    if (/no recording yet/.test((err as Error).message)) return 0;
    throw err;
  }
}

/** Waits until one of the operators' (or duty) phones has a call up; resolves with that phone. */
export function operatorAnswered(h: RealHarness, timeoutMs = 20_000, since = 0): Promise<SipPhone> {
  return h.waitFor(
    'an operator phone with a call established',
    () =>
      Object.values(h.phones).find((p) => p?.events.slice(since).some((e) => e.type === 'CALL_ESTABLISHED')),
    timeoutMs,
  );
}

/** Waits until the recording of `phone` has grown by `sec` seconds of sound from now. */
export async function moreSound(h: RealHarness, phone: SipPhone, sec: number, timeoutMs = 15_000) {
  const before = safe(() => soundSeconds(phone.lastRecording()));
  return heardSound(h, phone, before + sec, timeoutMs);
}
