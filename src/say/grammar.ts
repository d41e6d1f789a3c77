// What each language's grammar provides. Every method returns fragment NAMES (keys of `lexicon`),
// never text: the same names are recorded (or generated) once per language and played one by one.

/** A calendar day as a caller hears it; `weekday` is ISO (1 = Monday … 7 = Sunday). */
export interface CalendarDay {
  day: number;
  month: number;
  weekday: number;
}

/** Units a count can be said in (a queue's estimated wait is in minutes). */
export type CountUnit = 'minute';

export interface Grammar {
  /** Fragment name → what it says (the voice script, and the generator's text). */
  readonly lexicon: Readonly<Record<string, string>>;
  /** A cardinal number 0…999 999, as said on its own ("three", "üç", "три"). */
  cardinal(n: number): string[];
  /** One digit 0…9, as in a phone number read key by key. */
  digit(d: number): string;
  /** `n` of a unit, with the unit in the form the number asks for ("2 минуты", "5 dəqiqə"). */
  count(n: number, unit: CountUnit): string[];
  /** A date: day, month and weekday in the order and cases the language uses. */
  date(d: CalendarDay): string[];
  /** A time of day (24 h clock), as said after the language's "at" ("saat", "в", "at"). */
  time(hour: number, minute: number): string[];
}

/** Throws a RangeError naming the bad value: the say module composes only what it can say. */
export function assertInt(what: string, n: number, min: number, max: number): void {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}, got ${n}`);
  }
}
