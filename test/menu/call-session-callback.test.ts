// The callback flow: own number or another one keyed in, validated, read back, confirmed, booked
// (or refused); and the queue's callback key. Plus type-ahead.
import { describe, expect, it } from 'vitest';
import { acts, Driver, played } from './session-fixture.ts';

/** Say-module fragments in Azerbaijani (src/say): `sound:cagri/az/say/<name>`. */
const az = (...names: string[]) => names.map((n) => `sound:cagri/az/say/${n}`);

// Wednesday 2 December 2026, 09:30 in Baku.
const DUE = Date.parse('2026-12-02T09:30:00+04:00');

describe('callback flow', () => {
  it('after hours: 0 → offer → own number (1) → read back → confirm → booked → when → goodbye', () => {
    const d = new Driver({ live: false });
    d.key('0');
    expect(played(d.key('1'))).toEqual([
      'sound:t/az/callbackReadBack',
      // 050 123 45 67: sıfır əlli, yüz iyirmi üç, qırx beş, altmış yeddi
      ...az('0', '50', '100', '20', '3', '40', '5', '60', '7'),
      'sound:t/az/callbackConfirm',
    ]);
    expect(acts(d.key('1'))).toEqual([
      { type: 'stop-playback', playbackId: 'call-1:p3' },
      { type: 'book-callback', number: '+994501234567', language: 'az' },
    ]);
    expect(d.phase.kind).toBe('booking');
    expect(d.key('5')).toEqual([expect.objectContaining({ type: 'log' })]); // nothing to choose meanwhile
    expect(played(d.send({ type: 'callback-booked', dueFrom: DUE }))).toEqual([
      'sound:t/az/callbackBooked',
      ...az('2', 'month-12', 'weekday-3'), // iki dekabr, çərşənbə
      'sound:t/az/callbackAt', // saat
      ...az('9', '30-loc'), // doqquz otuzda
      'sound:t/az/goodbye',
    ]);
    expect(acts(d.finishPrompt())).toEqual([{ type: 'hangup', outcome: 'callback-booked' }]);
  });

  it('another number: keyed in with #, a refused one is said so and asked again', () => {
    const d = new Driver({ live: false });
    d.key('1'); // after-hours root: 1 = callback
    expect(played(d.key('2'))).toEqual(['sound:t/az/callbackEnterNumber']);
    d.finishPrompt();
    d.key('1', '2', '3');
    expect(d.phase).toMatchObject({ step: 'enter', digits: '123' });
    expect(acts(d.last)).toContainEqual(expect.objectContaining({ type: 'start-timer', ms: 5000 }));
    expect(played(d.key('#'))).toEqual([
      'sound:t/az/callbackNumberInvalid',
      'sound:t/az/callbackEnterNumber',
    ]);
    expect(d.phase).toMatchObject({ step: 'enter', digits: '', retries: 1 });
    d.key(...'554443322'.split(''), '#');
    expect(played(d.last)).toEqual([
      'sound:t/az/callbackReadBack',
      ...az('50', '5', '4', '100', '40', '4', '30', '3', '20', '2'), // 55 444 33 22
      'sound:t/az/callbackConfirm',
    ]);
    d.key('2'); // no, another one
    expect(d.phase).toMatchObject({ step: 'enter' });
    d.key(...'124301234'.split(''));
    d.fireTimer(); // the caller stopped typing: the number is complete
    expect(d.phase).toMatchObject({ step: 'confirm', number: { e164: '+994124301234' } });
    d.key('1');
    expect(acts(d.last)).toContainEqual({ type: 'book-callback', number: '+994124301234', language: 'az' });
  });

  it('an own number that cannot be called back goes straight to keying in another', () => {
    const d = new Driver({ live: false, callerNumber: 'anonymous' });
    d.key('1');
    expect(played(d.key('1'))).toEqual([
      'sound:t/az/callbackNumberInvalid',
      'sound:t/az/callbackEnterNumber',
    ]);
    expect(d.phase).toMatchObject({ step: 'enter' });
  });

  it('too many refused numbers: goodbye (after hours)', () => {
    const d = new Driver({ live: false });
    d.key('1', '2');
    d.key('1', '#');
    d.key('1', '#');
    expect(played(d.key('1', '#'))).toEqual(['sound:t/az/goodbye']);
  });

  it('refused booking: explained, then goodbye', () => {
    const d = new Driver({ live: false });
    d.key('1', '1', '1');
    expect(played(d.send({ type: 'callback-refused', reason: 'an open callback exists' }))).toEqual([
      'sound:t/az/callbackRefused',
      'sound:t/az/goodbye',
    ]);
    expect(acts(d.finishPrompt())).toEqual([{ type: 'hangup', outcome: 'callback-refused' }]);
  });

  it('silence in the offer re-asks, * goes back to the menu', () => {
    const d = new Driver();
    d.key('4');
    expect(played(d.silence())).toEqual(['sound:t/az/noInput', 'sound:t/az/callbackOffer']);
    expect(played(d.key('*'))).toEqual(['sound:t/az/main']);
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'main' });
  });

  it('in the language of the call', () => {
    const d = new Driver();
    d.key('7', '4', '1');
    expect(played(d.last)[0]).toBe('sound:t/ru/callbackReadBack');
    d.key('1');
    expect(acts(d.last)).toContainEqual({ type: 'book-callback', number: '+994501234567', language: 'ru' });
  });
});

