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
