// The call session of an urgent caller (pure, no clock of its own): the urgent choice is escalated
// and queued at any hour, and the queue's callback key does not take them out of it — an urgent
// caller is never sent to a next-day callback.
import { describe, expect, it } from 'vitest';
import { acts, Driver, service } from '../menu/session-fixture.ts';

// The main menu (with 5 = urgent) at any hour.
const mainAlways = { ...service, afterHoursMenu: undefined };

describe('an urgent caller in the session', () => {
  it.each([true, false])('is escalated and queued (live: %s)', (live) => {
    const d = new Driver({ live, service: mainAlways });
    const out = acts(d.key('5'));
    expect(out).toContainEqual({ type: 'escalate', reason: 'threat' });
    expect(out).toContainEqual(expect.objectContaining({ type: 'enqueue', urgent: true, reason: 'threat' }));
    expect(d.phase).toEqual({ kind: 'queued', urgent: true });
  });

  it('the callback key does not take them out of the queue; it still does for others', () => {
    const urgent = new Driver({ live: false, service: mainAlways });
    urgent.key('5');
    expect(acts(urgent.key('9'))).toEqual([]);
    expect(urgent.phase).toEqual({ kind: 'queued', urgent: true });

    const ordinary = new Driver({ live: true });
    ordinary.key('0');
    expect(acts(ordinary.key('9'))).toContainEqual({ type: 'leave-queue', reason: 'callback-requested' });
  });
});
