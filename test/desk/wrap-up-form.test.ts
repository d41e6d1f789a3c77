// The wrap-up form: validated at the boundary, then turned into the registry's steps.
import { describe, expect, it } from 'vitest';
import type { ScreenPop } from '../../src/desk/screen-pop.ts';
import { appealSteps, WrapUpFormSchema } from '../../src/desk/wrap-up-form.ts';

const pop: ScreenPop = {
  workId: 'call-1',
  kind: 'call',
  operatorId: 'op1',
  callId: 'call-1',
  serviceId: 'citizens',
  callerNumber: '0501234567',
  language: 'ru',
  reason: 'appeal-status',
  menuPath: ['main', 'appeals', 'complaint', 'appeal-status'],
  keyed: { appealNumber: '12345' },
  appealNumber: '12345',
  urgent: false,
  callback: null,
  recentCalls: [],
  openAppeals: [],
  at: '2026-12-01T06:00:00.000Z',
};

describe('the wrap-up form', () => {
  it('needs a unit to forward and a body to refer to', () => {
    const base = { workId: 'call-1', category: 'complaint', summary: 'No water' };
    expect(WrapUpFormSchema.safeParse({ ...base, outcome: 'forwarded' }).success).toBe(false);
    expect(WrapUpFormSchema.safeParse({ ...base, outcome: 'referred-elsewhere' }).success).toBe(false);
    expect(WrapUpFormSchema.safeParse({ ...base, outcome: 'forwarded', unitId: 'housing' }).success).toBe(
      true,
    );
    expect(WrapUpFormSchema.safeParse({ ...base, outcome: 'registered', extra: 1 }).success).toBe(false);
  });

  it('registers a complaint linked to the call, its menu path and keyed values, then forwards it', () => {
    const form = WrapUpFormSchema.parse({
      workId: 'call-1',
      category: 'complaint',
      summary: 'No water for a week',
      outcome: 'forwarded',
      unitId: 'housing',
    });
    expect(appealSteps(form, pop)).toEqual({
      register: {
        serviceId: 'citizens',
        citizenNumber: '0501234567',
        language: 'ru',
        category: 'complaint',
        summary: 'No water for a week',
        menuPath: pop.menuPath,
        keyed: { appealNumber: '12345' },
        callIds: ['call-1'],
        unitId: 'housing',
      },
      transition: { to: 'forwarded', unitId: 'housing', note: 'wrap-up of call call-1' },
    });
  });

  it('updates a named appeal with a comment instead of registering another, and answers directly', () => {
    const form = WrapUpFormSchema.parse({
      workId: 'call-1',
      category: 'question',
      summary: 'Asked about the deadline',
      outcome: 'answered-directly',
      regNo: '1655-2026-000001',
    });
    const steps = appealSteps(form, pop);
    expect(steps.register).toBeUndefined();
    expect(steps.comment).toBe('wrap-up of call call-1: Asked about the deadline');
    expect(steps.transition).toEqual({
      to: 'answered-directly',
      result: 'Asked about the deadline',
      note: 'wrap-up of call call-1',
    });
  });

  it('links a callback by its id and the call it came from', () => {
    const form = WrapUpFormSchema.parse({
      workId: 'cb-1',
      category: 'question',
      summary: 'x',
      outcome: 'registered',
    });
    const steps = appealSteps(form, { ...pop, workId: 'cb-1', kind: 'callback', callId: 'call-0' });
    expect(steps.register).toMatchObject({ callbackIds: ['cb-1'], callIds: ['call-0'] });
    expect(steps.transition).toBeUndefined();
  });
});
