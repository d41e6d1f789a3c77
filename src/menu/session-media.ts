// Turning prompts into the media list a `play` command carries. A prompt missing in the call's
// language (the validator prevents it) falls back to the service's default language, never to
// silence.
import { DateTime } from 'luxon';
import type { LocalizedPrompt } from './menu-config.ts';

export function promptMedia(
  prompt: LocalizedPrompt | undefined,
  language: string,
  fallback: string,
): string[] {
  if (!prompt) return [];
  const p = prompt[language] ?? prompt[fallback] ?? Object.values(prompt)[0];
  return p ? [`sound:${p.file}`] : [];
}

/** The keys of a number, read one by one (`digits:` media). */
export function digitsMedia(number: string): string[] {
  const digits = number.replace(/\D/g, '');
  return digits ? [`digits:${digits}`] : [];
}

/**
 * When a booked callback will come: weekday, day of month, month, then (after the `at` prompt)
 * hour and minutes, in the service's zone. Uses Asterisk's standard `digits/day-N` (0 = Sunday)
 * and `digits/mon-N` (0 = January) sounds, which exist per language in the sounds packages.
 */
export function dueDateMedia(dueFrom: number, zone: string, atPrompt: string[]): string[] {
  const t = DateTime.fromMillis(dueFrom, { zone });
  const dt = t.isValid ? t : DateTime.fromMillis(dueFrom, { zone: 'UTC' });
  const media = [
    `sound:digits/day-${dt.weekday % 7}`,
    `number:${dt.day}`,
    `sound:digits/mon-${dt.month - 1}`,
    ...atPrompt,
    `number:${dt.hour}`,
  ];
  if (dt.minute !== 0) media.push(`number:${dt.minute}`);
  return media;
}
