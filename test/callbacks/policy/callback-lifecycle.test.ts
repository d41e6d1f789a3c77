import { describe, expect, it } from 'vitest';
import {
  CALLBACK_STATUSES,
  type CallbackEvent,
  type CallbackState,
  type CallbackStatus,
  isOpen,
  transition,
} from '../../../src/callbacks/policy/callback-lifecycle.ts';

const NOW = Date.parse('2026-12-01T10:00:00+04:00');
const MIN = 60_000;

function cb(patch: Partial<CallbackState> = {}): CallbackState {
  return {
    kind: 'lost-call',
    status: 'scheduled',
    attempts: 0,
    maxAttempts: 3,
    dueUntil: NOW + 8 * 60 * MIN,
    nextAttemptAt: NOW,
    ...patch,
  };
}

describe('callback lifecycle: the happy path', () => {
  it('scheduled → dialling → reached, with audit entries', () => {
    const started = transition(cb(), { type: 'attempt-started' }, NOW);
    expect(started).toEqual({
      kind: 'moved',
      next: cb({ status: 'dialling', attempts: 1 }),
      audit: { from: 'scheduled', to: 'dialling', reason: 'attempt 1 of 3', attempt: 1, at: NOW },
    });
    if (started.kind !== 'moved') return;
    const reached = transition(started.next, { type: 'reached' }, NOW + MIN);
    expect(reached).toMatchObject({
      kind: 'moved',
      next: { status: 'reached', attempts: 1 },
      audit: { from: 'dialling', to: 'reached', attempt: 1, at: NOW + MIN },
    });
  });

  it('no answer three times → failed', () => {
    let state = cb();
    let t = NOW;
    const trail: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = transition(state, { type: 'attempt-started' }, t);
      if (s.kind !== 'moved') throw new Error(JSON.stringify(s));
      const f = transition(
        s.next,
        { type: 'attempt-failed', outcome: 'no-answer', retryAt: t + 15 * MIN },
        t + MIN,
      );
      if (f.kind !== 'moved') throw new Error(JSON.stringify(f));
      trail.push(`${s.audit.from}>${s.audit.to}`, `${f.audit.from}>${f.audit.to}`);
      state = f.next;
      t += 15 * MIN;
    }
    expect(trail).toEqual([
      'scheduled>dialling',
      'dialling>scheduled',
      'scheduled>dialling',
      'dialling>scheduled',
      'scheduled>dialling',
      'dialling>failed',
    ]);
    expect(state).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('a retry moves nextAttemptAt; no live time left → expired', () => {
    const dialling = cb({ status: 'dialling', attempts: 1 });
    expect(
      transition(dialling, { type: 'attempt-failed', outcome: 'busy', retryAt: NOW + 15 * MIN }, NOW),
    ).toMatchObject({
      next: { status: 'scheduled', nextAttemptAt: NOW + 15 * MIN },
      audit: { reason: 'busy; retry' },
    });
    expect(
      transition(dialling, { type: 'attempt-failed', outcome: 'busy', retryAt: null }, NOW),
    ).toMatchObject({
      next: { status: 'expired' },
    });
  });

  it('window passed without an attempt → expired', () => {
    const state = cb({ dueUntil: NOW });
    expect(transition(state, { type: 'window-passed' }, NOW)).toMatchObject({ next: { status: 'expired' } });
    expect(transition(cb(), { type: 'window-passed' }, NOW)).toMatchObject({ kind: 'rejected' });
  });
});

describe('"did not call again" = "was not served since"', () => {
  it.each(['scheduled', 'dialling'] as const)(
    'a later call that reached an operator cancels an open lost-call callback (%s)',
    (status) => {
      expect(
        transition(
          cb({ status, attempts: status === 'dialling' ? 1 : 0 }),
          { type: 'caller-served', how: 'operator', callId: 'c2' },
          NOW,
        ),
      ).toMatchObject({
        kind: 'moved',
        next: { status: 'cancelled' },
        audit: {
          from: status,
          to: 'cancelled',
          reason: 'caller served since: reached an operator (call c2)',
        },
      });
    },
  );

  it('a later call that booked a callback cancels it too, saying so', () => {
    expect(
      transition(cb(), { type: 'caller-served', how: 'booked-callback', callId: 'c3' }, NOW),
    ).toMatchObject({ audit: { reason: 'caller served since: booked a callback (call c3)' } });
  });

  it.each(['scheduled', 'dialling'] as const)(
    'a repeat call lost again joins the open callback (%s): same status, an audit entry',
    (status) => {
      const before = cb({ status, attempts: status === 'dialling' ? 1 : 0 });
      expect(transition(before, { type: 'lost-again', callId: 'c4', waitedMs: 12_400 }, NOW)).toEqual({
        kind: 'moved',
        next: before,
        audit: {
          from: status,
          to: status,
          reason: 'lost again (call c4, waited 12 s): this callback covers it',
          attempt: before.attempts,
          at: NOW,
        },
      });
    },
  );

  it('a booked callback is kept', () => {
    expect(
      transition(cb({ kind: 'booked' }), { type: 'caller-served', how: 'operator', callId: 'c5' }, NOW),
    ).toEqual({
      kind: 'unchanged',
      reason: 'a booked callback is kept when the caller is served',
    });
  });

  it('an admin can cancel either kind', () => {
    expect(
      transition(cb({ kind: 'booked' }), { type: 'admin-cancel', by: 'admin', note: 'duplicate' }, NOW),
    ).toMatchObject({
      next: { status: 'cancelled' },
      audit: { reason: 'cancelled by admin: duplicate' },
    });
  });
});

describe('illegal transitions are rejected with a reason', () => {
  const terminal: CallbackStatus[] = CALLBACK_STATUSES.filter((s) => !isOpen(s));
  const allEvents: CallbackEvent[] = [
    { type: 'attempt-started' },
    { type: 'reached' },
    { type: 'attempt-failed', outcome: 'no-answer', retryAt: NOW + MIN },
    { type: 'window-passed' },
    { type: 'caller-served', how: 'operator', callId: 'c' },
    { type: 'lost-again', callId: 'c', waitedMs: 11_000 },
    { type: 'admin-cancel', by: 'admin' },
  ];

  it.each(terminal.flatMap((status) => allEvents.map((event) => [status, event.type, event] as const)))(
    '%s + %s',
    (status, _type, event) => {
      const result = transition(cb({ status, dueUntil: NOW }), event, NOW);
      expect(result).toEqual({ kind: 'rejected', error: expect.stringContaining(`already ${status}`) });
    },
  );

  it.each([
    ['reached while scheduled', cb(), { type: 'reached' }, 'only a callback being dialled'],
    [
      'a second attempt while dialling',
      cb({ status: 'dialling', attempts: 1 }),
      { type: 'attempt-started' },
      'already in progress',
    ],
    [
      'failing an attempt never started',
      cb(),
      { type: 'attempt-failed', outcome: 'x', retryAt: null },
      'only a callback being dialled',
    ],
    ['an attempt beyond the maximum', cb({ attempts: 3 }), { type: 'attempt-started' }, 'attempts are used'],
    [
      'an attempt after the window',
      cb({ dueUntil: NOW - 1 }),
      { type: 'attempt-started' },
      'window has passed',
    ],
    [
      'an attempt before it is due',
      cb({ nextAttemptAt: NOW + MIN }),
      { type: 'attempt-started' },
      'not due yet',
    ],
    [
      'expiring mid-attempt',
      cb({ status: 'dialling', attempts: 1, dueUntil: NOW }),
      { type: 'window-passed' },
      'only after its attempt ends',
    ],
  ] as const)('%s', (_name, state, event, message) => {
    expect(transition(state, event as CallbackEvent, NOW)).toEqual({
      kind: 'rejected',
      error: expect.stringContaining(message),
    });
  });
});
