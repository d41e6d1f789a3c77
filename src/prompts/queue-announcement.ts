// What a waiting caller hears over the music: their place in the queue and, when known, the
// estimated wait in minutes, each number composed by the say module in the caller's language
// (so an Azerbaijani caller hears "Növbədə yeriniz: üç"). One media item per fragment.
import { sayCount, sayNumber } from '../say/say.ts';
import { sayLanguageFor } from '../say/say-language.ts';
import { enginePromptFile } from './engine-prompts.ts';

export interface QueueAnnouncementInput {
  /** The call's language (its prompts are `cagri/<language>/…`). */
  language: string;
  /** 1 = next to be answered. */
  position: number;
  estimatedWaitSec?: number;
  /** The service's languages: numbers fall back to the first one the say module speaks. */
  serviceLanguages?: readonly string[];
}

export function queueAnnouncementMedia(a: QueueAnnouncementInput): string[] {
  const say = sayLanguageFor(a.language, a.serviceLanguages);
  const media = [`sound:${enginePromptFile(a.language, 'queue-position')}`, ...sayNumber(say, a.position)];
  if (a.estimatedWaitSec !== undefined) {
    const minutes = Math.max(1, Math.ceil(a.estimatedWaitSec / 60));
    media.push(
      `sound:${enginePromptFile(a.language, 'queue-estimated-wait')}`,
      ...sayCount(say, minutes, 'minute'),
    );
  }
  return media;
}
