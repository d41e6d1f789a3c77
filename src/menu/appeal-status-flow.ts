// The IVR appeal status lookup as a phase of the pure call session (no I/O, no clock). An input
// node whose `next` is `appeal-status` hands the keyed digits to the runtime (`lookup-appeal`);
// the answer comes back as an event. Found: the status, then its deadline (open) or the date of
// its result (finished), said with the say module; then the caller is back at the node before the
// entry. Not found: told so, and asked for the number again (the node's retries count). 0 still
// reaches an operator while the lookup runs.
import { DateTime } from 'luxon';
import { type EnginePromptName, enginePromptFile } from '../prompts/engine-prompts.ts';
import { sayDate } from '../say/say.ts';
import { sayLanguageFor } from '../say/say-language.ts';
import type { AppealStatusAnswer } from './session-commands.ts';
import type { Draft } from './session-draft.ts';
import { close, enterNode, giveUp, nodeOf } from './session-flow.ts';

const STATUS_PROMPT: Record<AppealStatusAnswer['status'], EnginePromptName> = {
  registered: 'appeal-status-registered',
  forwarded: 'appeal-status-forwarded',
  'in-review': 'appeal-status-in-review',
  answered: 'appeal-status-answered',
  'answered-directly': 'appeal-status-answered',
  closed: 'appeal-status-answered',
  'referred-elsewhere': 'appeal-status-referred',
  'left-unexamined-repeated': 'appeal-status-unexamined',
};
/** A registry that does not answer within this many seconds counts as unavailable. */
export const LOOKUP_TIMEOUT_SEC = 8;

const OPEN: readonly AppealStatusAnswer['status'][] = ['registered', 'forwarded', 'in-review'];

function engineMedia(d: Draft, name: EnginePromptName): string[] {
  return [`sound:${enginePromptFile(d.s.language, name)}`];
}

/** The words for an appeal's status and its date, in the call's language. */
export function appealStatusMedia(d: Draft, a: AppealStatusAnswer): string[] {
  const zone = d.ctx.timezone ?? 'Asia/Baku';
  const say = sayLanguageFor(d.s.language, d.ctx.service.languages);
  const open = OPEN.includes(a.status);
  // The deadline is the end of the last allowed day: say that day.
  const at = open ? a.deadline - 1 : a.resultAt;
  const media = engineMedia(d, STATUS_PROMPT[a.status]);
  if (at === undefined) return media;
  const t = DateTime.fromMillis(at, { zone });
  return [
    ...media,
    ...engineMedia(d, open ? 'appeal-deadline' : 'appeal-result-date'),
    ...sayDate(say, { day: t.day, month: t.month, weekday: t.weekday }),
  ];
}

/** Run from an input node: ask the runtime for the appeal the caller keyed. */
export function startAppealLookup(d: Draft): void {
  const p = d.phase;
  if (p.kind !== 'input') {
    d.log('warn', 'appeal-status is an input node action; nothing was keyed here');
    return;
  }
  const node = nodeOf(d, p.nodeId);
  const digits = node?.kind === 'input' ? d.s.collected[node.store] : undefined;
  if (digits === undefined) {
    giveUp(d, 'invalid-input');
    return;
  }
  d.interrupt();
  d.emit({ type: 'lookup-appeal', digits });
  d.phase = { kind: 'appeal-lookup', nodeId: p.nodeId, retries: p.retries };
  // The caller is not left in silence if the answer never comes.
  d.startTimer(LOOKUP_TIMEOUT_SEC);
}

export function appealStatusAnswered(d: Draft, found: AppealStatusAnswer | undefined): void {
  const p = d.phase;
  if (p.kind !== 'appeal-lookup') return; // the caller pressed 0 meanwhile, or it timed out
  d.cancelTimer();
  if (!found) {
    d.log('info', 'appeal not found', { nodeId: p.nodeId });
    const node = nodeOf(d, p.nodeId);
    const retries = p.retries + 1;
    if (!node || retries > node.maxRetries) {
      // In live hours an operator takes over (and can look further); otherwise say so and goodbye.
      if (d.s.live) giveUp(d, 'invalid-input');
      else
        close(d, [...engineMedia(d, 'appeal-not-found'), ...d.serviceMedia('goodbye')], {
          type: 'hangup',
          outcome: 'invalid-input',
        });
      return;
    }
    d.phase = { kind: 'input', nodeId: p.nodeId, retries, digits: '' };
    d.play([...engineMedia(d, 'appeal-not-found'), ...d.media(node.prompt)]);
    return;
  }
  d.log('info', 'appeal status told', { status: found.status });
  const media = appealStatusMedia(d, found);
  // Back to the node before the entry (its menu), or the entry again at a root.
  const prev = d.s.history.pop();
  enterNode(d, prev ?? p.nodeId, media);
}

export function appealLookupFailed(d: Draft): void {
  const p = d.phase;
  if (p.kind !== 'appeal-lookup') return;
  d.cancelTimer();
  d.log('warn', 'appeal status could not be looked up');
  const prev = d.s.history.pop();
  enterNode(d, prev ?? p.nodeId, engineMedia(d, 'appeal-lookup-failed'));
}
