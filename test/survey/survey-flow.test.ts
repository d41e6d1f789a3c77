// The post-call survey as a phase of the pure call session: what is asked, what is stored.
import { describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../src/config/services-config.ts';
import { CallId } from '../../src/domain/ids.ts';
import type { SessionCommand } from '../../src/menu/session-commands.ts';
import { SurveyConfigSchema } from '../../src/survey/survey-config.ts';
import { inSample, sampleValue } from '../../src/survey/survey-sampling.ts';
import { Driver, played, service } from '../menu/session-fixture.ts';

function withSurvey(survey: Record<string, unknown> | undefined): ServiceConfig {
  return { ...service, survey: survey ? SurveyConfigSchema.parse(survey) : undefined };
}

const answers = (cmds: readonly SessionCommand[]) =>
  cmds.flatMap((c) => (c.type === 'survey-answer' ? [[c.question, c.answer]] : []));
const hangups = (cmds: readonly SessionCommand[]) =>
  cmds.flatMap((c) => (c.type === 'hangup' ? [c.outcome] : []));

/** A caller who reached an operator (key 3 in the fixture's menu), then the operator hung up. */
function afterOperator(survey: Record<string, unknown> | undefined, opts: { urgent?: boolean } = {}) {
  const d = new Driver({ service: withSurvey(survey) });
  d.key(opts.urgent ? '5' : '3');
  expect(d.phase.kind).toBe('queued');
  d.send({ type: 'operator-connected' });
  const left = d.send({ type: 'operator-left' });
  return { d, left };
}

describe('post-call survey', () => {
  it('asks the rating, then "resolved?", stores both and says thanks before hanging up', () => {
    const { d, left } = afterOperator({ questions: ['rating', 'resolved'] });
    expect(played(left)).toEqual(['sound:cagri/az/survey-rating']);
    expect(hangups(left)).toEqual([]);
    const k4 = d.key('4');
    expect(answers(k4)).toEqual([['rating', '4']]);
    expect(played(k4)).toEqual(['sound:cagri/az/survey-resolved']);
    const k1 = d.key('1');
    expect(answers(k1)).toEqual([['resolved', '1']]);
    expect(played(k1)).toEqual(['sound:cagri/az/survey-thanks']);
    expect(hangups(d.finishPrompt())).toEqual(['operator']);
    expect(d.phase).toEqual({ kind: 'ended', outcome: 'operator' });
  });

  it('a key the question does not take asks again; then no-answer and the next question', () => {
    const { d } = afterOperator({ questions: ['rating', 'resolved'], maxRetries: 1 });
    const k7 = d.key('7');
    expect(answers(k7)).toEqual([]);
    expect(played(k7)).toEqual(['sound:t/az/invalid', 'sound:cagri/az/survey-rating']);
    const k9 = d.key('9');
    expect(answers(k9)).toEqual([['rating', 'no-answer']]);
    expect(played(k9)).toEqual(['sound:cagri/az/survey-resolved']);
    expect(answers(d.key('3'))).toEqual([]); // resolved takes 1 or 2 only
  });

  it('silence: asked again once, then no-answer and the call ends', () => {
    const { d } = afterOperator({ questions: ['rating'], timeoutSec: 5 });
    const first = d.finishPrompt();
    expect(first).toContainEqual(expect.objectContaining({ type: 'start-timer', ms: 5000 }));
    const again = d.fireTimer();
    expect(played(again)).toEqual(['sound:t/az/noInput', 'sound:cagri/az/survey-rating']);
    const none = d.silence();
    expect(answers(none)).toEqual([['rating', 'no-answer']]);
    expect(played(none)).toEqual(['sound:cagri/az/survey-thanks']);
  });

  it('the caller hanging up mid-survey stores no-answer for the question asked', () => {
    const { d } = afterOperator({ questions: ['rating', 'resolved'] });
    d.key('5');
    expect(answers(d.send({ type: 'caller-hung-up' }))).toEqual([['resolved', 'no-answer']]);
  });

  it('0 still means an operator: no-answer, and back into the queue', () => {
    const { d } = afterOperator({ questions: ['rating'] });
    const zero = d.key('0');
    expect(answers(zero)).toEqual([['rating', 'no-answer']]);
    expect(zero).toContainEqual(expect.objectContaining({ type: 'enqueue', urgent: false, reason: 'zero' }));
    // Served again: the operator hangs up again, the survey is not asked twice.
    d.send({ type: 'operator-connected' });
    const again = d.send({ type: 'operator-left' });
    expect(hangups(again)).toEqual(['operator']);
    expect(played(again)).toEqual([]);
  });

  it('never after an urgent call, without a survey, when disabled or outside the share', () => {
    expect(hangups(afterOperator({ questions: ['rating'] }, { urgent: true }).left)).toEqual(['operator']);
    expect(hangups(afterOperator(undefined).left)).toEqual(['operator']);
    expect(hangups(afterOperator({ enabled: false }).left)).toEqual(['operator']);
    expect(hangups(afterOperator({ share: 0 }).left)).toEqual(['operator']);
  });

  it("uses the service's own recordings when it names them, in the call's language", () => {
    const rec = { az: { file: 'my/az/rate' }, ru: { file: 'my/ru/rate' }, en: { file: 'my/en/rate' } };
    const { left } = afterOperator({ prompts: { rating: rec } });
    expect(played(left)).toEqual(['sound:my/az/rate']);
  });
});

describe('survey sampling', () => {
  it('is decided by the call id alone, and the share is roughly kept', () => {
    expect(inSample('call-42', 0.5)).toBe(inSample('call-42', 0.5));
    expect(inSample('x', 0)).toBe(false);
    expect(inSample('x', 1)).toBe(true);
    const ids = Array.from({ length: 2000 }, (_, i) => CallId(`c-${i}`));
    const share = ids.filter((id) => inSample(id, 0.3)).length / ids.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    for (const id of ids.slice(0, 50)) expect(sampleValue(id)).toBeLessThan(1);
  });
});
