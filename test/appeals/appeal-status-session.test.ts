// The appeal-status phase of the pure call session: what it asks the runtime, what it says, and
// that 0 and late answers behave.
import { describe, expect, it } from 'vitest';
import type { InputNode } from '../../src/menu/menu-config.ts';
import { acts, Driver, menus, played } from '../menu/session-fixture.ts';

const c = menus.c as InputNode;
const statusMenus = {
  ...menus,
  c: { ...c, minDigits: 1, maxRetries: 1, next: { action: 'appeal-status' as const } },
};

function atEntry(live = true): Driver {
  const d = new Driver({ menus: statusMenus });
  d.key('1', '1', '1'); // main → a → b → c
  if (!live) d.send({ type: 'hours', live: false });
  expect(d.phase).toMatchObject({ kind: 'input', nodeId: 'c' });
  return d;
}

const deadline = Date.parse('2026-12-23T00:00:00+04:00');

describe('appeal-status in the call session', () => {
  it('asks the runtime with the keyed digits and says status, "due by" and the date', () => {
    const d = atEntry();
    expect(acts(d.key('1', '2', '3', '#'))).toContainEqual({ type: 'lookup-appeal', digits: '123' });
    expect(d.phase).toMatchObject({ kind: 'appeal-lookup', nodeId: 'c' });
    d.send({ type: 'appeal-status', found: { status: 'in-review', deadline } });
    expect(played(d.last)).toEqual(
      [
        'sound:cagri/az/appeal-status-in-review',
        'sound:cagri/az/appeal-deadline',
        'sound:cagri/az/say/20',
        'sound:cagri/az/say/2', // 22: twenty, two
        'sound:cagri/az/say/month-12',
        'sound:cagri/az/say/weekday-2',
        't/az/b',
      ].map((m) => (m.startsWith('sound:') ? m : `sound:${m}`)),
    );
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'b' });
  });

  it('0 while the lookup runs reaches the operator; the late answer changes nothing', () => {
    const d = atEntry();
    d.key('4', '5', '#');
    const cmds = acts(d.key('0'));
    expect(cmds.find((x) => x.type === 'enqueue')).toMatchObject({
      collected: { appealNumber: '45' },
      menuPath: ['main', 'a', 'b', 'c'],
    });
    expect(acts(d.send({ type: 'appeal-status', found: undefined }))).toEqual([]);
    expect(d.phase).toMatchObject({ kind: 'queued' });
  });

  it('not found: said so and asked again; after the retries, after hours, goodbye', () => {
    const d = atEntry(false);
    d.key('9', '#');
    d.send({ type: 'appeal-status', found: undefined });
    expect(played(d.last)).toEqual(['sound:cagri/az/appeal-not-found', 'sound:t/az/c']);
    d.key('8', '#');
    d.send({ type: 'appeal-status', found: undefined });
    expect(played(d.last)).toEqual(['sound:cagri/az/appeal-not-found', 'sound:t/az/goodbye']);
    expect(d.phase).toMatchObject({ kind: 'closing' });
  });

  it('the registry cannot be asked: the caller is told and taken back', () => {
    const d = atEntry();
    d.key('7', '#');
    d.send({ type: 'appeal-status-failed' });
    expect(played(d.last)[0]).toBe('sound:cagri/az/appeal-lookup-failed');
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'b' });
  });
});

describe('appeal-status when the registry is slow', () => {
  it('gives up after the lookup timeout; a late answer changes nothing', () => {
    const d = atEntry();
    d.key('5', '#');
    expect(d.state.timer).toBeDefined();
    d.fireTimer();
    expect(played(d.last)[0]).toBe('sound:cagri/az/appeal-lookup-failed');
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'b' });
    expect(acts(d.send({ type: 'appeal-status', found: undefined }))).toEqual([]);
  });

  it('an answer in time cancels the lookup timer', () => {
    const d = atEntry();
    d.key('5', '#');
    const cmds = d.send({ type: 'appeal-status', found: { status: 'registered', deadline } });
    expect(cmds).toContainEqual(expect.objectContaining({ type: 'cancel-timer' }));
    expect(d.state.timer).toBeUndefined();
  });
});
