import { describe, expect, it } from 'vitest';
import { type Appeal, formatRegNo, RegNo, RegNoSchema } from '../../src/appeals/appeal.ts';
import {
  deadlineState,
  isWorkingDay,
  REFERRAL_DAYS,
  workingDaysDeadline,
  workingDaysLeft,
} from '../../src/appeals/appeal-deadlines.ts';
import { applyTransition, type TransitionActor } from '../../src/appeals/appeal-transitions.ts';
import { possibleRepeatOf } from '../../src/appeals/repeat-rule.ts';
import { alwaysCalendar, at, workingDaysCalendar } from '../calendar/shipped-calendars.ts';

const cal = workingDaysCalendar();

describe('appeal deadlines', () => {
  it('counts 15 working days, skipping weekends', () => {
    // Tue 1 Dec 2026: 15 working days later is Tue 22 Dec (no holidays in between).
    const d = workingDaysDeadline(cal, at('2026-12-01T10:00:00+04:00'), 15);
    expect(d).toBe(at('2026-12-23T00:00:00+04:00'));
  });

  it('skips holidays: registered before Novruz 2026, the days off do not count', () => {
    // Thu 19 Mar 2026; 20-30 Mar are days off (Novruz, Ramazan, carried-over days).
    const d = workingDaysDeadline(cal, at('2026-03-19T12:00:00+04:00'), REFERRAL_DAYS);
    // Working days after: 31 Mar (Tue), 1 Apr, 2 Apr.
    expect(d).toBe(at('2026-04-03T00:00:00+04:00'));
    expect(isWorkingDay(cal, '2026-03-23')).toBe(false);
    expect(isWorkingDay(cal, '2026-03-31')).toBe(true);
  });

  it('30 working days for an appeal needing study', () => {
    const d15 = workingDaysDeadline(cal, at('2026-12-01T10:00:00+04:00'), 15);
    const d30 = workingDaysDeadline(cal, at('2026-12-01T10:00:00+04:00'), 30);
    expect(d30).toBeGreaterThan(d15);
    // 31 Dec and 1-2 Jan 2027 are holidays; 30 working days from 1 Dec 2026 land in mid-January.
    expect(new Date(d30 - 1).toISOString().slice(0, 10)).toMatch(/^2027-01-1/);
  });

  it('a 24/7 service counts appeal days Monday to Friday', () => {
    const c = alwaysCalendar();
    expect(isWorkingDay(c, '2026-12-05')).toBe(false);
    expect(workingDaysDeadline(c, at('2026-12-04T10:00:00+04:00'), 1)).toBe(at('2026-12-08T00:00:00+04:00'));
  });

  it('near and overdue states', () => {
    const deadline = workingDaysDeadline(cal, at('2026-12-01T10:00:00+04:00'), 15);
    expect(deadlineState(cal, at('2026-12-02T10:00:00+04:00'), deadline, 2)).toBe('ok');
    expect(deadlineState(cal, at('2026-12-21T10:00:00+04:00'), deadline, 2)).toBe('near');
    expect(workingDaysLeft(cal, at('2026-12-22T10:00:00+04:00'), deadline)).toBe(0);
    expect(deadlineState(cal, at('2026-12-23T00:00:00+04:00'), deadline, 2)).toBe('overdue');
    expect(workingDaysLeft(cal, at('2026-12-24T10:00:00+04:00'), deadline)).toBeLessThan(0);
  });
});

describe('registration numbers', () => {
  it('formats per service and year, six digits', () => {
    expect(formatRegNo('1655', 2026, 123)).toBe('1655-2026-000123');
    expect(RegNoSchema.safeParse('1655-2026-12').success).toBe(false);
  });
});

const base: Appeal = {
  regNo: RegNo('1655-2026-000001'),
  serviceId: 'citizens',
  registeredAt: at('2026-12-01T10:00:00+04:00'),
  callIds: [],
  callbackIds: [],
  citizenNumber: '+994501234567',
  language: 'az',
  category: 'complaint',
  menuPath: [],
  keyed: {},
  summary: 'x',
  deadline: at('2026-12-23T00:00:00+04:00'),
  deadlineDays: 15,
  status: 'registered',
};
const user = (roles: TransitionActor['roles'], unitIds: string[] = []): TransitionActor => ({
  kind: 'user',
  name: 'u',
  roles,
  unitIds,
});
const ctx = (actor: TransitionActor) => ({
  now: at('2026-12-02T10:00:00+04:00'),
  actor,
  unitExists: (u: string) => u === 'housing',
});

