// One call through the voice menu, as a pure state machine: `step(state, event)` returns the next
// state and the commands for the runtime. No I/O, no clock: timers are commands, and their firing
// comes back as events. The rule that matters most lives in `onKey`: 0 reaches a person (or,
// outside live hours, the callback offer) from every phase where the caller is being served.
import { MenuNodeId } from '../domain/ids.ts';
import {
  startSurvey,
  surveyHungUp,
  surveyKey,
  surveyPromptEnded,
  surveySilence,
} from '../survey/survey-flow.ts';
import { appealLookupFailed, appealStatusAnswered } from './appeal-status-flow.ts';
import {
  callbackBooked,
  callbackKey,
  callbackPromptEnded,
  callbackRefused,
  callbackTimer,
} from './callback-flow.ts';
import { finishEntry, pressEntryKey, zeroMeansOperator } from './keypad-buffer.ts';
import { OPERATOR_KEY } from './menu-config.ts';
import { Draft } from './session-draft.ts';
import type { SessionEvent } from './session-events.ts';
import {
  enterNode,
  finishClosing,
  nodeOf,
  pressZero,
  replayNode,
  retryNode,
  runAction,
  startCallbackOffer,
  transferFailed,
} from './session-flow.ts';
import type { SessionContext, SessionState, StepResult } from './session-state.ts';

export type { SessionContext, SessionState, StepResult } from './session-state.ts';

