// Periods in the service's zone, and the follow-up of a lost call, as pure rules.
import { describe, expect, it } from 'vitest';
import { lostCallFollowup } from '../../src/reports/lost-call-followup.ts';
import { localDay, resolvePeriod } from '../../src/reports/report-period.ts';

const NOW = Date.parse('2026-12-01T21:30:00Z'); // already 2 December in Baku (01:30)

describe('report periods', () => {
  it('"today" is the local day, not the UTC one', () => {
    const r = resolvePeriod({ period: 'day' }, 'Asia/Baku', NOW);
    expect(r).toEqual({
      ok: true,
      period: {
        kind: 'day',
        zone: 'Asia/Baku',
        firstDay: '2026-12-02',
        lastDay: '2026-12-02',
        from: Date.parse('2026-12-01T20:00:00Z'),
        until: Date.parse('2026-12-02T20:00:00Z'),
      },
    });
  });

  it('a week runs Monday to Sunday; a month is the calendar month', () => {
    const week = resolvePeriod({ period: 'week', date: '2027-01-01' }, 'Asia/Baku', NOW);
    expect(week.ok && [week.period.firstDay, week.period.lastDay]).toEqual(['2026-12-28', '2027-01-03']);
    const month = resolvePeriod({ period: 'month', date: '2028-02-10' }, 'Asia/Baku', NOW);
    expect(month.ok && [month.period.firstDay, month.period.lastDay]).toEqual(['2028-02-01', '2028-02-29']);
  });

  it('a DST change day is 23 hours long where the zone has one', () => {
    const r = resolvePeriod({ period: 'day', date: '2026-03-29' }, 'Europe/Berlin', NOW);
    expect(r.ok && (r.period.until - r.period.from) / 3_600_000).toBe(23);
  });

  it('custom periods include both days and are bounded', () => {
    const r = resolvePeriod({ period: 'custom', from: '2026-12-30', to: '2027-01-05' }, 'Asia/Baku', NOW);
    expect(r.ok && (r.period.until - r.period.from) / 86_400_000).toBe(7);
    expect(resolvePeriod({ period: 'custom', from: '2026-12-30' }, 'Asia/Baku', NOW)).toMatchObject({
      ok: false,
    });
  });

  it('localDay reads the zone', () => {
    expect(localDay(Date.parse('2026-12-01T20:00:00Z'), 'Asia/Baku')).toBe('2026-12-02');
    expect(localDay(Date.parse('2026-12-01T19:59:59Z'), 'Asia/Baku')).toBe('2026-12-01');
  });
});

describe('what followed a lost call', () => {
  const zone = 'Asia/Baku';
  const hungUpAt = new Date('2026-12-30T17:58:00+04:00');
  const base = { hungUpAt, reachedAt: null, callbackOpen: false, calledAgainAt: null };

  it('reached before local midnight: same day; after: later', () => {
    expect(lostCallFollowup({ ...base, reachedAt: new Date('2026-12-30T23:59:59+04:00') }, zone)).toBe(
      'same-day',
    );
    expect(lostCallFollowup({ ...base, reachedAt: new Date('2026-12-31T00:00:00+04:00') }, zone)).toBe(
      'later',
    );
  });

  it('the citizen called again and was served that day: no callback was owed', () => {
    expect(lostCallFollowup({ ...base, calledAgainAt: new Date('2026-12-30T19:00:00+04:00') }, zone)).toBe(
      'called-again',
    );
    expect(lostCallFollowup({ ...base, calledAgainAt: new Date('2026-12-31T09:00:00+04:00') }, zone)).toBe(
      'never',
    );
  });

  it('an open callback is pending; nothing at all is never', () => {
    expect(lostCallFollowup({ ...base, callbackOpen: true }, zone)).toBe('pending');
    expect(lostCallFollowup(base, zone)).toBe('never');
  });
});
