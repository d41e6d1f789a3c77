// Whose desk a request may read: operators their own only, supervisors and admins any named one.
import { describe, expect, it } from 'vitest';
import { type Principal, UserId } from '../../src/accounts/principal.ts';
import type { Role } from '../../src/accounts/roles.ts';
import { deskSubject } from '../../src/desk/desk-access.ts';
import { OperatorId } from '../../src/domain/ids.ts';

const known = (id: string) => ['op1', 'op2'].includes(id);
const user = (roles: Role[], operatorId?: string): Principal => ({
  kind: 'user',
  userId: UserId('u1'),
  username: 'u1',
  displayName: 'U',
  roles,
  ...(operatorId && { operatorId: OperatorId(operatorId) }),
  unitIds: [],
  language: 'az',
});

describe('deskSubject', () => {
  it('gives an operator their own desk, named or not', () => {
    expect(deskSubject(user(['operator'], 'op1'), undefined, known)).toEqual({ ok: true, operatorId: 'op1' });
    expect(deskSubject(user(['operator'], 'op1'), 'op1', known)).toEqual({ ok: true, operatorId: 'op1' });
  });

  it("refuses an operator another operator's desk", () => {
    expect(deskSubject(user(['operator'], 'op1'), 'op2', known)).toMatchObject({ ok: false, status: 403 });
  });

  it('lets supervisors and the token name any known operator, and asks them to name one', () => {
    expect(deskSubject(user(['supervisor']), 'op2', known)).toEqual({ ok: true, operatorId: 'op2' });
    expect(deskSubject({ kind: 'token' }, 'op1', known)).toEqual({ ok: true, operatorId: 'op1' });
    expect(deskSubject(user(['supervisor']), undefined, known)).toMatchObject({ ok: false, status: 400 });
    expect(deskSubject(user(['supervisor']), 'op9', known)).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses unit members and operators without an operator id', () => {
    expect(deskSubject(user(['unit']), undefined, known)).toMatchObject({ ok: false, status: 403 });
    expect(deskSubject(user(['unit']), 'op1', known)).toMatchObject({ ok: false, status: 403 });
    expect(deskSubject(user(['operator']), undefined, known)).toMatchObject({ ok: false, status: 403 });
  });
});
