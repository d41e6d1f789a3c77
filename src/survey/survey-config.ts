// services.yaml `survey:` — the post-call survey of a service: on/off, the share of calls asked
// (sampled from the call id, so the same call always gets the same answer), the questions in
// order and optional recordings replacing the engine's own survey prompts.
import { z } from 'zod';
import { LocalizedPromptSchema } from '../menu/menu-config.ts';

/** rating: "rate us 1 to 5"; resolved: "was your question resolved? 1 yes, 2 no". */
export const SurveyQuestionSchema = z.enum(['rating', 'resolved']);
export type SurveyQuestion = z.infer<typeof SurveyQuestionSchema>;

/** The keys each question takes. */
export const SURVEY_KEYS: Record<SurveyQuestion, readonly string[]> = {
  rating: ['1', '2', '3', '4', '5'],
  resolved: ['1', '2'],
};

/** A key the question takes, or `no-answer` (silence, hang-up, 0, wrong keys). */
export type SurveyAnswer = string;
export const NO_ANSWER = 'no-answer';

export const SurveyConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** Share of calls (0–1) that are asked; chosen from the call id, so tests are stable. */
    share: z.number().min(0).max(1).default(1),
    questions: z.array(SurveyQuestionSchema).min(1).max(2).default(['rating']),
    /** Silence before a question is asked again (then `no-answer`). */
    timeoutSec: z.number().positive().max(60).default(6),
    /** Wrong keys / silences per question before it counts as `no-answer`. */
    maxRetries: z.number().int().min(0).max(5).default(1),
    /** Recordings replacing the engine's `cagri/<lang>/survey-*` prompts. */
    prompts: z
      .strictObject({
        rating: LocalizedPromptSchema,
        resolved: LocalizedPromptSchema,
        thanks: LocalizedPromptSchema,
      })
      .partial()
      .default({}),
  })
  .refine((s) => new Set(s.questions).size === s.questions.length, {
    message: 'each question at most once',
    path: ['questions'],
  });
export type SurveyConfig = z.infer<typeof SurveyConfigSchema>;