const KEYS = /^[0-9*#]$/;

/** The call is answered: greet the caller and play the root menu for the hours they called in. */
export function startSession(ctx: SessionContext, now: number): StepResult {
  const initial: SessionState = {
    ctx,
    startedAt: now,
    live: ctx.live,
    language: ctx.service.languages[0] ?? 'az',
    phase: { kind: 'menu', nodeId: ctx.service.menu, retries: 0 },
    history: [],
    collected: {},
    seq: { playback: 0, timer: 0 },
  };
  const d = new Draft(initial);
  const root = ctx.live ? ctx.service.menu : (ctx.service.afterHoursMenu ?? ctx.service.menu);
  d.log('info', 'call session started', { service: ctx.service.id, live: ctx.live, root });
  enterNode(d, MenuNodeId(root), d.serviceMedia('greeting'));
  return d.result();
}

/**
 * After an engine restart: a caller who was waiting for an operator is taken back as waiting,
 * so the queue's keys work again. Ids continue past any the previous process could have used.
 */
export function resumeQueued(
  ctx: SessionContext,
  now: number,
  language: string,
  urgent: boolean,
): SessionState {
  return {
    ctx,
    startedAt: now,
    live: ctx.live,
    language,
    phase: { kind: 'queued', urgent },
    history: [],
    collected: {},
    seq: { playback: 10_000, timer: 10_000 },
  };
}

export function step(state: SessionState, event: SessionEvent): StepResult {
  const d = new Draft(state);
  if (state.phase.kind === 'ended') return d.result();
  switch (event.type) {
    case 'dtmf':
      onKey(d, event.digit);
      break;
    case 'prompt-finished':
    case 'prompt-failed':
      if (event.playbackId !== state.playback) break; // a prompt already stopped or replaced
      if (event.type === 'prompt-failed')
        d.log('warn', 'prompt could not be played', { playbackId: event.playbackId });
      delete d.s.playback;
      onPromptEnded(d);
      break;
    case 'timer':
      if (event.timerId !== state.timer) break; // cancelled before it fired
      delete d.s.timer;
      onSilence(d);
      break;
    case 'caller-hung-up':
      surveyHungUp(d);
      d.cancelTimer();
      delete d.s.playback; // the channel is gone, and its prompt with it
      d.log('info', 'caller hung up', { phase: state.phase.kind });
      d.phase = { kind: 'ended', outcome: 'caller-hung-up' };
      break;
    case 'callback-booked':
      callbackBooked(d, event.dueFrom);
      break;
    case 'callback-refused':
      callbackRefused(d, event.reason);
      break;
    case 'appeal-status':
      appealStatusAnswered(d, event.found);
      break;
    case 'appeal-status-failed':
      appealLookupFailed(d);
      break;
    case 'operator-connected':
      d.interrupt();
      d.phase = { kind: 'with-operator', urgent: state.phase.kind === 'queued' && state.phase.urgent };
      break;
    case 'operator-left':
      startSurvey(d);
      break;
    case 'hours':
      if (event.live !== state.live)
        d.log('info', 'live hours changed during the call', { live: event.live });
      d.s.live = event.live;
      break;
    case 'transfer-failed':
      transferFailed(d, event.reason);
      break;
    case 'queue-unavailable':
      if (state.phase.kind !== 'queued' || state.phase.urgent) break;
      d.log('info', 'no operator logged in: offering a callback instead of waiting');
      startCallbackOffer(d);
      break;
  }
  return d.result();
}

function onKey(d: Draft, digit: string): void {
  const p = d.phase;
  if (!KEYS.test(digit)) {
    d.log('debug', 'ignored key', { digit });
    return;
  }
  switch (p.kind) {
    case 'ended':
    case 'with-operator':
    case 'transferring': // put through elsewhere: keys belong to that conversation
    case 'booking': // a database write away from the answer; nothing to choose meanwhile
    case 'appeal-lookup':
      if (p.kind === 'appeal-lookup' && digit === OPERATOR_KEY) {
        pressZero(d);
        return;
      }
      d.log('debug', 'key ignored', { digit, phase: p.kind });
      return;
    case 'queued':
      queuedKey(d, digit);
      return;
    case 'survey':
      surveyKey(d, digit);
      return;
    case 'closing':
      if (digit === OPERATOR_KEY) {
        pressZero(d);
        return;
      }
      d.log('debug', 'key ignored while closing', { digit });
      return;
    case 'menu':
    case 'info': {
      if (digit === OPERATOR_KEY) {
        pressZero(d);
        return;
      }
      d.interrupt();
      const node = nodeOf(d, p.nodeId);
      const action =
        node?.kind === 'menu' && Object.hasOwn(node.options, digit) ? node.options[digit] : undefined;
      if (!action) {
        retryNode(d, 'invalid-input');
        return;
      }
      d.log('debug', 'option chosen', { nodeId: p.nodeId, digit, action: action.action });
      runAction(d, action);
      return;
    }
    case 'input':
      if (digit === OPERATOR_KEY && zeroMeansOperator(p.digits)) {
        pressZero(d);
        return;
      }
      inputKey(d, digit);
      return;
    case 'callback':
      if (digit === OPERATOR_KEY && (p.step !== 'enter' || zeroMeansOperator(p.digits))) {
        pressZero(d);
        return;
      }
      callbackKey(d, digit);
      return;
  }
}

function queuedKey(d: Draft, digit: string): void {
  if (digit === OPERATOR_KEY) {
    d.log('debug', '0 while already waiting for an operator');
    d.play(d.serviceMedia('alreadyWaiting'));
    return;
  }
  // An urgent caller is never sent to a (next-day) callback: they wait for the ladder's person.
  const urgent = d.phase.kind === 'queued' && d.phase.urgent;
  if (d.ctx.queueCallbackKey !== undefined && digit === d.ctx.queueCallbackKey && !urgent) {
    d.interrupt();
    d.emit({ type: 'leave-queue', reason: 'callback-requested' });
    startCallbackOffer(d);
    return;
  }
  d.log('debug', 'key ignored while queued', { digit });
}

function inputKey(d: Draft, digit: string): void {
  const p = d.phase;
  if (p.kind !== 'input') return;
  const node = nodeOf(d, p.nodeId);
  if (node?.kind !== 'input') {
    retryNode(d, 'invalid-input');
    return;
  }
  d.interrupt(); // type-ahead: the digit counts even though it cut the prompt short
  const r = pressEntryKey(p.digits, digit, node);
  if (r.kind === 'more') {
    d.phase = { ...p, digits: r.digits };
    d.startTimer(node.interDigitTimeoutSec);
    return;
  }
  if (r.kind === 'invalid') {
    d.log('debug', 'entry rejected', { nodeId: p.nodeId, why: r.why });
    retryNode(d, 'invalid-input');
    return;
  }
  d.s.collected[node.store] = r.digits;
  d.log('info', 'entry collected', { nodeId: p.nodeId, store: node.store, length: r.digits.length });
  runAction(d, node.next);
}

function onPromptEnded(d: Draft): void {
  const p = d.phase;
  switch (p.kind) {
    case 'menu':
    case 'input': {
      const node = nodeOf(d, p.nodeId);
      if (node) d.startTimer(node.timeoutSec);
      return;
    }
    case 'info':
      replayNode(d);
      return;
    case 'callback':
      callbackPromptEnded(d);
      return;
    case 'closing':
      finishClosing(d);
      return;
    case 'survey':
      surveyPromptEnded(d);
      return;
    default:
      return; // e.g. "you are already waiting" ended while queued
  }
}

function onSilence(d: Draft): void {
  const p = d.phase;
  switch (p.kind) {
    case 'menu':
      retryNode(d, 'no-input');
      return;
    case 'input': {
      const node = nodeOf(d, p.nodeId);
      if (node?.kind !== 'input' || p.digits.length === 0) {
        retryNode(d, 'no-input');
        return;
      }
      // The caller stopped typing: what is there is the entry.
      const r = finishEntry(p.digits, node);
      if (r.kind !== 'done') {
        retryNode(d, 'invalid-input');
        return;
      }
      d.s.collected[node.store] = r.digits;
      runAction(d, node.next);
      return;
    }
    case 'callback':
      callbackTimer(d);
      return;
    case 'appeal-lookup':
      appealLookupFailed(d);
      return;
    case 'survey':
      surveySilence(d);
      return;
    default:
      return;
  }
}
