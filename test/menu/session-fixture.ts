// A small service and menu tree for driving the call session in memory, plus a driver that feeds
// events and remembers the commands. Built through the real schemas, so defaults apply as in YAML.
import { DEFAULT_NUMBERING_PLAN } from '../../src/callbacks/policy/callback-config.ts';
import { checkCallbackNumber } from '../../src/callbacks/policy/destination-policy.ts';
import { type ServiceConfig, ServiceConfigSchema } from '../../src/config/services-config.ts';
import { CallId } from '../../src/domain/ids.ts';
import { startSession, step } from '../../src/menu/call-session.ts';
import { MenuFileSchema, type MenuTree } from '../../src/menu/menu-config.ts';
import type { SessionCommand } from '../../src/menu/session-commands.ts';
import type { SessionEvent } from '../../src/menu/session-events.ts';
import type { SessionContext, SessionState } from '../../src/menu/session-state.ts';

const p = (name: string) => ({
  az: { file: `t/az/${name}`, text: name },
  ru: { file: `t/ru/${name}`, text: name },
  en: { file: `t/en/${name}`, text: name },
});

const PROMPT_NAMES = [
  'greeting',
  'goodbye',
  'invalid',
  'noInput',
  'alreadyWaiting',
  'callbackOffer',
  'callbackEnterNumber',
  'callbackNumberInvalid',
  'callbackReadBack',
  'callbackConfirm',
  'callbackBooked',
  'callbackAt',
  'callbackRefused',
  'transferFailed',
] as const;

export const service: ServiceConfig = ServiceConfigSchema.parse({
  id: 'citizens',
  number: '1655',
  name: { az: 'Test' },
  languages: ['az', 'ru', 'en'],
  hours: 'working-days',
  menu: 'main',
  afterHoursMenu: 'after',
  queue: 'general',
  callerId: '1655',
  callbackFlow: { timeoutSec: 6, interDigitTimeoutSec: 5, maxRetries: 2 },
  prompts: Object.fromEntries(PROMPT_NAMES.map((n) => [n, p(n)])),
});

export const menus: MenuTree = MenuFileSchema.parse({
  nodes: {
    main: {
      prompt: p('main'),
      timeoutSec: 6,
      maxRetries: 2,
      options: {
        '1': { action: 'goto', node: 'a' },
        '2': { action: 'play', prompt: p('info') },
        '3': { action: 'operator', reason: 'question' },
        '4': { action: 'callback' },
        '5': { action: 'urgent', reason: 'threat' },
        '7': { action: 'language', language: 'ru' },
        '8': { action: 'goto', node: 'lang' },
        '9': { action: 'repeat' },
        '*': { action: 'goodbye' },
        '#': { action: 'refer', prompt: p('refer-112'), number: '112' },
      },
    },
    a: {
      prompt: p('a'),
      options: {
        '1': { action: 'goto', node: 'b' },
        '6': { action: 'refer', prompt: p('refer-108'), number: '108', transferTo: 'PJSIP/108@trunk' },
        '*': { action: 'back' },
      },
    },
    b: { prompt: p('b'), options: { '1': { action: 'goto', node: 'c' }, '*': { action: 'back' } } },
    c: {
      kind: 'input',
      prompt: p('c'),
      timeoutSec: 8,
      interDigitTimeoutSec: 4,
      minDigits: 4,
      maxDigits: 6,
      maxRetries: 1,
      store: 'appealNumber',
      next: { action: 'operator', reason: 'status' },
    },
    lang: {
      prompt: p('lang'),
      options: {
        '1': { action: 'language', language: 'az' },
        '2': { action: 'language', language: 'ru' },
        '*': { action: 'back' },
      },
    },
    after: {
      prompt: p('after'),
      options: {
        '1': { action: 'callback' },
        '2': { action: 'goto', node: 'a' },
        '*': { action: 'goodbye' },
      },
    },
  },
}).nodes;

export function context(over: Partial<SessionContext> = {}): SessionContext {
  return {
    callId: CallId('call-1'),
    service,
    menus,
    live: true,
    callerNumber: '0501234567',
    checkCallbackNumber: (raw) => {
      const r = checkCallbackNumber(raw, DEFAULT_NUMBERING_PLAN);
      return r.ok ? { ok: true, e164: r.e164 } : { ok: false, reason: r.reason };
    },
    queueCallbackKey: '9',
    timezone: 'Asia/Baku',
    ...over,
  };
}

/** Feeds events to a session and keeps the commands of the last step and of all steps. */
export class Driver {
  state: SessionState;
  last: SessionCommand[];
  all: SessionCommand[];

  constructor(over: Partial<SessionContext> = {}) {
    const r = startSession(context(over), Date.parse('2026-12-01T10:00:00+04:00'));
    this.state = r.state;
    this.last = r.commands;
    this.all = [...r.commands];
  }

  send(event: SessionEvent): SessionCommand[] {
    const r = step(this.state, event);
    this.state = r.state;
    this.last = r.commands;
    this.all.push(...r.commands);
    return r.commands;
  }

  key(...digits: string[]): SessionCommand[] {
    const out: SessionCommand[] = [];
    for (const digit of digits) out.push(...this.send({ type: 'dtmf', digit }));
    return out;
  }

  /** The current prompt ends. */
  finishPrompt(): SessionCommand[] {
    const id = this.state.playback;
    if (!id) throw new Error('no prompt is playing');
    return this.send({ type: 'prompt-finished', playbackId: id });
  }

  /** The current timer fires. */
  fireTimer(): SessionCommand[] {
    const id = this.state.timer;
    if (!id) throw new Error('no timer is running');
    return this.send({ type: 'timer', timerId: id });
  }

  /** Finish the prompt, then let the silence timer fire. */
  silence(): SessionCommand[] {
    return [...this.finishPrompt(), ...this.fireTimer()];
  }

  get phase() {
    return this.state.phase;
  }
}

/** Commands without the log lines. */
export const acts = (cmds: readonly SessionCommand[]) => cmds.filter((c) => c.type !== 'log');

/** The media of the last `play` among the commands. */
export function played(cmds: readonly SessionCommand[]): string[] {
  const plays = cmds.filter((c) => c.type === 'play');
  const last = plays[plays.length - 1];
  return last && last.type === 'play' ? last.media : [];
}
