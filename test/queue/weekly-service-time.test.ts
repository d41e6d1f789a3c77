import { describe, expect, it } from 'vitest';
import {
  closeLive,
  liveMsInWeek,
  openLive,
  splitByWeek,
  weekContaining,
  weeklyStatus,
} from '../../src/queue/weekly-service-time.ts';

const H = 3_600_000;
const t = (iso: string) => Date.parse(iso);

describe('weekly live service time', () => {
  it('ISO weeks start Monday 00:00 local time (Asia/Baku, no DST)', () => {
    const w = weekContaining(t('2026-12-06T23:59:59+04:00'), 'Asia/Baku'); // a Sunday
    expect(new Date(w.start).toISOString()).toBe('2026-11-29T20:00:00.000Z'); // Mon 30 Nov 00:00 +04
    expect(w.end - w.start).toBe(168 * H);
    expect(weekContaining(t('2026-12-07T00:00:00+04:00'), 'Asia/Baku').start).toBe(w.end);
  });

  it('splits an interval crossing Monday 00:00 in Baku', () => {
    const start = t('2026-12-06T22:00:00+04:00'); // Sunday 22:00
    const end = t('2026-12-07T03:00:00+04:00'); // Monday 03:00
    expect(splitByWeek(start, end, 'Asia/Baku').map((p) => p.ms / H)).toEqual([2, 3]);
    const iv = [{ start, end }];
    expect(liveMsInWeek(iv, t('2026-12-06T23:30:00+04:00'), 'Asia/Baku')).toBe(1.5 * H); // open to "now"
    expect(liveMsInWeek(iv, t('2026-12-07T12:00:00+04:00'), 'Asia/Baku')).toBe(3 * H);
    expect(liveMsInWeek(iv, t('2026-12-05T12:00:00+04:00'), 'Asia/Baku')).toBe(0); // before it started
  });

  it('Europe/Berlin: the week with the spring DST change has 167 hours, the autumn one 169', () => {
    const spring = weekContaining(t('2026-03-27T12:00:00+01:00'), 'Europe/Berlin'); // DST from 29 March
    expect((spring.end - spring.start) / H).toBe(167);
    const autumn = weekContaining(t('2026-10-22T12:00:00+02:00'), 'Europe/Berlin'); // back on 25 October
    expect((autumn.end - autumn.start) / H).toBe(169);
    // A whole-week interval counts exactly the week's real length.
    expect(
      liveMsInWeek([{ start: autumn.start - H, end: autumn.end + H }], autumn.end - 1, 'Europe/Berlin'),
    ).toBe(169 * H - 1);
  });

  it('Europe/Berlin: an interval over Sunday night into the week after DST splits at local midnight', () => {
    const start = t('2026-03-29T20:00:00+02:00'); // Sunday 29 March (already CEST)
    const end = t('2026-03-30T02:00:00+02:00'); // Monday
    const pieces = splitByWeek(start, end, 'Europe/Berlin');
    expect(pieces.map((p) => p.ms / H)).toEqual([4, 2]);
    expect(new Date(pieces[1]!.week.start).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('atCap at 36 h, nearCap at 32 h, including the open interval', () => {
    const monday = t('2026-12-07T08:00:00+04:00');
    const limits = { capHours: 36, warnHours: 32 };
    const days = [0, 1, 2, 3].map((d) => ({ start: monday + d * 24 * H, end: monday + d * 24 * H + 8 * H }));
    const thu = monday + 3 * 24 * H + 8 * H; // 32 h done
    expect(weeklyStatus(days, thu, 'Asia/Baku', limits)).toMatchObject({
      seconds: 32 * 3600,
      nearCap: true,
      atCap: false,
    });
    const open = [...days, { start: monday + 4 * 24 * H }];
    expect(weeklyStatus(open, monday + 4 * 24 * H + 4 * H - 1000, 'Asia/Baku', limits).atCap).toBe(false);
    expect(weeklyStatus(open, monday + 4 * 24 * H + 4 * H, 'Asia/Baku', limits).atCap).toBe(true);
    // The next week starts from zero.
    expect(weeklyStatus(open, t('2026-12-14T00:00:00+04:00'), 'Asia/Baku', limits).seconds).toBe(0);
  });

  it('open and close keep one open interval at most', () => {
    let iv = openLive([], 1000);
    iv = openLive(iv, 2000);
    expect(iv).toEqual([{ start: 1000 }]);
    iv = closeLive(iv, 5000);
    expect(iv).toEqual([{ start: 1000, end: 5000 }]);
    expect(closeLive(iv, 6000)).toBe(iv);
  });

  it('rejects an unknown time zone with a clear message', () => {
    expect(() => weekContaining(0, 'Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});
