// A scripted Tuesday (2026-12-01, Baku) of 100 calls whose right answers are known in advance:
// 20 served by the menu alone, 80 asked for an operator — 60 answered, 5 short abandons, 7 lost
// (6 called back the same day, 1 never), 8 left the queue to book a callback. Every figure of
// every report is asserted exactly, and the day's edges are the service's local midnights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportApp, startReportApp } from './report-app.ts';
import { insertAppeal, insertCall, insertLiveInterval, insertSurveyAnswer } from './report-fixture.ts';

const DAY = '2026-12-01';
/** Local Baku time on the scripted day. */
const at = (hhmmss: string) => `${DAY}T${hhmmss}+04:00`;

let r: ReportApp;

beforeAll(async () => {
  r = await startReportApp('2026-12-02T12:00:00+04:00');
  const { db } = r;
  // 20 IVR-only: 15 goodbyes (one a second before local midnight), 3 referred, 2 booked in the menu.
  for (let i = 0; i < 14; i++)
    await insertCall(db, { at: at(`10:${String(i).padStart(2, '0')}:00`), outcome: 'goodbye' });
  await insertCall(db, { at: at('23:59:59'), outcome: 'goodbye' });
  for (let i = 0; i < 3; i++) await insertCall(db, { at: at(`11:0${i}:00`), outcome: 'referred' });
  for (let i = 0; i < 2; i++)
    await insertCall(db, {
      at: at(`11:1${i}:00`),
      outcome: 'callback-booked',
      callback: { kind: 'booked', status: 'reached', attempts: 1 },
    });
  // Outside the day: local midnight (still 1 December in UTC) and the evening before.
  await insertCall(db, { at: '2026-12-02T00:00:00+04:00', outcome: 'goodbye' });
  await insertCall(db, { at: '2026-11-30T23:59:59+04:00', outcome: 'goodbye' });

  // 60 answered: 30 after 5 s, 20 after exactly 20 s, 10 after 40 s; op-1 takes 35, op-2 25.
  const waits = [...Array(30).fill(5), ...Array(20).fill(20), ...Array(10).fill(40)] as number[];
  for (const [i, wait] of waits.entries()) {
    const urgent = i === 0 || i === 1;
    await insertCall(db, {
      at: at(`12:${String(i).padStart(2, '0')}:00`),
      queue: { state: 'connected', wait, operator: i < 35 ? 'op-1' : 'op-2', urgent },
      talk: 120,
      ...(urgent && { escalation: { answeredAfter: i === 0 ? 8 : 12 } }),
    });
  }
  // 5 short abandons (the last at exactly the threshold, as the engine classified it).
  for (const [i, wait] of [2, 4, 6, 8, 10].entries())
    await insertCall(db, { at: at(`14:0${i}:00`), queue: { state: 'abandoned', wait } });
  // 7 lost: 6 called back the same day (4 at the first attempt, 2 at the second), 1 failed.
  for (let i = 0; i < 7; i++) {
    const reached = i < 6;
    await insertCall(db, {
      at: at(`15:0${i}:00`),
      queue: { state: 'lost', wait: 11 + i },
      callback: {
        kind: 'lost-call',
        status: reached ? 'reached' : 'failed',
        attempts: reached ? (i < 4 ? 1 : 2) : 3,
        at: at(`16:0${i}:00`),
      },
    });
  }
  // 8 left the queue to book a callback (reached at the first attempt).
  for (let i = 0; i < 8; i++)
    await insertCall(db, {
      at: at(`16:3${i}:00`),
      queue: { state: 'left', wait: 30 },
      callback: { kind: 'booked', status: 'reached', attempts: 1 },
    });
  // Live service in the week of Monday 30 November: op-1 8 h a day (40 h), op-2 7 h a day (35 h).
  for (const d of ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']) {
    await insertLiveInterval(db, 'op-1', `${d}T09:00:00+04:00`, `${d}T17:00:00+04:00`);
    await insertLiveInterval(db, 'op-2', `${d}T09:00:00+04:00`, `${d}T16:00:00+04:00`);
  }
  // Four appeals: answered directly in a day; forwarded (open); in review past its deadline;
  // out of competence, referred after two days (a day late).
  await insertAppeal(db, {
    registeredAt: at('12:00:00'),
    category: 'question',
    status: 'answered-directly',
    deadline: '2026-12-16T12:00:00+04:00',
    resultAt: '2026-12-02T12:00:00+04:00',
  });
  await insertAppeal(db, {
    registeredAt: at('12:10:00'),
    category: 'complaint',
    status: 'forwarded',
    unit: 'housing',
    deadline: '2026-12-16T12:10:00+04:00',
  });
  await insertAppeal(db, {
    registeredAt: at('12:20:00'),
    category: 'complaint',
    status: 'in-review',
    unit: 'housing',
    deadline: '2026-12-02T10:00:00+04:00',
  });
  await insertAppeal(db, {
    registeredAt: at('12:30:00'),
    category: 'out-of-competence',
    status: 'referred-elsewhere',
    deadline: '2026-12-02T12:30:00+04:00',
    resultAt: '2026-12-03T12:30:00+04:00',
    referralSentAt: '2026-12-03T12:30:00+04:00',
  });
  // The survey: op-1 rated 5, 5, 4; op-2 rated 3 once, and one caller kept silent.
  const ratings: Array<[string, string, string]> = [
    ['s1', 'op-1', '5'],
    ['s2', 'op-1', '5'],
    ['s3', 'op-1', '4'],
    ['s4', 'op-2', '3'],
    ['s5', 'op-2', 'no-answer'],
  ];
  for (const [callId, operator, answer] of ratings)
    await insertSurveyAnswer(db, { callId, question: 'rating', answer, operator, at: at('13:00:00') });
  const resolved: Array<[string, string, string]> = [
    ['s1', 'op-1', '1'],
    ['s2', 'op-1', '1'],
    ['s3', 'op-1', '2'],
    ['s4', 'op-2', 'no-answer'],
  ];
  for (const [callId, operator, answer] of resolved)
    await insertSurveyAnswer(db, { callId, question: 'resolved', answer, operator, at: at('13:00:30') });
});

