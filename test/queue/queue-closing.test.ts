// Closing time: the edge's timer fires at the end of live hours (FakeClock, the shipped calendar)
// and the pure queue machine, told "hours ended", sends the callers still waiting to the callback
// offer (or keeps them, with serve-until-empty).
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/domain/clock.ts';
import { ClosingWatch } from '../../src/engine/closing-watch.ts';
import { createLogger } from '../../src/log/logger.ts';
import { nextClosing } from '../../src/queue/closing-time.ts';
import { workingDaysCalendar } from '../calendar/shipped-calendars.ts';
import { QueueHarness, queuesFile } from './queue-harness.ts';

const calendar = workingDaysCalendar();
const at = (iso: string) => Date.parse(iso);

describe('closing time: when', () => {
  it('the end of the live period in force, or of the next one when closed', () => {
    expect(nextClosing(calendar, at('2026-12-01T17:59:59+04:00'))).toBe(at('2026-12-01T18:00:00+04:00'));
    expect(nextClosing(calendar, at('2026-12-01T18:00:00+04:00'))).toBe(at('2026-12-02T18:00:00+04:00'));
    // Friday evening: the next closing is Monday's.
    expect(nextClosing(calendar, at('2026-12-04T20:00:00+04:00'))).toBe(at('2026-12-07T18:00:00+04:00'));
    // Holiday eve (Wed 30 Dec 2026): 31 Dec, 1, 2 and 4 Jan are holidays; next is Tue 5 Jan.
    expect(nextClosing(calendar, at('2026-12-30T18:00:00+04:00'))).toBe(at('2027-01-05T18:00:00+04:00'));
  });

  it('the watch fires at 18:00:00, not at 17:59:59, and again on the next working day', () => {
    const clock = new FakeClock('2026-12-30T17:00:00+04:00');
    const closed: string[] = [];
    const watch = new ClosingWatch({
      clock,
      logger: createLogger({ level: 'silent' }),
      calendarFor: () => calendar,
      closed: (id) => closed.push(`${id}@${new Date(clock.now()).toISOString()}`),
    });
    watch.start(['citizens']);
    clock.advance(59 * 60_000 + 59_000); // 17:59:59
    expect(closed).toEqual([]);
    clock.advance(1000); // 18:00:00
    expect(closed).toEqual(['citizens@2026-12-30T14:00:00.000Z']);
    clock.advance(6 * 24 * 3600_000); // over the New Year holidays, to Tue 5 Jan 20:00
    expect(closed).toEqual(['citizens@2026-12-30T14:00:00.000Z', 'citizens@2027-01-05T14:00:00.000Z']);
    watch.stop();
    expect(clock.pendingCount).toBe(0);
  });
});

describe('closing time: the queue', () => {
  const team = [{ id: 'op1', name: 'A', endpoint: 'PJSIP/op1', languages: ['az'], queues: ['general'] }];

  it('offer-callback: every caller still waiting (even one being rung) leaves for the offer; urgent stays', () => {
    const h = new QueueHarness(
      queuesFile({ atClosing: 'offer-callback' }, team),
      '2026-12-01T17:50:00+04:00',
    );
    h.login('op1');
    h.join('c1');
    h.join('c2');
    h.join('u1', { urgent: true });
    expect(h.ringing()).toEqual([['c1', 'op1']]);
    h.send({ type: 'hours-ended', queueId: 'general' as never });
    expect(h.of('offer-callback').map((c) => c.callId)).toEqual(['c1', 'c2']);
    expect(h.of('remove-entry').map((c) => [c.callId, c.outcome])).toEqual([
      ['c1', 'left'],
      ['c2', 'left'],
    ]);
    // The leg rung for c1 is dropped; op1, free again, is rung for the urgent caller who stays.
    expect(h.of('cancel-ring').map((c) => c.callId)).toEqual(['c1']);
    expect([...h.state.waiting.keys()]).toEqual(['u1']);
    expect(h.ringing()).toEqual([['u1', 'op1']]);
  });

  it('serve-until-empty: nobody is moved', () => {
    const h = new QueueHarness(queuesFile({ atClosing: 'serve-until-empty' }, team));
    h.join('c1');
    h.send({ type: 'hours-ended', queueId: 'general' as never });
    expect(h.of('offer-callback')).toEqual([]);
    expect([...h.state.waiting.keys()]).toEqual(['c1']);
  });

  it('an unknown queue is refused with a reason', () => {
    const h = new QueueHarness(queuesFile({}, team));
    expect(h.send({ type: 'hours-ended', queueId: 'nope' as never }).error?.kind).toBe('unknown-queue');
  });
});
