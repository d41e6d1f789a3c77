// Each operator's stream: events reach only that operator's listeners, and the current pop is
// replayed to a desk that connects after it was sent, unless its Last-Event-ID shows it had it.
import { describe, expect, it } from 'vitest';
import { OperatorStreams } from '../../src/desk/operator-streams.ts';
import type { DeskEvent, ScreenPop } from '../../src/desk/screen-pop.ts';
import { OperatorId } from '../../src/domain/ids.ts';

const op1 = OperatorId('op1');
const op2 = OperatorId('op2');
const pop = { workId: 'call-1', callerNumber: '0501234567' } as ScreenPop;

function listen(streams: OperatorStreams, op: OperatorId, lastEventId?: string) {
  const got: { id: string; e: DeskEvent }[] = [];
  const stop = streams.subscribe(op, (id, e) => got.push({ id, e }), lastEventId);
  return { got, stop };
}

describe('operator streams', () => {
  it("sends an operator's events to that operator only", () => {
    const s = new OperatorStreams();
    const a = listen(s, op1);
    const b = listen(s, op2);
    s.publish(op1, { event: 'screen-pop', data: pop });
    expect(a.got.map((g) => g.e.event)).toEqual(['screen-pop']);
    expect(b.got).toEqual([]);
  });

  it('replays the current pop on connect, but not to a desk that already had it', () => {
    const s = new OperatorStreams();
    const first = listen(s, op1);
    const id = s.publish(op1, { event: 'screen-pop', data: pop });
    s.publish(op1, { event: 'call-ended', data: { workId: 'call-1', kind: 'call', at: 'x' } });
    first.stop();
    expect(listen(s, op1).got).toEqual([{ id, e: { event: 'screen-pop', data: pop } }]);
    expect(listen(s, op1, id).got).toEqual([]);
    // An id of another process (the engine restarted): the pop is sent again.
    expect(listen(s, op1, '00000000-999').got).toHaveLength(1);
    s.clearPop(op1, 'call-1');
    expect(listen(s, op1).got).toEqual([]);
    expect(s.currentPop(op1)).toBeUndefined();
  });
});
