// A period crossing the New Year holidays (31 Dec 2026, 1, 2 and 4 Jan 2027; 3 Jan is a Sunday):
// the same-day callback of lost calls on the holiday eve, and bookings made that evening, whose
// next working day is Tuesday 5 January.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportApp, startReportApp } from './report-app.ts';
import { insertCall } from './report-fixture.ts';

const EVE = '2026-12-30';
const baku = (d: string, t: string) => `${d}T${t}+04:00`;
let r: ReportApp;

beforeAll(async () => {
  r = await startReportApp('2027-01-06T12:00:00+04:00');
  const { db } = r;
  // Lost at 17:50 on the eve, called back at 17:55: same day.
  await insertCall(db, {
    at: baku(EVE, '17:50:00'),
    queue: { state: 'lost', wait: 15 },
    callback: { kind: 'lost-call', status: 'reached', attempts: 1, at: baku(EVE, '17:55:00') },
  });
  // Lost at 17:58; its callback expired, but the citizen called back at 19:00 and booked: called again.
  await insertCall(db, {
    at: baku(EVE, '17:58:00'),
    number: '+994501110000',
    queue: { state: 'lost', wait: 12 },
    callback: { kind: 'lost-call', status: 'expired', attempts: 1, at: baku(EVE, '18:00:00') },
  });
  await insertCall(db, {
    at: baku(EVE, '19:00:00'),
    number: '+994501110000',
    callback: { kind: 'booked', status: 'reached', attempts: 1, at: baku('2027-01-05', '09:10:00') },
  });
  // Lost at 17:59, reached only after the holidays: later.
  await insertCall(db, {
    at: baku(EVE, '17:59:00'),
    queue: { state: 'lost', wait: 20 },
    callback: { kind: 'lost-call', status: 'reached', attempts: 2, at: baku('2027-01-05', '09:05:00') },
  });
  // Bookings made that evening (closed): reached 5 Jan (next working day), 6 Jan (later), one open.
  await insertCall(db, {
    at: baku(EVE, '20:00:00'),
    callback: { kind: 'booked', status: 'reached', attempts: 2, at: baku('2027-01-06', '09:30:00') },
  });
  await insertCall(db, {
    at: baku(EVE, '21:00:00'),
    callback: { kind: 'booked', status: 'scheduled', attempts: 0 },
  });
  // A booking on New Year's Day (a holiday, closed) reached on 5 January: next working day.
  await insertCall(db, {
    at: baku('2027-01-01', '11:00:00'),
    callback: { kind: 'booked', status: 'reached', attempts: 1, at: baku('2027-01-05', '11:00:00') },
  });
});

afterAll(async () => {
  await r?.close();
});

describe('a period crossing the New Year holidays', () => {
  const period = 'period=custom&from=2026-12-28&to=2027-01-05';

  it('lost calls on the holiday eve: same day, called again, later', async () => {
    const res = await r.get(`/api/reports/lost-calls?${period}`);
    expect(res.body.figures).toMatchObject({
      lostCalls: 3,
      calledBackSameDay: 1,
      calledAgainSameDay: 1,
      calledBackLater: 1,
      pending: 0,
      never: 0,
      sameDayRate: 0.5, // 1 of the 2 callbacks owed
      byDay: [{ day: EVE, lostCalls: 3, calledBackSameDay: 1 }],
    });
  });

  it('after-hours bookings: the next working day after 30 December is 5 January', async () => {
    const res = await r.get(`/api/reports/callbacks?${period}`);
    expect(res.body.figures.afterHoursBookings).toEqual({
      booked: 4,
      fulfilledNextWorkingDay: 2, // 19:00 on the eve and New Year's Day, both reached on 5 January
      fulfilledLater: 1,
      open: 1,
      notFulfilled: 0,
      nextWorkingDayRate: 0.5,
    });
  });

  it('the eve alone, as a day', async () => {
    const res = await r.get(`/api/reports/traffic?period=day&date=${EVE}`);
    expect(res.body.figures).toMatchObject({ offered: 6, askedForOperator: 3, lostCalls: 3, ivrOnly: 3 });
  });
});
