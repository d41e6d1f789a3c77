// The say module's entry point: numbers, counts, phone numbers, dates and times as lists of
// prompt fragments (`sound:cagri/<lang>/say/<fragment>`), one media item per fragment so that a
// key pressed mid-list stops it at once. No reliance on Asterisk's say.c (it has no Azerbaijani).
import { azGrammar } from './az-grammar.ts';
import { enGrammar } from './en-grammar.ts';
import type { CalendarDay, CountUnit, Grammar } from './grammar.ts';
import { phoneGroups } from './phone-groups.ts';
import { ruGrammar } from './ru-grammar.ts';
import { SAY_LANGUAGES, type SayLanguage } from './say-language.ts';

export type { CalendarDay, CountUnit } from './grammar.ts';

const GRAMMARS: Readonly<Record<SayLanguage, Grammar>> = { az: azGrammar, ru: ruGrammar, en: enGrammar };

export function grammarOf(language: SayLanguage): Grammar {
  return GRAMMARS[language];
}

/** The sound name of a fragment (as config prompts are named: no extension, under `cagri/`). */
export function sayFragmentFile(language: SayLanguage, fragment: string): string {
  return `cagri/${language}/say/${fragment}`;
}

function media(language: SayLanguage, fragments: readonly string[]): string[] {
  return fragments.map((f) => `sound:${sayFragmentFile(language, f)}`);
}

export interface SayFragment {
  /** The fragment's name (`5`, `month-12`, `minute-few`…). */
  name: string;
  /** Its sound name, `cagri/<lang>/say/<name>`. */
  file: string;
  /** What the recording says. */
  text: string;
}

/** Every fragment a language's compositions can use: what must be recorded (or generated). */
export function sayFragments(language: SayLanguage): SayFragment[] {
  return Object.entries(grammarOf(language).lexicon).map(([name, text]) => ({
    name,
    file: sayFragmentFile(language, name),
    text,
  }));
}

/** All languages' fragments, by sound name: the rehearsal console's and the checks' lookup. */
export function allSayFragments(): SayFragment[] {
  return SAY_LANGUAGES.flatMap((l) => sayFragments(l));
}

/** A number on its own (a queue position): "üç", "три", "three". */
export function sayNumber(language: SayLanguage, n: number): string[] {
  return media(language, grammarOf(language).cardinal(n));
}

/** A count with its unit in the right form: "5 dəqiqə", "2 минуты", "1 minute". */
export function sayCount(language: SayLanguage, n: number, unit: CountUnit): string[] {
  return media(language, grammarOf(language).count(n, unit));
}

/** A number key by key ("sıfır beş sıfır…"); anything but digits is skipped. */
export function sayDigits(language: SayLanguage, number: string): string[] {
  const g = grammarOf(language);
  return media(
    language,
    [...number.replace(/\D/g, '')].map((d) => g.digit(Number(d))),
  );
}

/**
 * A phone number as people say it: in groups (050 123 45 67 → "sıfır əlli, yüz iyirmi üç, qırx
 * beş, altmış yeddi"); a group's leading zeros are said one by one, the rest as a number.
 */
export function sayPhoneNumber(language: SayLanguage, number: string): string[] {
  const g = grammarOf(language);
  const fragments = phoneGroups(number).flatMap((group) => {
    const zeros = /^0*/.exec(group)?.[0].length ?? 0;
    const rest = group.slice(zeros);
    return [...Array.from({ length: zeros }, () => g.digit(0)), ...(rest ? g.cardinal(Number(rest)) : [])];
  });
  return media(language, fragments);
}

/** A date (day, month, weekday in the language's order and cases). */
export function sayDate(language: SayLanguage, day: CalendarDay): string[] {
  return media(language, grammarOf(language).date(day));
}

/** A time of day, as said after the language's "at" (saat doqquzda / в девять часов / at nine a.m.). */
export function sayTime(language: SayLanguage, hour: number, minute: number): string[] {
  return media(language, grammarOf(language).time(hour, minute));
}
