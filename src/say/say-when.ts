// When something will happen, as a caller hears it: the date, the service's own "at" prompt
// (saat / в / at), then the time, in the service's time zone. luxon with an explicit instant
// keeps this pure.
import { DateTime } from 'luxon';
import { sayDate, sayTime } from './say.ts';
import type { SayLanguage } from './say-language.ts';

export function sayWhen(
  language: SayLanguage,
  at: number,
  zone: string,
  atPrompt: readonly string[],
): string[] {
  const local = DateTime.fromMillis(at, { zone });
  const t = local.isValid ? local : DateTime.fromMillis(at, { zone: 'UTC' });
  return [
    ...sayDate(language, { day: t.day, month: t.month, weekday: t.weekday }),
    ...atPrompt,
    ...sayTime(language, t.hour, t.minute),
  ];
}
