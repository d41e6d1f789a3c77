// English: "three hundred twenty-five" (no "and"), "one minute" / "two minutes", dates as
// "Monday, December seventh", times on the 12-hour clock ("nine thirty a.m.", "nine oh five p.m.").
import { assertInt, type CalendarDay, type Grammar } from './grammar.ts';

const BELOW_20 = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINALS = [
  '',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const lexicon: Record<string, string> = {
  hundred: 'hundred',
  thousand: 'thousand',
  'ord-20': 'twentieth',
  'ord-30': 'thirtieth',
  minute: 'minute',
  minutes: 'minutes',
  oh: 'oh',
  am: 'a.m.',
  pm: 'p.m.',
};
BELOW_20.forEach((w, i) => {
  lexicon[String(i)] = w;
});
TENS.forEach((w, i) => {
  if (w) lexicon[String(i * 10)] = w;
});
ORDINALS.forEach((w, i) => {
  if (w) lexicon[`ord-${i}`] = w;
});
WEEKDAYS.forEach((w, i) => {
  lexicon[`weekday-${i + 1}`] = w;
});
MONTHS.forEach((w, i) => {
  lexicon[`month-${i + 1}`] = w;
});

function below100(n: number): string[] {
  if (n < 20) return n === 0 ? [] : [String(n)];
  const out = [String(Math.floor(n / 10) * 10)];
  if (n % 10 > 0) out.push(String(n % 10));
  return out;
}

function below1000(n: number): string[] {
  const hundreds = Math.floor(n / 100);
  return [...(hundreds > 0 ? [String(hundreds), 'hundred'] : []), ...below100(n % 100)];
}

function cardinal(n: number): string[] {
  assertInt('a number', n, 0, 999_999);
  if (n === 0) return ['0'];
  const thousands = Math.floor(n / 1000);
  return [...(thousands > 0 ? [...below1000(thousands), 'thousand'] : []), ...below1000(n % 1000)];
}

export const enGrammar: Grammar = {
  lexicon,
  cardinal,
  digit: (d) => {
    assertInt('a digit', d, 0, 9);
    return String(d);
  },
  count: (n, unit) => [...cardinal(n), n === 1 ? unit : `${unit}s`],
  date: (d: CalendarDay) => {
    assertInt('a day of the month', d.day, 1, 31);
    assertInt('a month', d.month, 1, 12);
    assertInt('a weekday', d.weekday, 1, 7);
    const day =
      d.day < 20 || d.day % 10 === 0 ? [`ord-${d.day}`] : [String(d.day - (d.day % 10)), `ord-${d.day % 10}`];
    return [`weekday-${d.weekday}`, `month-${d.month}`, ...day];
  },
  time: (hour, minute) => {
    assertInt('an hour', hour, 0, 23);
    assertInt('a minute', minute, 0, 59);
    const h12 = hour % 12 === 0 ? 12 : hour % 12;
    const mins = minute === 0 ? [] : minute < 10 ? ['oh', String(minute)] : cardinal(minute);
    return [...cardinal(h12), ...mins, hour < 12 ? 'am' : 'pm'];
  },
};
