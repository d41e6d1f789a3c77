// Each menu action, language changes, invalid keys and silences, through the pure session.
import { describe, expect, it } from 'vitest';
import { sayPhoneNumber } from '../../src/say/say.ts';
import { acts, Driver, played, service } from './session-fixture.ts';

describe('call session: start', () => {
  it('greets and plays the root menu in the default language, barge-in ready', () => {
    const d = new Driver();
    expect(acts(d.last)).toEqual([
      {
        type: 'play',
        playbackId: 'call-1:p1',
        media: ['sound:t/az/greeting', 'sound:t/az/main'],
        language: 'az',
      },
    ]);
    expect(d.phase).toEqual({ kind: 'menu', nodeId: 'main', retries: 0 });
    expect(acts(d.finishPrompt())).toEqual([{ type: 'start-timer', timerId: 'call-1:t1', ms: 6000 }]);
  });

  it('outside live hours starts at the after-hours root', () => {
    const d = new Driver({ live: false });
    expect(played(d.last)).toEqual(['sound:t/az/greeting', 'sound:t/az/after']);
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'after' });
  });
});

describe('call session: actions', () => {
  it('goto: a key stops the prompt at once and enters the submenu', () => {
    const d = new Driver();
    expect(acts(d.key('1'))).toEqual([
      { type: 'stop-playback', playbackId: 'call-1:p1' },
      { type: 'play', playbackId: 'call-1:p2', media: ['sound:t/az/a'], language: 'az' },
    ]);
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'a' });
  });

  it('play: information, then the same menu again', () => {
    const d = new Driver();
    d.finishPrompt();
    expect(acts(d.key('2'))).toEqual([
      { type: 'cancel-timer', timerId: 'call-1:t1' },
      { type: 'play', playbackId: 'call-1:p2', media: ['sound:t/az/info'], language: 'az' },
    ]);
    expect(d.phase).toMatchObject({ kind: 'info', nodeId: 'main' });
    expect(played(d.finishPrompt())).toEqual(['sound:t/az/main']);
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'main' });
  });

  it('a key during information counts as a choice in the menu', () => {
    const d = new Driver();
    d.key('2');
    d.key('1');
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'a' });
  });

  it('operator: enqueue with the reason and the call language', () => {
    const d = new Driver();
    expect(acts(d.key('3'))).toEqual([
      { type: 'stop-playback', playbackId: 'call-1:p1' },
      {
        type: 'enqueue',
        urgent: false,
        language: 'az',
        reason: 'question',
        menuPath: ['main'],
        collected: {},
      },
    ]);
    expect(d.phase).toEqual({ kind: 'queued', urgent: false });
  });

  it('operator outside live hours leads to the callback offer', () => {
    const d = new Driver({ live: false, service: { ...service, afterHoursMenu: undefined } });
    expect(d.phase).toMatchObject({ nodeId: 'main' });
    expect(played(d.key('3'))).toEqual(['sound:t/az/callbackOffer']);
    expect(acts(d.all).some((c) => c.type === 'enqueue')).toBe(false);
  });

  it('callback: the offer plays', () => {
    const d = new Driver();
    expect(played(d.key('4'))).toEqual(['sound:t/az/callbackOffer']);
    expect(d.phase).toMatchObject({ kind: 'callback', step: 'offer', returnTo: 'main' });
  });

  it('urgent: escalation and an urgent place in the queue, live or not', () => {
    for (const live of [true, false]) {
      const d = new Driver({ live, service: { ...service, afterHoursMenu: undefined } });
      expect(acts(d.key('5'))).toEqual([
        { type: 'stop-playback', playbackId: 'call-1:p1' },
        { type: 'escalate', reason: 'threat' },
        {
          type: 'enqueue',
          urgent: true,
          language: 'az',
          reason: 'threat',
          menuPath: ['main'],
          collected: {},
        },
      ]);
    }
  });

  it('language at the root: the root again, in the new language, for the rest of the call', () => {
    const d = new Driver();
    expect(played(d.key('7'))).toEqual(['sound:t/ru/main']);
    expect(d.state.language).toBe('ru');
    d.key('1');
    expect(acts(d.last).find((c) => c.type === 'play')).toMatchObject({
      media: ['sound:t/ru/a'],
      language: 'ru',
    });
    d.key('*', '3');
    expect(acts(d.last).find((c) => c.type === 'enqueue')).toMatchObject({ language: 'ru' });
  });

  it('language from a language submenu returns to where the caller came from', () => {
    const d = new Driver();
    d.key('8');
    expect(d.phase).toMatchObject({ nodeId: 'lang' });
    expect(played(d.key('2'))).toEqual(['sound:t/ru/main']);
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'main' });
  });

  it('back returns to the parent; at the root it repeats', () => {
    const d = new Driver();
    d.key('1', '1');
    expect(d.phase).toMatchObject({ nodeId: 'b' });
    expect(played(d.key('*'))).toEqual(['sound:t/az/a']);
    expect(played(d.key('*'))).toEqual(['sound:t/az/main']);
    expect(d.state.history).toEqual([]);
  });

  it('repeat plays the node again', () => {
    const d = new Driver();
    d.finishPrompt();
    expect(played(d.key('9'))).toEqual(['sound:t/az/main']);
  });

  it('goodbye: the goodbye prompt, then hang up', () => {
    const d = new Driver();
    expect(played(d.key('*'))).toEqual(['sound:t/az/goodbye']);
    d.key('5'); // keys other than 0 no longer matter
    expect(d.phase.kind).toBe('closing');
    expect(acts(d.finishPrompt())).toEqual([{ type: 'hangup', outcome: 'goodbye' }]);
    expect(d.phase).toEqual({ kind: 'ended', outcome: 'goodbye' });
    expect(d.key('0')).toEqual([]);
  });

  // The number is said by the say module in the caller's language (az: "yüz on iki").
  it('refer: the other body and its number, then goodbye', () => {
    const d = new Driver();
    expect(played(d.key('#'))).toEqual([
      'sound:t/az/refer-112',
      ...sayPhoneNumber('az', '112'),
      'sound:t/az/goodbye',
    ]);
    expect(acts(d.finishPrompt())).toEqual([{ type: 'hangup', outcome: 'referred' }]);
  });

  it('refer with transfer: the announcement, then the transfer', () => {
    const d = new Driver();
    d.key('1');
    expect(played(d.key('6'))).toEqual(['sound:t/az/refer-108', ...sayPhoneNumber('az', '108')]);
    expect(acts(d.finishPrompt())).toEqual([
      { type: 'transfer', destination: 'PJSIP/108@trunk', number: '108' },
    ]);
    expect(d.phase).toEqual({ kind: 'transferring', returnTo: 'a' });
    // The transfer fails: an apology, then the node the refer was chosen at.
    expect(played(d.send({ type: 'transfer-failed', reason: 'busy' }))).toEqual([
      'sound:t/az/transferFailed',
      'sound:t/az/a',
    ]);
    expect(d.phase).toMatchObject({ kind: 'menu', nodeId: 'a' });
  });
});

