import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegNo } from '../../src/appeals/appeal.ts';
import type { RegisterAppealRequest } from '../../src/appeals/appeal-service.ts';
import { at } from '../calendar/shipped-calendars.ts';
import { appealFixture, person } from './appeal-fixture.ts';

let f: Awaited<ReturnType<typeof appealFixture>>;
beforeAll(async () => {
  f = await appealFixture();
});
afterAll(async () => {
  await f?.close();
});

const operator = person('op1', ['operator']);
const supervisor = person('sup', ['supervisor']);
const housing = person('h1', ['unit'], ['housing']);
const req = (over: Partial<RegisterAppealRequest> = {}): RegisterAppealRequest => ({
  serviceId: 'citizens',
  citizenNumber: '+994501112233',
  language: 'az',
  category: 'complaint',
  summary: 'No water since Monday',
  ...over,
});

describe('PgAppealService', () => {
  it('numbers are gap-free per service and year, even when registered concurrently', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        f.service.register(req({ citizenNumber: `+99450000000${i % 10}` }), operator),
      ),
    );
    const numbers = results.map((r) => (r.ok ? r.value.regNo : r.reason)).sort();
    expect(numbers).toEqual(
      Array.from({ length: 12 }, (_, i) => `1655-2026-${String(i + 1).padStart(6, '0')}`),
    );
  });

  it('a complaint: forwarded, in review, answered, closed; history says who and when', async () => {
    const r = await f.service.register(
      req({ citizenNumber: '+994551234567', callIds: ['call-1'] }),
      operator,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.deadline).toBe(at('2026-12-23T00:00:00+04:00'));
    const regNo = r.value.regNo;
    expect((await f.service.transition(regNo, { to: 'forwarded', unitId: 'housing' }, operator)).ok).toBe(
      true,
    );
    const wrongUnit = await f.service.transition(
      regNo,
      { to: 'in-review' },
      person('r1', ['unit'], ['roads']),
    );
    expect(wrongUnit).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await f.service.transition(regNo, { to: 'in-review' }, housing)).ok).toBe(true);
    f.clock.advance(3600_000);
    const answered = await f.service.transition(
      regNo,
      { to: 'answered', result: 'Water restored', citizenInformed: { how: 'phone', at: f.clock.now() } },
      housing,
    );
    expect(answered.ok).toBe(true);
    expect((await f.service.transition(regNo, { to: 'closed' }, supervisor)).ok).toBe(true);
    const got = await f.service.get(regNo);
    expect(got?.status).toBe('closed');
    expect(got?.citizenInformed).toEqual({ how: 'phone', at: f.clock.now() });
    expect(got?.history.map((h) => `${h.actor} ${h.what}`)).toEqual([
      'op1 registered',
      'op1 transition:forwarded',
      'h1 transition:in-review',
      'h1 transition:answered',
      'sup transition:closed',
    ]);
  });

  it('history is append-only in the database', async () => {
    await expect(f.db.deleteFrom('appeal_history').execute()).rejects.toThrow(/append-only/);
  });

  it('extends a deadline to 30 working days once, with a reason', async () => {
    const r = await f.service.register(req({ category: 'question' }), operator);
    if (!r.ok) throw new Error(r.reason);
    expect(await f.service.extendDeadline(r.value.regNo, '', supervisor)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    const ext = await f.service.extendDeadline(r.value.regNo, 'needs a site visit', supervisor);
    expect(ext.ok && ext.value.deadlineDays).toBe(30);
    expect(await f.service.extendDeadline(r.value.regNo, 'again', supervisor)).toMatchObject({
      ok: false,
      code: 'conflict',
    });
  });

  it('refuses unknown appeals, units and services with reasons', async () => {
    expect(await f.service.transition(RegNo('1655-2026-999999'), { to: 'closed' }, supervisor)).toMatchObject(
      {
        ok: false,
        code: 'not-found',
      },
    );
    expect(await f.service.register(req({ unitId: 'nope' }), operator)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(await f.service.register(req({ serviceId: 'x' }), operator)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(await f.service.register(req({ summary: '' }), operator)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
  });

  it('finds by number, open, recent, keyed digits and filters', async () => {
    const r = await f.service.register(
      req({ citizenNumber: '+994709998877', category: 'proposal' }),
      operator,
    );
    if (!r.ok) throw new Error(r.reason);
    expect((await f.service.openForNumber('+994709998877')).map((a) => a.regNo)).toEqual([r.value.regNo]);
    expect(await f.service.recentForNumber('+994709998877')).toHaveLength(1);
    const seq = r.value.regNo.slice(-6);
    expect((await f.service.byKeyedNumber('citizens', seq))?.regNo).toBe(r.value.regNo);
    expect((await f.service.byKeyedNumber('citizens', String(Number(seq))))?.regNo).toBe(r.value.regNo);
    expect((await f.service.byKeyedNumber('citizens', r.value.regNo.replaceAll('-', '')))?.regNo).toBe(
      r.value.regNo,
    );
    expect(await f.service.byKeyedNumber('citizens', '999999')).toBeUndefined();
    const proposals = await f.service.search({ category: 'proposal' });
    expect(proposals.items.map((a) => a.regNo)).toEqual([r.value.regNo]);
    expect((await f.service.search({ overdue: true })).total).toBe(0);
  });

  it('a repeat is detected when a complaint registered without a unit is forwarded', async () => {
    const number = '+994503334455';
    for (let i = 0; i < 3; i++) {
      const r = await f.service.register(req({ citizenNumber: number }), operator);
      if (!r.ok) throw new Error(r.reason);
      await f.service.transition(r.value.regNo, { to: 'forwarded', unitId: 'housing' }, operator);
      await f.service.transition(r.value.regNo, { to: 'in-review' }, housing);
      const a = await f.service.transition(
        r.value.regNo,
        { to: 'answered', result: 'Explained', citizenInformed: { how: 'letter', at: f.clock.now() } },
        housing,
      );
      expect(a.ok && a.value.possibleRepeatOf).toBeFalsy();
    }
    const r = await f.service.register(req({ citizenNumber: number }), operator);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.possibleRepeatOf).toBeUndefined();
    const other = await f.service.transition(r.value.regNo, { to: 'forwarded', unitId: 'roads' }, operator);
    expect(other.ok && other.value.possibleRepeatOf).toBeUndefined();
    const r2 = await f.service.register(req({ citizenNumber: number }), operator);
    if (!r2.ok) throw new Error(r2.reason);
    const fw = await f.service.transition(r2.value.regNo, { to: 'forwarded', unitId: 'housing' }, operator);
    expect(fw.ok && fw.value.possibleRepeatOf).toHaveLength(3);
    expect((await f.service.get(r2.value.regNo))?.history.at(-1)?.note).toMatch(
      /possible repeat of 1655-2026-/,
    );
  });
});
