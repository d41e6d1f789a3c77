// Dates, weekdays and times by each language's grammar: every day of a year and every minute of
// a day compose to known fragments (properties), and the phrases a caller hears (examples), e.g.
// az "7 dekabr, bazar ertəsi, saat doqquzda".
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { queueAnnouncementMedia } from '../../src/prompts/queue-announcement.ts';
import { grammarOf, sayDate, sayTime } from '../../src/say/say.ts';
import { SAY_LANGUAGES } from '../../src/say/say-language.ts';
import { sayWhen } from '../../src/say/say-when.ts';
import { names, words } from './say-fixture.ts';

const BAKU = 'Asia/Baku';
const AT = (lang: string) => `sound:t/${lang}/callbackAt`;

describe.each(SAY_LANGUAGES)('%s dates and times', (lang) => {
  const lexicon = grammarOf(lang).lexicon;
  const known = (media: string[]) => names(lang, media).every((f) => lexicon[f] !== undefined);

  it('every day of 2026 and 2028 (a leap year) composes to known fragments', () => {
    for (const year of [2026, 2028]) {
      for (
        let d = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: BAKU });
        d.year === year;
        d = d.plus({ days: 1 })
      ) {
        expect(
          known(sayDate(lang, { day: d.day, month: d.month, weekday: d.weekday })),
          d.toISODate() ?? '',
        ).toBe(true);
      }
    }
  });

  it('every minute of the day composes to known fragments (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (h, m) =>
        known(sayTime(lang, h, m)),
      ),
    );
  });

  it('refuses impossible dates and times', () => {
    expect(() => sayDate(lang, { day: 32, month: 1, weekday: 1 })).toThrow(/day of the month/);
    expect(() => sayDate(lang, { day: 1, month: 13, weekday: 1 })).toThrow(/month/);
    expect(() => sayTime(lang, 24, 0)).toThrow(/hour/);
    expect(() => sayTime(lang, 9, 60)).toThrow(/minute/);
  });
});

describe('as a caller hears them', () => {
  // Monday 7 December 2026.
  const monday = { day: 7, month: 12, weekday: 1 };

  it('Azerbaijani: "7 dekabr, bazar ertəsi, saat 9:00" with the locative on the time', () => {
    expect(words('az', sayDate('az', monday))).toBe('yeddi dekabr bazar ertəsi');
    expect(words('az', sayTime('az', 9, 0))).toBe('doqquzda');
    expect(words('az', sayTime('az', 9, 30))).toBe('doqquz otuzda');
    expect(words('az', sayTime('az', 9, 5))).toBe('doqquz sıfır beşdə');
    expect(words('az', sayTime('az', 14, 40))).toBe('on dörd qırxda');
    expect(words('az', sayTime('az', 10, 0))).toBe('onda');
    expect(words('az', sayTime('az', 16, 0))).toBe('on altıda');
  });

  it('Russian: "в понедельник, седьмого декабря, в девять часов"', () => {
    expect(words('ru', sayDate('ru', monday))).toBe('в понедельник седьмого декабря');
    expect(words('ru', sayDate('ru', { day: 23, month: 2, weekday: 2 }))).toBe(
      'во вторник двадцать третьего февраля',
    );
    expect(words('ru', sayDate('ru', { day: 30, month: 3, weekday: 1 }))).toBe(
      'в понедельник тридцатого марта',
    );
    expect(words('ru', sayTime('ru', 9, 0))).toBe('девять часов');
    expect(words('ru', sayTime('ru', 21, 1))).toBe('двадцать один час одну минуту');
    expect(words('ru', sayTime('ru', 12, 32))).toBe('двенадцать часов тридцать две минуты');
    expect(words('ru', sayTime('ru', 3, 45))).toBe('три часа сорок пять минут');
  });

  it('English: "Monday, December seventh, at nine a.m."', () => {
    expect(words('en', sayDate('en', monday))).toBe('Monday December seventh');
    expect(words('en', sayDate('en', { day: 22, month: 6, weekday: 1 }))).toBe('Monday June twenty second');
    expect(words('en', sayTime('en', 9, 0))).toBe('nine a.m.');
    expect(words('en', sayTime('en', 18, 5))).toBe('six oh five p.m.');
    expect(words('en', sayTime('en', 0, 30))).toBe('twelve thirty a.m.');
    expect(words('en', sayTime('en', 12, 0))).toBe('twelve p.m.');
  });

  it('sayWhen: the date, the service’s "at" prompt, the time, in the service’s zone', () => {
    const due = Date.parse('2026-12-07T05:00:00Z'); // 09:00 in Baku (UTC+4)
    const az = sayWhen('az', due, BAKU, [AT('az')]);
    expect(az).toContain(AT('az'));
    const [date, time] = [az.slice(0, az.indexOf(AT('az'))), az.slice(az.indexOf(AT('az')) + 1)];
    expect(words('az', date)).toBe('yeddi dekabr bazar ertəsi');
    expect(words('az', time)).toBe('doqquzda');
  });
});

describe('queue announcement (for the engine’s holding bridge)', () => {
  it('position and estimated wait, with the unit in the form the number asks for', () => {
    expect(queueAnnouncementMedia({ language: 'ru', position: 2, estimatedWaitSec: 61 })).toEqual([
      'sound:cagri/ru/queue-position',
      'sound:cagri/ru/say/2',
      'sound:cagri/ru/queue-estimated-wait',
      'sound:cagri/ru/say/2-f',
      'sound:cagri/ru/say/minute-few',
    ]);
    expect(queueAnnouncementMedia({ language: 'az', position: 3 })).toEqual([
      'sound:cagri/az/queue-position',
      'sound:cagri/az/say/3',
    ]);
    // Under a minute is "1 minute", never "0".
    expect(queueAnnouncementMedia({ language: 'en', position: 1, estimatedWaitSec: 10 }).slice(-2)).toEqual([
      'sound:cagri/en/say/1',
      'sound:cagri/en/say/minute',
    ]);
  });
});
