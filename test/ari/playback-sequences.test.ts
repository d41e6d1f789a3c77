// Barge-in on prompts made of several items: Asterisk cannot stop a `digits:` or `number:` item
// (the stop answers 204 or 500 and the playback goes on with its next item), so the adapter cuts
// such lists into playbacks it can stop and the engine still sees one prompt. Run on the ARI
// simulator over real HTTP and WebSocket; the simulator's clock is a FakeClock, so every item
// ends exactly when the test moves time.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planPlaybacks } from '../../src/ari/playback-plan.ts';
import { FakeClock } from '../../src/domain/clock.ts';
import { ChannelId, PlaybackId } from '../../src/domain/ids.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { SimulatorDriver } from '../telephony/call-drivers.ts';
import { EventRecorder } from '../telephony/event-recorder.ts';
import { linkToSimulator } from '../telephony/simulator-link.ts';
import { LogCapture } from './log-capture.ts';

describe('planPlaybacks', () => {
  it('spells digits as sound files and keeps stoppable items together', () => {
    expect(planPlaybacks(['sound:a', 'digits:051', 'sound:b'])).toEqual([
      ['sound:a', 'sound:digits/0', 'sound:digits/5', 'sound:digits/1', 'sound:b'],
    ]);
  });
  it('gives each item Asterisk cannot stop a playback of its own', () => {
    expect(planPlaybacks(['sound:a', 'number:12', 'sound:b', 'sound:c', 'number:3'])).toEqual([
      ['sound:a'],
      ['number:12'],
      ['sound:b', 'sound:c'],
      ['number:3'],
    ]);
  });
  it('leaves a list that needs no cutting as it is', () => {
    expect(planPlaybacks(['sound:a', 'sound:b'])).toEqual([['sound:a', 'sound:b']]);
    expect(planPlaybacks(['number:7'])).toEqual([['number:7']]);
  });
});

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function setup() {
  const clock = new FakeClock('2026-12-01T10:00:00+04:00');
  const sim = await startSimulator({ clock, defaultPlaybackMs: 1000 });
  cleanups.push(() => sim.close());
  const logs = new LogCapture();
  const port = linkToSimulator(sim.url, logs.logger);
  cleanups.push(() => port.close());
  const rec = new EventRecorder(port);
  await port.waitUntilConnected(5000);
  const driver = new SimulatorDriver(sim.url);
  const call = await driver.placeCall('0501234567');
  const caller = ChannelId(call.channelId);
  await rec.waitFor('channel-entered', (e) => e.channel.id === caller);
  await port.answer(caller);
  const logsFrom = logs.lines.length; // connect-time retries are not what these tests are about
  const warnings = () => logs.lines.slice(logsFrom).filter((l) => l.level >= 40);
  const heard = () => sim.world.getCall(call.callId)?.heard.map((h) => `${h.media} ${h.outcome}`) ?? [];
  /** Moves the simulator's time and waits until the caller hears `media` (playing). */
  const until = async (ms: number, media: string) => {
    await clock.advanceAsync(ms);
    await vi.waitFor(() => expect(heard()).toContain(`${media} playing`), { timeout: 3000 });
  };
  const playbackEvents = (id: string) =>
    rec.events.flatMap((e) =>
      (e.type === 'playback-started' || e.type === 'playback-finished') && e.playbackId.startsWith(id)
        ? [e]
        : [],
    );
  return { clock, sim, port, rec, warnings, driver, call, caller, heard, until, playbackEvents };
}

describe('AriTelephony multi-item prompts', () => {
  it('a stop while the digits are read stops at once: nothing after it is heard', async () => {
    const t = await setup();
    const p = PlaybackId(`pb-${randomUUID()}`);
    await t.port.play(t.caller, p, ['sound:you-entered', 'digits:0501', 'sound:if-right-press-1'], 'en');
    await t.rec.waitFor('playback-started', (e) => e.playbackId === p);
    await t.until(1000, 'sound:digits/0');
    await t.until(1000, 'sound:digits/5');
    await t.port.stopPlayback(p);
    const finished = await t.rec.waitFor('playback-finished', (e) => e.playbackId === p);
    expect(finished).toMatchObject({ target: `channel:${t.caller}`, failed: false });
    await t.clock.advanceAsync(10_000);
    expect(t.heard()).toEqual([
      'sound:you-entered played',
      'sound:digits/0 played',
      'sound:digits/5 stopped',
    ]);
    // Asterisk reports each item it starts (PlaybackStarted per item), and one end.
    const events = t.playbackEvents(p);
    expect(new Set(events.map((e) => e.playbackId))).toEqual(new Set([p]));
    expect(events.filter((e) => e.type === 'playback-finished')).toHaveLength(1);
  });

  it('plays [sound, number, sound] as one prompt to the engine, finishing once after the last item', async () => {
    const t = await setup();
    const p = PlaybackId(`pb-${randomUUID()}`);
    await t.port.play(t.caller, p, ['sound:queue-position', 'number:3', 'sound:minutes'], 'en');
    await t.until(0, 'sound:queue-position');
    await t.until(1000, 'number:3');
    await t.until(1000, 'sound:minutes');
    await t.clock.advanceAsync(1000);
    const finished = await t.rec.waitFor('playback-finished', (e) => e.playbackId === p);
    expect(finished.failed).toBe(false);
    expect(t.heard()).toEqual(['sound:queue-position played', 'number:3 played', 'sound:minutes played']);
    // Three ARI playbacks underneath; the engine sees its own id only, started once, finished once.
    expect(t.playbackEvents(p).map((e) => [e.type, e.playbackId])).toEqual([
      ['playback-started', p],
      ['playback-finished', p],
    ]);
  });

  it('a stop during a number (which Asterisk cannot stop) cancels everything after it', async () => {
    const t = await setup();
    const p = PlaybackId(`pb-${randomUUID()}`);
    await t.port.play(t.caller, p, ['sound:queue-position', 'number:12', 'sound:minutes'], 'en');
    await t.until(1000, 'number:12');
    await t.port.stopPlayback(p); // resolves: what could be stopped is
    await t.clock.advanceAsync(5000);
    await t.rec.waitFor('playback-finished', (e) => e.playbackId === p);
    expect(t.heard().map((h) => h.split(' ')[0])).toEqual(['sound:queue-position', 'number:12']);
    expect(t.warnings()).toEqual([]);
  });

  it('the caller hanging up mid-prompt leaves no warning behind', async () => {
    const t = await setup();
    const p = PlaybackId(`pb-${randomUUID()}`);
    await t.port.play(t.caller, p, ['sound:a', 'number:12', 'sound:b'], 'en');
    await t.until(1000, 'number:12');
    await t.driver.hangup(t.call);
    await t.rec.waitFor('channel-left', (e) => e.channelId === t.caller);
    await t.clock.advanceAsync(5000);
    expect(t.warnings()).toEqual([]);
  });
});