describe('waiting in the queue', () => {
  it("the queue's callback key leaves the queue and starts the offer; other keys are ignored", () => {
    const d = new Driver();
    d.key('3');
    expect(acts(d.key('5'))).toEqual([]);
    expect(acts(d.key('9'))).toEqual([
      { type: 'leave-queue', reason: 'callback-requested' },
      { type: 'play', playbackId: 'call-1:p2', media: ['sound:t/az/callbackOffer'], language: 'az' },
    ]);
    expect(d.phase).toMatchObject({ kind: 'callback', step: 'offer' });
  });

  it('once an operator answers, keys are theirs', () => {
    const d = new Driver();
    d.key('3');
    d.send({ type: 'operator-connected' });
    expect(acts(d.key('0'))).toEqual([]);
    expect(acts(d.key('9'))).toEqual([]);
  });
});

describe('type-ahead', () => {
  it('keys pressed during prompts are not lost, and late prompt-ends of stopped prompts change nothing', () => {
    const d = new Driver();
    d.key('1', '1', '1'); // three levels deep before any prompt finished
    expect(d.phase).toMatchObject({ kind: 'input', nodeId: 'c' });
    for (const n of [1, 2, 3]) d.send({ type: 'prompt-finished', playbackId: `call-1:p${n}` as never });
    expect(d.phase).toMatchObject({ kind: 'input', nodeId: 'c', digits: '' });
    expect(d.state.timer).toBeUndefined();
  });

  it('digits typed over the input prompt start the entry', () => {
    const d = new Driver();
    d.key('1', '1', '1', '4', '2');
    expect(d.state.playback).toBeUndefined();
    expect(d.phase).toMatchObject({ kind: 'input', digits: '42' });
    d.key('4', '2', '4', '2'); // six digits: the maximum finishes the entry
    expect(acts(d.last)).toContainEqual(
      expect.objectContaining({ type: 'enqueue', collected: { appealNumber: '424242' } }),
    );
  });

  it('too short an entry is invalid; an inter-digit pause ends the entry', () => {
    const d = new Driver();
    d.key('1', '1', '1', '4', '#');
    expect(played(d.last)).toEqual(['sound:t/az/invalid', 'sound:t/az/c']);
    d.key('1', '2', '3', '4');
    expect(acts(d.fireTimer())).toContainEqual(
      expect.objectContaining({ type: 'enqueue', reason: 'status', collected: { appealNumber: '1234' } }),
    );
  });
});
