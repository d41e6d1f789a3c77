// Russian: one and two agree in gender (один час, одна минута, две минуты), the noun after a
// number takes the form CLDR's plural rules pick (1 минута, 2 минуты, 5 минут, 21 минута), dates
// are "в понедельник, седьмого декабря" (weekday in the accusative after в, the day an ordinal in
// the genitive, the month in the genitive) and a time after "в" is in the accusative
// (в девять часов одну минуту).
import { assertInt, type CalendarDay, type Grammar } from './grammar.ts';

const plural = new Intl.PluralRules('ru');
type Form = 'one' | 'few' | 'many';
const formOf = (n: number): Form => {
  const c = plural.select(n);
  return c === 'one' || c === 'few' ? c : 'many';
};

type Gender = 'm' | 'f';

const BELOW_20 = [
  'ноль',
  'один',
  'два',
  'три',
  'четыре',
  'пять',
  'шесть',
  'семь',
  'восемь',
  'девять',
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const TENS = [
  '',
  '',
  'двадцать',
  'тридцать',
  'сорок',
  'пятьдесят',
  'шестьдесят',
  'семьдесят',
  'восемьдесят',
  'девяносто',
];
const HUNDREDS = [
  '',
  'сто',
  'двести',
  'триста',
  'четыреста',
  'пятьсот',
  'шестьсот',
  'семьсот',
  'восемьсот',
  'девятьсот',
];
/** Ordinals in the genitive (neuter/masculine), for the day of a date: "седьмого". */
const ORDINALS_GEN = [
  '',
  'первого',
  'второго',
  'третьего',
  'четвёртого',
  'пятого',
  'шестого',
  'седьмого',
  'восьмого',
  'девятого',
  'десятого',
  'одиннадцатого',
  'двенадцатого',
  'тринадцатого',
  'четырнадцатого',
  'пятнадцатого',
  'шестнадцатого',
  'семнадцатого',
  'восемнадцатого',
  'девятнадцатого',
];
const WEEKDAYS_ACC = [
  'в понедельник',
  'во вторник',
  'в среду',
  'в четверг',
  'в пятницу',
  'в субботу',
  'в воскресенье',
];
const MONTHS_GEN = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

const lexicon: Record<string, string> = {
  '1-f': 'одна',
  '1-f-acc': 'одну',
  '2-f': 'две',
  'thousand-one': 'тысяча',
  'thousand-few': 'тысячи',
  'thousand-many': 'тысяч',
  'hour-one': 'час',
  'hour-few': 'часа',
  'hour-many': 'часов',
  'minute-one': 'минута',
  'minute-few': 'минуты',
  'minute-many': 'минут',
  'minute-acc-one': 'минуту',
  'ord-20': 'двадцатого',
  'ord-30': 'тридцатого',
};
BELOW_20.forEach((w, i) => {
  lexicon[String(i)] = w;
});
TENS.forEach((w, i) => {
  if (w) lexicon[String(i * 10)] = w;
});
HUNDREDS.forEach((w, i) => {
  if (w) lexicon[String(i * 100)] = w;
});
ORDINALS_GEN.forEach((w, i) => {
  if (w) lexicon[`ord-${i}`] = w;
});
WEEKDAYS_ACC.forEach((w, i) => {
  lexicon[`weekday-${i + 1}`] = w;
});
MONTHS_GEN.forEach((w, i) => {
  lexicon[`month-${i + 1}`] = w;
});

function unit(u: number, gender: Gender, accusative: boolean): string {
  if (gender === 'f' && u === 1) return accusative ? '1-f-acc' : '1-f';
  if (gender === 'f' && u === 2) return '2-f';
  return String(u);
}

function below1000(n: number, gender: Gender, accusative: boolean): string[] {
  const out: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) out.push(String(hundreds * 100));
  if (rest >= 10 && rest < 20) out.push(String(rest));
  else {
    if (rest >= 20) out.push(String(Math.floor(rest / 10) * 10));
    if (rest % 10 > 0) out.push(unit(rest % 10, gender, accusative));
  }
  return out;
}

function cardinalOf(n: number, gender: Gender = 'm', accusative = false): string[] {
  assertInt('a number', n, 0, 999_999);
  if (n === 0) return ['0'];
  const thousands = Math.floor(n / 1000);
  const out: string[] = [];
  // "тысяча", not "одна тысяча", as people say 1655.
  if (thousands > 1) out.push(...below1000(thousands, 'f', false));
  if (thousands > 0) out.push(`thousand-${formOf(thousands)}`);
  out.push(...below1000(n % 1000, gender, accusative));
  return out;
}

function dayOrdinal(day: number): string[] {
  if (day < 20 || day % 10 === 0) return [`ord-${day}`];
  return [String(Math.floor(day / 10) * 10), `ord-${day % 10}`];
}

export const ruGrammar: Grammar = {
  lexicon,
  cardinal: (n) => cardinalOf(n),
  digit: (d) => {
    assertInt('a digit', d, 0, 9);
    return String(d);
  },
  count: (n, u) => [...cardinalOf(n, 'f'), `${u}-${formOf(n)}`],
  date: (d: CalendarDay) => {
    assertInt('a day of the month', d.day, 1, 31);
    assertInt('a month', d.month, 1, 12);
    assertInt('a weekday', d.weekday, 1, 7);
    return [`weekday-${d.weekday}`, ...dayOrdinal(d.day), `month-${d.month}`];
  },
  time: (hour, minute) => {
    assertInt('an hour', hour, 0, 23);
    assertInt('a minute', minute, 0, 59);
    const out = [...cardinalOf(hour, 'm'), `hour-${formOf(hour)}`];
    if (minute === 0) return out;
    const form = formOf(minute);
    return [...out, ...cardinalOf(minute, 'f', true), form === 'one' ? 'minute-acc-one' : `minute-${form}`];
  },
};
