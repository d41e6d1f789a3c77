// On every connect the adapter asks Asterisk (here the simulator, which applies filters as
// res/ari/ari_websockets.c does) not to send the event types the engine drops: ChannelVarset and
// the like never reach it, while the events it maps still do.
import { afterEach, describe, expect, it } from 'vitest';
import { AriTelephony } from '../../src/ari/ari-telephony.ts';
import { SystemClock } from '../../src/domain/clock.ts';
import { ChannelId, PlaybackId } from '../../src/domain/ids.ts';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { SimulatorDriver } from '../telephony/call-drivers.ts';
import { EventRecorder } from '../telephony/event-recorder.ts';
import { LogCapture } from './log-capture.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function appFilter(sim: AriSimulator): Promise<string[]> {
  const res = await fetch(`${sim.url}/ari/applications/cagri`, {
    headers: { authorization: `Basic ${Buffer.from('cagri:cagri').toString('base64')}` },
  });
  const app = (await res.json()) as { events_disallowed: Array<{ type: string }> };
  return app.events_disallowed.map((e) => e.type);
}

async function connected(opts: { playbackStarts?: boolean } = {}) {
  const sim = await startSimulator({ port: 0, defaultPlaybackMs: 50 });
  cleanups.push(() => sim.close());
  const port = AriTelephony.start({
    url: sim.url,
    username: 'cagri',
    password: 'cagri',
    app: 'cagri',
    clock: new SystemClock(),
    logger: new LogCapture().logger,
    ...opts,
  });
  cleanups.push(() => port.close());
  await port.waitUntilConnected(5000);
  return { sim, port };
}

describe('ARI event filter on connect', () => {
  it('sets the filter before the link is live', async () => {
    const { sim } = await connected();
    const types = await appFilter(sim);
    expect(types).toContain('ChannelVarset');
    expect(types).toContain('ChannelDialplan');
    for (const used of [
      'StasisStart',
      'StasisEnd',
      'ChannelDtmfReceived',
      'ChannelEnteredBridge',
      'ApplicationReplaced',
    ]) {
      expect(types).not.toContain(used);
    }
  });

  it('without playbackStarts, Asterisk is asked not to send PlaybackStarted: a prompt reports its end only', async () => {
    const { sim, port } = await connected({ playbackStarts: false });
    const types = await appFilter(sim);
    expect(types).toContain('PlaybackStarted');
    expect(types).not.toContain('PlaybackFinished');

    const rec = new EventRecorder(port);
    const call = await new SimulatorDriver(sim.url).placeCall('0501234567');
    const caller = ChannelId(call.channelId);
    await rec.waitFor('channel-entered', (e) => e.channel.id === caller);
    await port.answer(caller);
    const prompt = PlaybackId('pb-quiet-start');
    await port.play(caller, prompt, ['sound:one', 'sound:two'], 'en');
    const finished = await rec.waitFor('playback-finished', (e) => e.playbackId === prompt);
    expect(finished.failed).toBe(false);
    expect(rec.events.filter((e) => e.type === 'playback-started')).toEqual([]);
  });
});
