// The callback flow (issue 6): offer → the caller's own number (1) or another one keyed in (2) →
// read back and confirm → `book-callback` → tell the caller when to expect the call. Used after
// hours, from a menu's `callback` action, from 0 outside live hours and from the queue's key.

import { sayPhoneNumber } from '../say/say.ts';
import { type SayLanguage, sayLanguageFor } from '../say/say-language.ts';
import { sayWhen } from '../say/say-when.ts';
import { finishEntry, pressEntryKey } from './keypad-buffer.ts';
import type { Draft } from './session-draft.ts';
import { close, enterNode, giveUp } from './session-flow.ts';
import type { CallbackNumber, CallbackStep, SessionPhase } from './session-state.ts';

type CallbackPhase = Extract<SessionPhase, { kind: 'callback' }>;

/** Longest number a caller may key in (E.164 allows 15 digits). */
const MAX_NUMBER_DIGITS = 15;

/** The language numbers are said in: the call's, or the service's first one the say module speaks. */
function sayLanguage(d: Draft): SayLanguage {
  return sayLanguageFor(d.s.language, d.ctx.service.languages);
}

function phaseOf(d: Draft): CallbackPhase | undefined {
  return d.phase.kind === 'callback' ? d.phase : undefined;
}

function goStep(d: Draft, step: CallbackStep, extra: Partial<CallbackPhase> = {}, lead: string[] = []): void {
  const p = phaseOf(d);
  if (!p) return;
  const next: CallbackPhase = { ...p, step, retries: 0, digits: '', ...extra };
  d.phase = next;
  d.play([...lead, ...stepMedia(d, next)]);
}

function stepMedia(d: Draft, p: CallbackPhase): string[] {
  switch (p.step) {
    case 'offer':
      return d.serviceMedia('callbackOffer');
    case 'enter':
      return d.serviceMedia('callbackEnterNumber');
    case 'confirm':
      return [
        ...d.serviceMedia('callbackReadBack'),
        ...sayPhoneNumber(sayLanguage(d), p.number?.spoken ?? ''),
        ...d.serviceMedia('callbackConfirm'),
      ];
  }
}

/** A wrong key, a silence or a refused number: say so and ask again, up to the service's limit. */
function retryStep(d: Draft, why: 'no-input' | 'invalid-input', lead?: string[]): void {
  const p = phaseOf(d);
  if (!p) return;
  const retries = p.retries + 1;
  if (retries > d.ctx.service.callbackFlow.maxRetries) {
    giveUp(d, why);
    return;
  }
  const next: CallbackPhase = { ...p, retries, digits: '' };
  d.phase = next;
  const prefix = lead ?? (why === 'no-input' ? d.serviceMedia('noInput') : d.serviceMedia('invalid'));
  d.play([...prefix, ...stepMedia(d, next)]);
}

function tryNumber(d: Draft, raw: string, spoken: string, onRefused: 'enter' | 'retry'): void {
  const checked = d.ctx.checkCallbackNumber(raw);
  if (checked.ok) {
    const number: CallbackNumber = { e164: checked.e164, spoken };
    goStep(d, 'confirm', { number });
    return;
  }
  d.log('info', 'number refused for a callback', { reason: checked.reason });
  const invalid = d.serviceMedia('callbackNumberInvalid');
  if (onRefused === 'enter') {
    goStep(d, 'enter', {}, invalid);
    return;
  }
  retryStep(d, 'invalid-input', invalid);
}

/** A key other than the operator 0 in the callback flow. */
export function callbackKey(d: Draft, digit: string): void {
  const p = phaseOf(d);
  if (!p) return;
  d.interrupt();
  switch (p.step) {
    case 'offer':
      if (digit === '1') {
        tryNumber(d, d.ctx.callerNumber, d.ctx.callerNumber, 'enter');
        return;
      }
      if (digit === '2') {
        goStep(d, 'enter');
        return;
      }
      if (digit === '*' && p.returnTo) {
        enterNode(d, p.returnTo);
        return;
      }
      retryStep(d, 'invalid-input');
      return;
    case 'confirm':
      if (digit === '1' && p.number) {
        book(d, p.number);
        return;
      }
      if (digit === '2') {
        goStep(d, 'enter');
        return;
      }
      retryStep(d, 'invalid-input');
      return;
    case 'enter': {
      const r = pressEntryKey(p.digits, digit, { minDigits: 1, maxDigits: MAX_NUMBER_DIGITS });
      if (r.kind === 'more') {
        d.phase = { ...p, digits: r.digits };
        d.startTimer(d.ctx.service.callbackFlow.interDigitTimeoutSec);
        return;
      }
      if (r.kind === 'done') {
        tryNumber(d, r.digits, r.digits, 'retry');
        return;
      }
      retryStep(d, 'invalid-input');
      return;
    }
  }
}

/** The prompt of a step ended: wait for a key. */
export function callbackPromptEnded(d: Draft): void {
  if (phaseOf(d)) d.startTimer(d.ctx.service.callbackFlow.timeoutSec);
}

/** Silence: re-ask, or (digits typed, then a pause) take the number as complete. */
export function callbackTimer(d: Draft): void {
  const p = phaseOf(d);
  if (!p) return;
  if (p.step === 'enter' && p.digits.length > 0) {
    const r = finishEntry(p.digits, { minDigits: 1, maxDigits: MAX_NUMBER_DIGITS });
    if (r.kind === 'done') {
      tryNumber(d, r.digits, r.digits, 'retry');
      return;
    }
  }
  retryStep(d, 'no-input');
}

function book(d: Draft, number: CallbackNumber): void {
  d.emit({ type: 'book-callback', number: number.e164, language: d.s.language });
  d.phase = { kind: 'booking', number };
}

export function callbackBooked(d: Draft, dueFrom: number): void {
  if (d.phase.kind !== 'booking') return;
  d.log('info', 'callback booked', { dueFrom });
  const zone = d.ctx.timezone ?? 'Asia/Baku';
  const when = sayWhen(sayLanguage(d), dueFrom, zone, d.serviceMedia('callbackAt'));
  close(d, [...d.serviceMedia('callbackBooked'), ...when, ...d.serviceMedia('goodbye')], {
    type: 'hangup',
    outcome: 'callback-booked',
  });
}

export function callbackRefused(d: Draft, reason: string): void {
  if (d.phase.kind !== 'booking') return;
  d.log('info', 'callback refused', { reason });
  close(d, [...d.serviceMedia('callbackRefused'), ...d.serviceMedia('goodbye')], {
    type: 'hangup',
    outcome: 'callback-refused',
  });
}
