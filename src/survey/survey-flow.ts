// The post-call survey as a phase of the pure call session (no I/O, no clock): after the operator
// hangs up first, the caller is asked the service's questions in order. A key the question takes
// is stored as the answer; a wrong key or a silence asks again up to `maxRetries`, then the
// question counts as `no-answer`; a hang-up stores `no-answer` for the question being asked.
// 0 still means an operator: the question is `no-answer` and the caller goes back to the queue
// (outside live hours, to the callback offer). Never asked after an urgent call, twice in one
// call, or outside the service's sample.
import { OPERATOR_KEY } from '../menu/menu-config.ts';
import type { Draft } from '../menu/session-draft.ts';
import { close, pressZero } from '../menu/session-flow.ts';
import type { SessionPhase } from '../menu/session-state.ts';
import { enginePromptFile } from '../prompts/engine-prompts.ts';
import { NO_ANSWER, SURVEY_KEYS, type SurveyConfig, type SurveyQuestion } from './survey-config.ts';
import { inSample } from './survey-sampling.ts';

type SurveyPhase = Extract<SessionPhase, { kind: 'survey' }>;

/** The survey the call would get now, or why not (for the log). */
export function surveyFor(d: Draft): { ok: true; survey: SurveyConfig } | { ok: false; why: string } {
  const survey = d.ctx.service.survey;
  const p = d.phase;
  if (!survey?.enabled) return { ok: false, why: 'no survey' };
  if (p.kind !== 'with-operator') return { ok: false, why: `not after an operator (${p.kind})` };
  if (p.urgent) return { ok: false, why: 'urgent call' };
  if (d.s.surveyed) return { ok: false, why: 'already asked in this call' };
  if (!inSample(d.ctx.callId, survey.share)) return { ok: false, why: 'not in the sample' };
  return { ok: true, survey };
}

/** The operator hung up first: ask the first question, or end the call as the operator's. */
export function startSurvey(d: Draft): void {
  const r = surveyFor(d);
  if (!r.ok) {
    d.log('debug', 'no post-call survey', { why: r.why });
    d.interrupt();
    d.emit({ type: 'hangup', outcome: 'operator' });
    d.phase = { kind: 'ended', outcome: 'operator' };
    return;
  }
  d.s.surveyed = true;
  d.log('info', 'post-call survey started', { questions: r.survey.questions });
  ask(d, { kind: 'survey', index: 0, retries: 0 });
}

function config(d: Draft): SurveyConfig | undefined {
  return d.ctx.service.survey;
}

function questionOf(d: Draft, p: SurveyPhase): SurveyQuestion | undefined {
  return config(d)?.questions[p.index];
}

function questionMedia(d: Draft, prompt: SurveyQuestion | 'thanks'): string[] {
  const own = config(d)?.prompts[prompt];
  if (own) return d.media(own);
  return [`sound:${enginePromptFile(d.s.language, `survey-${prompt}`)}`];
}

function ask(d: Draft, p: SurveyPhase, lead: string[] = []): void {
  const q = questionOf(d, p);
  if (!q) {
    finish(d);
    return;
  }
  d.phase = p;
  d.play([...lead, ...questionMedia(d, q)]);
}

function answer(d: Draft, p: SurveyPhase, value: string): void {
  const q = questionOf(d, p);
  if (q) d.emit({ type: 'survey-answer', question: q, answer: value });
}

function finish(d: Draft): void {
  close(d, questionMedia(d, 'thanks'), { type: 'hangup', outcome: 'operator' });
}

function retry(d: Draft, p: SurveyPhase, why: 'no-input' | 'invalid-input'): void {
  if (p.retries >= (config(d)?.maxRetries ?? 0)) {
    answer(d, p, NO_ANSWER);
    ask(d, { kind: 'survey', index: p.index + 1, retries: 0 });
    return;
  }
  const lead = d.serviceMedia(why === 'no-input' ? 'noInput' : 'invalid');
  ask(d, { ...p, retries: p.retries + 1 }, lead);
}

export function surveyKey(d: Draft, digit: string): void {
  const p = d.phase;
  if (p.kind !== 'survey') return;
  d.interrupt();
  if (digit === OPERATOR_KEY) {
    answer(d, p, NO_ANSWER);
    d.log('info', '0 in the survey: back to an operator');
    pressZero(d);
    return;
  }
  const q = questionOf(d, p);
  if (q && SURVEY_KEYS[q].includes(digit)) {
    answer(d, p, digit);
    ask(d, { kind: 'survey', index: p.index + 1, retries: 0 });
    return;
  }
  retry(d, p, 'invalid-input');
}

export function surveyPromptEnded(d: Draft): void {
  if (d.phase.kind === 'survey') d.startTimer(config(d)?.timeoutSec ?? 6);
}

export function surveySilence(d: Draft): void {
  const p = d.phase;
  if (p.kind === 'survey') retry(d, p, 'no-input');
}

/** The caller hung up during the survey: the question being asked is `no-answer`. */
export function surveyHungUp(d: Draft): void {
  const p = d.phase;
  if (p.kind === 'survey') answer(d, p, NO_ANSWER);
}
