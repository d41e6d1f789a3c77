// The edge between the call sessions and storage: each answer a session gives goes into the
// write journal (applied to Postgres through outages and crashes, like every engine decision) and
// is counted for /metrics.
import { Counter, type Registry } from 'prom-client';
import type { DurableWrites } from '../durability/durable-writes.ts';
import type { SurveyAnswerRecord } from './survey-repository.ts';

export interface SurveyAnswerSink {
  record(answer: SurveyAnswerRecord): void;
}

export class SurveyRecorder implements SurveyAnswerSink {
  private readonly listeners: Array<(a: SurveyAnswerRecord) => void> = [];

  constructor(private readonly writes: Pick<DurableWrites, 'enqueue'>) {}

  record(answer: SurveyAnswerRecord): void {
    for (const l of this.listeners) l(answer);
    this.writes.enqueue(`survey:${answer.callId}`, {
      type: 'survey-answer',
      callId: answer.callId,
      serviceId: answer.serviceId,
      ...(answer.operatorId !== undefined && { operatorId: answer.operatorId }),
      ...(answer.appealId !== undefined && { appealId: answer.appealId }),
      question: answer.question,
      answer: answer.answer,
      at: answer.at,
    });
  }

  onAnswer(listener: (a: SurveyAnswerRecord) => void): void {
    this.listeners.push(listener);
  }
}

/** `cagri_survey_answers_total{service, question, answer}`: answers by score ('no-answer' too). */
export function registerSurveyMetrics(registry: Registry, recorder: SurveyRecorder): void {
  const answers = new Counter({
    name: 'cagri_survey_answers_total',
    help: 'Post-call survey answers, by service, question and the key pressed (or no-answer)',
    labelNames: ['service', 'question', 'answer'],
    registers: [registry],
  });
  recorder.onAnswer((a) => answers.inc({ service: a.serviceId, question: a.question, answer: a.answer }));
}
