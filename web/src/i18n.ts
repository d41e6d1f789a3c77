// The app's words in az, ru and en. English is the source: the other two must have every key
// (checked by the type), so a missing translation is a build error, not a blank on screen.
import { createContext, useContext } from 'react';
import { az } from './i18n/az.ts';
import { type Dictionary, en, type MessageKey } from './i18n/en.ts';
import { ru } from './i18n/ru.ts';

export type { MessageKey };

export type Language = 'az' | 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['az', 'ru', 'en'];

export const DICTIONARIES: Record<Language, Dictionary> = { az, ru, en };

export type Translate = (key: MessageKey) => string;
export const I18nContext = createContext<{ language: Language; t: Translate }>({
  language: 'en',
  t: (key) => en[key],
});
export const useI18n = () => useContext(I18nContext);

export function translator(language: Language): Translate {
  const dict = DICTIONARIES[language];
  return (key) => dict[key];
}

export function isLanguage(s: unknown): s is Language {
  return s === 'az' || s === 'ru' || s === 'en';
}

/** The label of an enum value (`status.in-review`), or the value itself when there is none. */
export function labelOf(t: Translate, prefix: string, value: string): string {
  return t(`${prefix}.${value}` as MessageKey) ?? value;
}
