// Numbers and counts by each language's grammar: every number composes to known fragments and
// reads back as itself (properties), and the forms a native speaker expects (examples).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneGroups } from '../../src/say/phone-groups.ts';
import { grammarOf, sayCount, sayDigits, sayNumber, sayPhoneNumber } from '../../src/say/say.ts';
import { SAY_LANGUAGES, sayLanguageFor } from '../../src/say/say-language.ts';
import { names, numberOf, words } from './say-fixture.ts';

describe.each(SAY_LANGUAGES)('%s numbers', (lang) => {
  const lexicon = grammarOf(lang).lexicon;

  it('every number 0..9999 composes to known fragments and reads back as itself', () => {
    const wrong: string[] = [];
    for (let n = 0; n <= 9999; n++) {
      const got = names(lang, sayNumber(lang, n));
      const unknown = got.filter((f) => lexicon[f] === undefined);
      if (unknown.length > 0 || numberOf(lang, got) !== n) wrong.push(`${n}: ${got.join(' ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('round trip up to 999 999 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999 }),
        (n) => numberOf(lang, names(lang, sayNumber(lang, n))) === n,
      ),
    );
  });

  it('counts of minutes: the number, then a known unit fragment (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (n) => {
        const got = names(lang, sayCount(lang, n, 'minute'));
        const unit = got.at(-1) ?? '';
        return /^minutes?(-one|-few|-many)?$/.test(unit) && numberOf(lang, got.slice(0, -1)) === n;
      }),
    );
  });

  it('phone numbers: groups keep every digit; each group reads back (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?\d{1,15}$/), (raw) => {
        const digits = raw.replace(/\D/g, '');
        const groups = phoneGroups(raw);
        expect(groups.join('')).toBe(digits);
        if (digits.length > 4) for (const g of groups) expect(g.length).toBeLessThanOrEqual(3);
        const all: string[] = [];
        for (const g of groups) {
          const got = names(lang, sayPhoneNumber(lang, g));
          const zeros = /^0*/.exec(g)?.[0].length ?? 0;
          expect(got.slice(0, zeros)).toEqual(Array(zeros).fill('0'));
          if (zeros < g.length) expect(numberOf(lang, got.slice(zeros))).toBe(Number(g));
          all.push(...got);
        }
        expect(names(lang, sayPhoneNumber(lang, raw))).toEqual(all);
        expect(names(lang, sayDigits(lang, raw)).join('')).toBe(digits);
      }),
    );
  });

  it('refuses what it cannot say, with the value in the message', () => {
    expect(() => sayNumber(lang, -1)).toThrow(/from 0 to 999999, got -1/);
    expect(() => sayNumber(lang, 2.5)).toThrow(RangeError);
    expect(() => sayNumber(lang, 1_000_000)).toThrow(RangeError);
    expect(() => sayCount(lang, Number.NaN, 'minute')).toThrow(RangeError);
  });
});

describe('as people say them', () => {
  it('Azerbaijani: compositional, no "bir" before yüz and min', () => {
    expect(words('az', sayNumber('az', 0))).toBe('sıfır');
    expect(words('az', sayNumber('az', 11))).toBe('on bir');
    expect(words('az', sayNumber('az', 100))).toBe('yüz');
    expect(words('az', sayNumber('az', 325))).toBe('üç yüz iyirmi beş');
    expect(words('az', sayNumber('az', 1000))).toBe('min');
    expect(words('az', sayNumber('az', 1655))).toBe('min altı yüz əlli beş');
    expect(words('az', sayNumber('az', 2026))).toBe('iki min iyirmi altı');
    expect(words('az', sayNumber('az', 45_678))).toBe('qırx beş min altı yüz yetmiş səkkiz');
    // A noun after a number stays singular.
    expect(words('az', sayCount('az', 1, 'minute'))).toBe('bir dəqiqə');
    expect(words('az', sayCount('az', 5, 'minute'))).toBe('beş dəqiqə');
  });

  it('Russian: gender of one and two, the noun form by the plural rules', () => {
    expect(words('ru', sayNumber('ru', 1655))).toBe('тысяча шестьсот пятьдесят пять');
    expect(words('ru', sayNumber('ru', 2026))).toBe('две тысячи двадцать шесть');
    expect(words('ru', sayNumber('ru', 5000))).toBe('пять тысяч');
    expect(words('ru', sayNumber('ru', 21_000))).toBe('двадцать одна тысяча');
    expect(words('ru', sayNumber('ru', 2))).toBe('два'); // a position: masculine default
    const minutes = (n: number) => words('ru', sayCount('ru', n, 'minute'));
    expect(minutes(1)).toBe('одна минута');
    expect(minutes(2)).toBe('две минуты');
    expect(minutes(4)).toBe('четыре минуты');
    expect(minutes(5)).toBe('пять минут');
    expect(minutes(11)).toBe('одиннадцать минут');
    expect(minutes(12)).toBe('двенадцать минут');
    expect(minutes(21)).toBe('двадцать одна минута');
    expect(minutes(22)).toBe('двадцать две минуты');
    expect(minutes(111)).toBe('сто одиннадцать минут');
  });

  it('English: no "and", minute or minutes', () => {
    expect(words('en', sayNumber('en', 1655))).toBe('one thousand six hundred fifty five');
    expect(words('en', sayNumber('en', 15))).toBe('fifteen');
    expect(words('en', sayCount('en', 1, 'minute'))).toBe('one minute');
    expect(words('en', sayCount('en', 3, 'minute'))).toBe('three minutes');
  });

  it('phone numbers in groups, leading zeros said as zeros', () => {
    expect(phoneGroups('0501234567')).toEqual(['050', '123', '45', '67']);
    expect(phoneGroups('501234567')).toEqual(['50', '123', '45', '67']);
    expect(phoneGroups('+994501234567')).toEqual(['994', '50', '123', '45', '67']);
    expect(phoneGroups('1234567')).toEqual(['123', '45', '67']);
    expect(phoneGroups('1655')).toEqual(['1655']);
    expect(phoneGroups('')).toEqual([]);
    expect(words('az', sayPhoneNumber('az', '050 123 45 67'))).toBe(
      'sıfır əlli yüz iyirmi üç qırx beş altmış yeddi',
    );
    expect(words('ru', sayPhoneNumber('ru', '0504000002'))).toBe(
      'ноль пятьдесят четыреста ноль ноль ноль два',
    );
    expect(words('en', sayPhoneNumber('en', '108'))).toBe('one hundred eight');
    expect(words('az', sayDigits('az', '0501'))).toBe('sıfır beş sıfır bir');
  });

  it('a language without a grammar falls back to the service’s first one that has one, else English', () => {
    expect(sayLanguageFor('az')).toBe('az');
    expect(sayLanguageFor('tr', ['tr', 'ru', 'az'])).toBe('ru');
    expect(sayLanguageFor('tr', ['tr'])).toBe('en');
  });
});
