// Prompts the engine plays that no config file names: the queue's announcements. Their texts
// live here, in each language the say module speaks, so `cagri prompts` can generate them and
// `cagri check --sounds` can look for them.
import type { SayLanguage } from '../say/say-language.ts';

export const ENGINE_PROMPTS = {
  /** Followed by the caller's place in the queue (a say number). */
  'queue-position': {
    purpose: "the queue's position announcement",
    text: { az: 'Növbədə yeriniz:', ru: 'Ваш номер в очереди:', en: 'Your place in the queue is' },
  },
  /** Followed by the estimated wait (a say count of minutes). */
  'queue-estimated-wait': {
    purpose: "the queue's estimated-wait announcement",
    text: {
      az: 'Təxmini gözləmə müddəti:',
      ru: 'Примерное время ожидания:',
      en: 'The estimated waiting time is',
    },
  },
  /**
   * The unit after the estimated wait in announcements that read the number with Asterisk's
   * `number:`; queueAnnouncementMedia says the unit itself (in the form the number asks for).
   */
  minutes: {
    purpose: "the queue's estimated-wait unit",
    text: { az: 'dəqiqə', ru: 'минут', en: 'minutes' },
  },
  /** The post-call survey (src/survey); a service may replace them in services.yaml `survey.prompts`. */
  'survey-rating': {
    purpose: 'the post-call survey: rating question',
    text: {
      az: 'Xidmətimizi qiymətləndirin: 1-dən 5-ə qədər bir düymə basın; 5 ən yüksək qiymətdir.',
      ru: 'Пожалуйста, оцените наше обслуживание: нажмите клавишу от 1 до 5, где 5 — наивысшая оценка.',
      en: 'Please rate our service: press a key from 1 to 5, where 5 is the best.',
    },
  },
  'survey-resolved': {
    purpose: 'the post-call survey: was the question resolved',
    text: {
      az: 'Sualınız həll olundusa 1, olunmadısa 2 düyməsini basın.',
      ru: 'Если ваш вопрос решён, нажмите 1; если нет, нажмите 2.',
      en: 'If your question was resolved, press 1; if not, press 2.',
    },
  },
  'survey-thanks': {
    purpose: 'the post-call survey: thanks',
    text: {
      az: 'Cavabınız üçün təşəkkür edirik. Sağ olun.',
      ru: 'Спасибо за ваш ответ. До свидания.',
      en: 'Thank you for your answer. Goodbye.',
    },
  },
  /** The IVR appeal status lookup (src/menu/appeal-status-flow.ts): status, then a date. */
  'appeal-status-registered': {
    purpose: 'appeal status: registered, being considered',
    text: {
      az: 'Müraciətiniz qeydə alınıb və baxılır.',
      ru: 'Ваше обращение зарегистрировано и рассматривается.',
      en: 'Your appeal is registered and being considered.',
    },
  },
  'appeal-status-forwarded': {
    purpose: 'appeal status: forwarded to the responsible unit',
    text: {
      az: 'Müraciətiniz aidiyyəti struktur bölməyə göndərilib və baxılır.',
      ru: 'Ваше обращение направлено в ответственное подразделение и рассматривается.',
      en: 'Your appeal has been sent to the responsible unit and is being considered.',
    },
  },
  'appeal-status-in-review': {
    purpose: 'appeal status: in review at the unit',
    text: {
      az: 'Müraciətinizə aidiyyəti bölmədə baxılır.',
      ru: 'Ваше обращение рассматривается ответственным подразделением.',
      en: 'Your appeal is being reviewed by the responsible unit.',
    },
  },
  'appeal-status-answered': {
    purpose: 'appeal status: answered (or closed)',
    text: {
      az: 'Müraciətinizə cavab verilib.',
      ru: 'На ваше обращение дан ответ.',
      en: 'Your appeal has been answered.',
    },
  },
  'appeal-status-referred': {
    purpose: 'appeal status: sent on to the competent body',
    text: {
      az: 'Müraciətiniz səlahiyyətli quruma göndərilib.',
      ru: 'Ваше обращение направлено в компетентный орган.',
      en: 'Your appeal has been sent on to the competent body.',
    },
  },
  'appeal-status-unexamined': {
    purpose: 'appeal status: left unexamined as a repeated appeal',
    text: {
      az: 'Müraciətiniz təkrar müraciət kimi baxılmadan saxlanılıb.',
      ru: 'Ваше обращение оставлено без рассмотрения как повторное.',
      en: 'Your appeal was left unexamined as a repeated appeal.',
    },
  },
  /** Followed by a say date: the last day of the time limit. */
  'appeal-deadline': {
    purpose: 'appeal status: the answer is due by (a date follows)',
    text: { az: 'Cavabın son tarixi:', ru: 'Срок ответа:', en: 'The answer is due by' },
  },
  /** Followed by a say date: when the result was given. */
  'appeal-result-date': {
    purpose: 'appeal status: the date of the answer (a date follows)',
    text: { az: 'Cavab tarixi:', ru: 'Дата ответа:', en: 'The date of the answer is' },
  },
  'appeal-not-found': {
    purpose: 'appeal status: no appeal has the keyed number',
    text: {
      az: 'Bu nömrə ilə müraciət tapılmadı.',
      ru: 'Обращение с таким номером не найдено.',
      en: 'We found no appeal with this number.',
    },
  },
  'appeal-lookup-failed': {
    purpose: 'appeal status: the registry cannot be asked now',
    text: {
      az: 'Hazırda müraciətin vəziyyətini yoxlamaq mümkün deyil. Operatorla danışmaq üçün sıfır düyməsini basın.',
      ru: 'Сейчас проверить состояние обращения невозможно. Чтобы поговорить с оператором, нажмите ноль.',
      en: 'We cannot check appeals right now. To speak to an operator, press zero.',
    },
  },
} as const satisfies Record<string, { purpose: string; text: Record<SayLanguage, string> }>;

export type EnginePromptName = keyof typeof ENGINE_PROMPTS;

/** The sound name of an engine prompt in a language: `cagri/<lang>/<name>`. */
export function enginePromptFile(language: string, name: EnginePromptName): string {
  return `cagri/${language}/${name}`;
}

export interface EnginePrompt {
  name: EnginePromptName;
  file: string;
  purpose: string;
  /** Undefined in a language the engine has no text for (a recording must be supplied). */
  text?: string;
}

export function enginePrompts(language: string): EnginePrompt[] {
  return (Object.keys(ENGINE_PROMPTS) as EnginePromptName[]).map((name) => {
    const p = ENGINE_PROMPTS[name];
    const text = (p.text as Record<string, string>)[language];
    return { name, file: enginePromptFile(language, name), purpose: p.purpose, ...(text ? { text } : {}) };
  });
}
