import { describe, expect, it } from 'vitest';
import { UndoableMap } from '../../src/queue/undoable-map.ts';

describe('UndoableMap', () => {
  it('writes in place and rolls back every write, newest first', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    const m = new UndoableMap(base);
    m.set('a', 10);
    m.set('a', 11);
    m.delete('b');
    m.set('c', 3);
    expect([...base]).toEqual([
      ['a', 11],
      ['c', 3],
    ]);
    expect(m.result()).toBe(base);
    m.rollback();
    expect([...base].sort()).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('deleting a missing key records nothing', () => {
    const base = new Map([['a', 1]]);
    const m = new UndoableMap(base);
    expect(m.delete('zz')).toBe(false);
    m.rollback();
    expect([...base]).toEqual([['a', 1]]);
  });
});