describe('appeal transitions', () => {
  it('complaint: forwarded → in review → answered → closed', () => {
    const f = applyTransition(base, { to: 'forwarded', unitId: 'housing' }, ctx(user(['operator'])));
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    expect(f.appeal.unitId).toBe('housing');
    const r = applyTransition(f.appeal, { to: 'in-review' }, ctx(user(['unit'], ['housing'])));
    if (!r.ok) throw new Error(r.reason);
    const a = applyTransition(
      r.appeal,
      {
        to: 'answered',
        result: 'fixed',
        citizenInformed: { how: 'phone', at: at('2026-12-02T09:00:00+04:00') },
      },
      ctx(user(['unit'], ['housing'])),
    );
    if (!a.ok) throw new Error(a.reason);
    expect(a.appeal.resultAt).toBeDefined();
    const c = applyTransition(a.appeal, { to: 'closed' }, ctx(user(['supervisor'])));
    expect(c.ok && c.appeal.status).toBe('closed');
  });

  it('informed "now" without a time is stamped by the engine clock, not the browser\'s', () => {
    const inReview = { ...base, status: 'in-review' as const, unitId: 'housing' };
    const unit = ctx(user(['unit'], ['housing']));
    const a = applyTransition(
      inReview,
      { to: 'answered', result: 'fixed', citizenInformed: { how: 'phone' } },
      unit,
    );
    if (!a.ok) throw new Error(a.reason);
    expect(a.appeal.citizenInformed).toEqual({ how: 'phone', at: unit.now });
    const ahead = applyTransition(
      inReview,
      { to: 'answered', result: 'fixed', citizenInformed: { how: 'phone', at: unit.now + 60_000 } },
      unit,
    );
    expect(ahead).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('refuses with a reason', () => {
    const skip = applyTransition(base, { to: 'closed' }, ctx(user(['admin'])));
    expect(skip).toMatchObject({ ok: false, code: 'conflict' });
    expect(!skip.ok && skip.reason).toContain('answered-directly');
    const noUnit = applyTransition(base, { to: 'forwarded', unitId: 'nope' }, ctx(user(['operator'])));
    expect(noUnit).toMatchObject({ ok: false, code: 'invalid' });
    const forwarded = { ...base, status: 'forwarded' as const, unitId: 'housing' };
    const other = applyTransition(forwarded, { to: 'in-review' }, ctx(user(['unit'], ['roads'])));
    expect(other).toMatchObject({ ok: false, code: 'forbidden' });
    const op = applyTransition(forwarded, { to: 'in-review' }, ctx(user(['operator'])));
    expect(op).toMatchObject({ ok: false, code: 'forbidden' });
    const notRepeat = applyTransition(
      base,
      { to: 'left-unexamined-repeated', citizenInformed: { how: 'phone', at: base.registeredAt } },
      ctx(user(['supervisor'])),
    );
    expect(notRepeat).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('referral records the body and the 3-day limit', () => {
    const oc = { ...base, category: 'out-of-competence' as const };
    const r = applyTransition(
      oc,
      { to: 'referred-elsewhere', body: 'Ministry of Health' },
      ctx(user(['operator'])),
    );
    expect(r.ok && r.appeal.referral).toEqual({
      body: 'Ministry of Health',
      dueBy: oc.deadline,
      sentAt: at('2026-12-02T10:00:00+04:00'),
    });
  });
});

describe('repeated appeals', () => {
  const answered = (n: number, resultAt: number) => ({
    regNo: RegNo(`1655-2026-00000${n}`),
    category: 'complaint' as const,
    unitId: 'housing',
    status: 'closed' as const,
    resultAt,
  });
  const now = at('2026-12-01T10:00:00+04:00');
  it('three answered in the last year → flagged with their numbers', () => {
    const earlier = [answered(1, now - 1e9), answered(2, now - 2e9), answered(3, now - 3e9)];
    expect(
      possibleRepeatOf({ category: 'complaint', unitId: 'housing', registeredAt: now }, earlier),
    ).toHaveLength(3);
    expect(possibleRepeatOf({ category: 'complaint', unitId: 'roads', registeredAt: now }, earlier)).toEqual(
      [],
    );
    const old = [answered(1, now - 1e9), answered(2, now - 2e9), answered(3, now - 400 * 86400_000)];
    expect(possibleRepeatOf({ category: 'complaint', unitId: 'housing', registeredAt: now }, old)).toEqual(
      [],
    );
  });
});
