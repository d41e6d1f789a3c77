// The edge between the call sessions and storage: each answer a session gives is written to
// Postgres (retried a few times; a lost answer is logged, never in the caller's way) and counted
// for /metrics.
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';
import type { SurveyAnswerRecord, SurveyRepository } from './survey-repository.ts';

export interface SurveyAnswerSink {
  record(answer: SurveyAnswerRecord): void;
}

const ATTEMPTS = 3;

export class SurveyRecorder implements SurveyAnswerSink {
  private readonly listeners: Array<(a: SurveyAnswerRecord) => void> = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly repo: SurveyRepository,
    private readonly logger: Logger,
  ) {}

  record(answer: SurveyAnswerRecord): void {
    for (const l of this.listeners) l(answer);
    const p = this.write(answer).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  onAnswer(listener: (a: SurveyAnswerRecord) => void): void {
    this.listeners.push(listener);
  }

  /** Waits for the writes under way (shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async write(answer: SurveyAnswerRecord): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.repo.insert(answer);
        return;
      } catch (err) {
        if (attempt >= ATTEMPTS) {
          this.logger.error(
            { err, callId: answer.callId, question: answer.question, answer: answer.answer },
            'survey answer could not be stored',
          );
          return;
        }
      }
    }
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
