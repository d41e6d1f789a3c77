// Azerbaijani: numbers are built from parts (üç yüz iyirmi beş), "yüz" and "min" take no "bir"
// before them, a noun after a number stays singular (5 dəqiqə), dates are "7 dekabr, bazar
// ertəsi", and a time takes the locative on its last word by vowel harmony (saat doqquzda,
// saat doqquz otuzda).
import { assertInt, type CalendarDay, type Grammar } from './grammar.ts';

const UNITS = ['sıfır', 'bir', 'iki', 'üç', 'dörd', 'beş', 'altı', 'yeddi', 'səkkiz', 'doqquz'];
const TENS = ['', 'on', 'iyirmi', 'otuz', 'qırx', 'əlli', 'altmış', 'yetmiş', 'səksən', 'doxsan'];
const WEEKDAYS = ['bazar ertəsi', 'çərşənbə axşamı', 'çərşənbə', 'cümə axşamı', 'cümə', 'şənbə', 'bazar'];
const MONTHS = [
  'yanvar',
  'fevral',
  'mart',
  'aprel',
  'may',
  'iyun',
  'iyul',
  'avqust',
  'sentyabr',
  'oktyabr',
  'noyabr',
  'dekabr',
];

/** Locative suffix by the word's last vowel: back vowels take -da, front vowels -də. */
function locative(word: string): string {
  const vowels = word.match(/[aıoueəiöü]/g) ?? [];
  const last = vowels.at(-1) ?? 'a';
  return word + ('aıou'.includes(last) ? 'da' : 'də');
}

const plain: Record<string, string> = {};
UNITS.forEach((w, i) => {
  plain[String(i)] = w;
});
TENS.forEach((w, i) => {
  if (i > 0) plain[String(i * 10)] = w;
});
plain['100'] = 'yüz';
plain['1000'] = 'min';

const lexicon: Record<string, string> = { ...plain };
for (const [name, word] of Object.entries(plain)) lexicon[`${name}-loc`] = locative(word);
WEEKDAYS.forEach((w, i) => {
  lexicon[`weekday-${i + 1}`] = w;
});
MONTHS.forEach((w, i) => {
  lexicon[`month-${i + 1}`] = w;
});
lexicon.minute = 'dəqiqə';

function below1000(n: number): string[] {
  const out: string[] = [];
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const units = n % 10;
  if (hundreds > 1) out.push(String(hundreds));
  if (hundreds > 0) out.push('100');
  if (tens > 0) out.push(String(tens * 10));
  if (units > 0) out.push(String(units));
  return out;
}

function cardinal(n: number): string[] {
  assertInt('a number', n, 0, 999_999);
  if (n === 0) return ['0'];
  const thousands = Math.floor(n / 1000);
  const out: string[] = [];
  if (thousands > 1) out.push(...below1000(thousands));
  if (thousands > 0) out.push('1000');
  out.push(...below1000(n % 1000));
  return out;
}

/** The same words with the locative on the last one ("doqquz otuz" → "doqquz otuzda"). */
function withLocative(names: string[]): string[] {
  return names.map((n, i) => (i === names.length - 1 ? `${n}-loc` : n));
}

export const azGrammar: Grammar = {
  lexicon,
  cardinal,
  digit: (d) => {
    assertInt('a digit', d, 0, 9);
    return String(d);
  },
  count: (n, unit) => [...cardinal(n), unit],
  date: (d: CalendarDay) => {
    assertInt('a day of the month', d.day, 1, 31);
    assertInt('a month', d.month, 1, 12);
    assertInt('a weekday', d.weekday, 1, 7);
    return [...cardinal(d.day), `month-${d.month}`, `weekday-${d.weekday}`];
  },
  time: (hour, minute) => {
    assertInt('an hour', hour, 0, 23);
    assertInt('a minute', minute, 0, 59);
    if (minute === 0) return withLocative(cardinal(hour));
    // 9:05 is "doqquz sıfır beşdə", as on a clock face.
    const mins = minute < 10 ? ['0', ...cardinal(minute)] : cardinal(minute);
    return [...cardinal(hour), ...withLocative(mins)];
  },
};