describe('call session: wrong keys and silence', () => {
  it('a wrong key plays the invalid prompt and the menu again, counting retries', () => {
    const d = new Driver();
    expect(played(d.key('6'))).toEqual(['sound:t/az/invalid', 'sound:t/az/main']);
    expect(d.phase).toMatchObject({ retries: 1 });
  });

  it('after the retry limit: the operator in live hours', () => {
    const d = new Driver();
    d.key('6', '6');
    expect(acts(d.key('6'))).toContainEqual({
      type: 'enqueue',
      urgent: false,
      language: 'az',
      reason: 'invalid-input',
      menuPath: ['main'],
      collected: {},
    });
  });

  it('after the retry limit outside live hours: goodbye and hang up', () => {
    const d = new Driver({ live: false });
    d.key('6', '6');
    expect(played(d.key('6'))).toEqual(['sound:t/az/goodbye']);
    expect(acts(d.finishPrompt())).toEqual([{ type: 'hangup', outcome: 'invalid-input' }]);
  });

  it('silence: the no-input prompt and the menu again, then the operator', () => {
    const d = new Driver();
    expect(played(d.silence())).toEqual(['sound:t/az/noInput', 'sound:t/az/main']);
    d.silence();
    expect(acts(d.silence())).toContainEqual(
      expect.objectContaining({ type: 'enqueue', reason: 'no-input' }),
    );
  });

  it('silence outside live hours ends with goodbye (no-input)', () => {
    const d = new Driver({ live: false });
    d.silence();
    d.silence();
    d.silence();
    expect(acts(d.finishPrompt())).toEqual([{ type: 'hangup', outcome: 'no-input' }]);
  });

  it('retries start again in a new node', () => {
    const d = new Driver();
    d.key('6', '6', '1');
    expect(d.phase).toMatchObject({ nodeId: 'a', retries: 0 });
  });

  it('stale prompt and timer events are ignored', () => {
    const d = new Driver();
    d.finishPrompt();
    d.key('1'); // cancels t1, plays p2
    expect(d.send({ type: 'timer', timerId: 'call-1:t1' as never })).toEqual([]);
    expect(d.send({ type: 'prompt-finished', playbackId: 'call-1:p1' as never })).toEqual([]);
    expect(d.phase).toMatchObject({ nodeId: 'a' });
  });

  it('a failed prompt carries on as if it had ended', () => {
    const d = new Driver();
    const cmds = d.send({ type: 'prompt-failed', playbackId: d.state.playback! });
    expect(cmds).toContainEqual({ type: 'start-timer', timerId: 'call-1:t1', ms: 6000 });
  });

  it('the caller hanging up ends the session and its timer', () => {
    const d = new Driver();
    d.finishPrompt();
    expect(acts(d.send({ type: 'caller-hung-up' }))).toEqual([
      { type: 'cancel-timer', timerId: 'call-1:t1' },
    ]);
    expect(d.phase).toEqual({ kind: 'ended', outcome: 'caller-hung-up' });
    expect(d.key('0')).toEqual([]);
  });
});