afterAll(async () => {
  await r?.close();
});

const q = `service=citizens&period=day&date=${DAY}`;

describe('the scripted day', () => {
  it('traffic: offered, IVR-only, asked for and answered by an operator, wait and service level', async () => {
    const res = await r.get(`/api/reports/traffic?${q}`);
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({
      kind: 'day',
      firstDay: DAY,
      lastDay: DAY,
      timeZone: 'Asia/Baku',
      from: '2026-11-30T20:00:00.000Z',
      until: '2026-12-01T20:00:00.000Z',
    });
    expect(res.body.figures).toEqual({
      offered: 100,
      ivrOnly: 20,
      askedForOperator: 80,
      answeredByOperator: 60,
      urgent: 2,
      shortAbandons: 5,
      lostCalls: 7,
      leftForCallback: 8,
      stillWaiting: 0,
      referred: 3,
      callbackBooked: 10,
      averageWaitSec: 15.8, // (30·5 + 20·20 + 10·40) / 60 = 15.83
      p90WaitSec: 40,
      serviceLevelSec: 20,
      answeredWithinServiceLevel: 50, // 20.0 s counts as within 20 s
      serviceLevel: 0.625, // 50 / 80
    });
  });

  it('the service-level threshold is a parameter', async () => {
    const res = await r.get(`/api/reports/traffic?${q}&serviceLevelSec=10`);
    expect(res.body.figures).toMatchObject({
      serviceLevelSec: 10,
      answeredWithinServiceLevel: 30,
      serviceLevel: 0.375,
    });
  });

  it('lost calls: 6 of 7 called back the same day, 1 never', async () => {
    const res = await r.get(`/api/reports/lost-calls?${q}`);
    expect(res.status).toBe(200);
    expect(res.body.figures).toEqual({
      lostCalls: 7,
      calledBackSameDay: 6,
      calledAgainSameDay: 0,
      calledBackLater: 0,
      pending: 0,
      never: 1,
      sameDayRate: 0.8571,
      averageWaitSec: 14, // 11..17 s
      byDay: [{ day: DAY, lostCalls: 7, calledBackSameDay: 6 }],
    });
  });

  it('callbacks by kind, outcome and attempts; none booked after hours on a working day', async () => {
    const res = await r.get(`/api/reports/callbacks?${q}`);
    expect(res.body.figures).toEqual({
      total: 17,
      byOutcome: [
        { kind: 'booked', status: 'reached', count: 10 },
        { kind: 'lost-call', status: 'failed', count: 1 },
        { kind: 'lost-call', status: 'reached', count: 6 },
      ],
      byAttempts: [
        { kind: 'booked', attempts: 1, count: 10 },
        { kind: 'lost-call', attempts: 1, count: 4 },
        { kind: 'lost-call', attempts: 2, count: 2 },
        { kind: 'lost-call', attempts: 3, count: 1 },
      ],
      afterHoursBookings: {
        booked: 0,
        fulfilledNextWorkingDay: 0,
        fulfilledLater: 0,
        open: 0,
        notFulfilled: 0,
        nextWorkingDayRate: null,
      },
    });
  });

  it('escalations and the time to reach a person; referrals', async () => {
    const res = await r.get(`/api/reports/escalations?${q}`);
    expect(res.body.figures).toEqual({
      escalations: 2,
      answered: 2,
      unanswered: 0,
      dutyPhoneRung: 0,
      webhookDelivered: 2,
      webhookFailed: 0,
      averageTimeToPersonSec: 10,
      p90TimeToPersonSec: 11.6, // 8 + 0.9 × (12 − 8)
      byReason: [{ reason: 'threat-to-life-health-liberty', count: 2 }],
      referrals: 3,
    });
  });

  it('operators: calls, talk time and the week against 36 hours', async () => {
    const res = await r.get(`/api/reports/operators?${q}`);
    expect(res.body.figures).toEqual({
      weeklyLimitHours: 36,
      operators: [
        {
          operatorId: 'op-1',
          calls: 35,
          talkSec: 4200,
          averageTalkSec: 120,
          surveyRatings: 3,
          surveyAverage: 4.67,
          weeks: [{ weekStart: '2026-11-30', liveHours: 40, overLimit: true }],
        },
        {
          operatorId: 'op-2',
          calls: 25,
          talkSec: 3000,
          averageTalkSec: 120,
          surveyRatings: 1,
          surveyAverage: 3,
          weeks: [{ weekStart: '2026-11-30', liveHours: 35, overLimit: false }],
        },
      ],
    });
  });

  it('appeals by category, status and unit; overdue; time to answer; out of competence', async () => {
    const res = await r.get(`/api/reports/appeals?${q}`);
    expect(res.status).toBe(200);
    expect(res.body.figures).toEqual({
      registered: 4,
      byCategory: [
        { category: 'complaint', count: 2 },
        { category: 'out-of-competence', count: 1 },
        { category: 'question', count: 1 },
      ],
      byStatus: [
        { status: 'answered-directly', count: 1 },
        { status: 'forwarded', count: 1 },
        { status: 'in-review', count: 1 },
        { status: 'referred-elsewhere', count: 1 },
      ],
      byUnit: [
        { unit: 'housing', count: 2 },
        { unit: 'none', count: 2 },
      ],
      open: 2,
      overdue: 1, // in review, deadline 2 Dec 10:00; now is 2 Dec 12:00
      answered: 2,
      answeredLate: 1,
      averageDaysToAnswer: 1.5, // 1 and 2 days
      outOfCompetence: 1,
    });
  });

  it('survey: response rate, average and distribution', async () => {
    const res = await r.get(`/api/reports/survey?${q}`);
    expect(res.body.figures).toEqual({
      asked: 5,
      answered: 4,
      responseRate: 0.8,
      averageRating: 4.25,
      distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 2, 'no-answer': 1 },
      resolved: { yes: 2, no: 1, noAnswer: 1 },
      byAppealCategory: [{ category: 'no-appeal', asked: 5, answered: 4, averageRating: 4.25 }],
    });
  });

  it('week and month periods take in the neighbouring days', async () => {
    const week = await r.get('/api/reports/traffic?period=week&date=2026-12-03');
    expect(week.body.period).toMatchObject({ firstDay: '2026-11-30', lastDay: '2026-12-06' });
    expect(week.body.figures.offered).toBe(102);
    const month = await r.get('/api/reports/traffic?period=month&date=2026-12-15');
    expect(month.body.period).toMatchObject({ firstDay: '2026-12-01', lastDay: '2026-12-31' });
    expect(month.body.figures.offered).toBe(101);
    const custom = await r.get('/api/reports/traffic?period=custom&from=2026-11-30&to=2026-12-01');
    expect(custom.body.figures.offered).toBe(101);
  });

  it('CSV: one row per figure, with the service and period on every row', async () => {
    const res = await r.get(`/api/reports/lost-calls?${q}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="lost-calls-citizens-2026-12-01_2026-12-01.csv"',
    );
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe('report,service,first_day,last_day,time_zone,figure,value');
    expect(lines).toContain('lost-calls,citizens,2026-12-01,2026-12-01,Asia/Baku,calledBackSameDay,6');
    expect(lines).toContain(
      'lost-calls,citizens,2026-12-01,2026-12-01,Asia/Baku,byDay.2026-12-01.lostCalls,7',
    );
    const accept = await r.app.inject({
      method: 'GET',
      url: `/api/reports/operators?${q}`,
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdef', accept: 'text/csv' },
    });
    expect(accept.body).toContain(
      'operators,citizens,2026-12-01,2026-12-01,Asia/Baku,operators.op-1.weeks.2026-11-30.liveHours,40',
    );
  });

  it("the OpenAPI document carries each figure's definition", async () => {
    const spec = (await r.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const names = ['traffic', 'lost-calls', 'callbacks', 'escalations', 'operators', 'appeals', 'survey'];
    for (const name of names) expect(spec.paths[`/api/reports/${name}`]?.get, name).toBeDefined();
    const lost =
      spec.paths['/api/reports/lost-calls'].get.responses['200'].content['application/json'].schema;
    expect(lost.properties.figures.properties.calledBackSameDay.description).toMatch(
      /reached the citizen on the local day/,
    );
    const traffic = spec.paths['/api/reports/traffic'].get;
    expect(traffic.parameters.map((p: { name: string }) => p.name)).toContain('serviceLevelSec');
  });

  it('bad input is a 400 with a reason', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/reports/traffic?service=nope', /unknown service nope; known: citizens/],
      ['/api/reports/traffic?period=custom&from=2026-12-05', /needs both from and to/],
      ['/api/reports/traffic?period=custom&from=2026-12-05&to=2026-12-01', /before from/],
      ['/api/reports/traffic?period=custom&from=2025-01-01&to=2026-12-01', /at most 367 days/],
      ['/api/reports/traffic?date=2026-02-30', /not a real calendar day/],
      ['/api/reports/traffic?serviceLevelSec=0', /at least 1/],
      ['/api/reports/traffic?period=day&from=2026-12-01', /for period=custom/],
      ['/api/reports/lost-calls?colour=red', /colour/],
    ];
    for (const [url, reason] of cases) {
      const res = await r.get(url);
      expect(res.status, url).toBe(400);
      expect(res.body.message, url).toMatch(reason);
    }
  });
});
