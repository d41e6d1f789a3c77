// A conversation whose side vanished while the engine was away from Asterisk (the hang-up's events
// were lost with the link, or Asterisk restarted): on reconnecting, the side still there is hung
// up and the bridge destroyed, instead of a citizen or operator left in silence.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChannelId } from '../../src/domain/ids.ts';
import { TalkBridges } from '../../src/engine/talk-bridges.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { LogCapture } from '../ari/log-capture.ts';
import { SimulatorDriver } from '../telephony/call-drivers.ts';
import { EventRecorder } from '../telephony/event-recorder.ts';
import { linkToSimulator } from '../telephony/simulator-link.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe('TalkBridges after a reconnect', () => {
  it('hangs up the side still there when the other vanished while disconnected', async () => {
    const sim = await startSimulator({ port: 0 });
    cleanups.push(() => sim.close());
    const logs = new LogCapture();
    const port = linkToSimulator(sim.url, logs.logger, { maxBackoffMs: 300 });
    cleanups.push(() => port.close());
    const rec = new EventRecorder(port);
    await port.waitUntilConnected(5000);
    const talks = new TalkBridges(port, logs.logger);
    const driver = new SimulatorDriver(sim.url);
    const enter = async (number: string) => {
      const placed = await driver.placeCall(number);
      const id = ChannelId(placed.channelId);
      await rec.waitFor('channel-entered', (e) => e.channel.id === id);
      await port.answer(id);
      return { id, simId: placed.callId };
    };
    const a = await enter('0501234001');
    const b = await enter('0501234002');
    await talks.connect(a.id, b.id, 'talk-test');
    expect(talks.size).toBe(1);

    // The link goes down; meanwhile `a` hangs up and nobody hears of it.
    await fetch(`${sim.url}/sim/faults/refuse-websockets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 1000 }),
    });
    await fetch(`${sim.url}/sim/faults/drop-websockets`, { method: 'POST' });
    await rec.next('disconnected');
    sim.world.hangup(a.simId);
    await rec.next('connected', (e) => e.reconnect, 10_000);

    await vi.waitFor(() => expect(sim.world.getCall(b.simId)?.state).toBe('ended'), { timeout: 3000 });
    expect(talks.size).toBe(0);
    expect(talks.partnerOf(b.id)).toBeUndefined();
  });

  it('leaves a conversation both sides of which are still there', async () => {
    const sim = await startSimulator({ port: 0 });
    cleanups.push(() => sim.close());
    const logs = new LogCapture();
    const port = linkToSimulator(sim.url, logs.logger, { maxBackoffMs: 300 });
    cleanups.push(() => port.close());
    const rec = new EventRecorder(port);
    await port.waitUntilConnected(5000);
    const talks = new TalkBridges(port, logs.logger);
    const driver = new SimulatorDriver(sim.url);
    const ids: ChannelId[] = [];
    for (const number of ['0501234003', '0501234004']) {
      const placed = await driver.placeCall(number);
      const id = ChannelId(placed.channelId);
      await rec.waitFor('channel-entered', (e) => e.channel.id === id);
      await port.answer(id);
      ids.push(id);
    }
    const [a, b] = ids as [ChannelId, ChannelId];
    await talks.connect(a, b, 'talk-test');
    await fetch(`${sim.url}/sim/faults/drop-websockets`, { method: 'POST' });
    await rec.next('disconnected');
    await rec.next('connected', (e) => e.reconnect, 10_000);
    expect(talks.partnerOf(a)).toBe(b);
    expect(talks.size).toBe(1);
  });
});
