// What real Asterisk 22.10.1 does that the engine must live with, held as a contract for both
// backends (the simulator must agree; where it does not, the simulator is the one to fix):
// - a channel's operations run one at a time, in order: an add sent while a prompt plays waits
//   for the prompt to end;
// - a stop must silence a multi-item prompt at once, also while it reads digits (the adapter
//   cuts such prompts into stoppable playbacks);
// - a caller hanging up mid-prompt shows as the hang-up first, then the prompt ending `failed`.
// Runs on the simulator always, and on a real Asterisk when ARI_URL is set (see call-drivers.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AriTelephony } from '../../src/ari/ari-telephony.ts';
import { SystemClock } from '../../src/domain/clock.ts';
import { BridgeId, ChannelId, PlaybackId } from '../../src/domain/ids.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { AsteriskDriver, type CallDriver, type PlacedCall, SimulatorDriver } from './call-drivers.ts';
import { EventRecorder } from './event-recorder.ts';
import { linkToSimulator } from './simulator-link.ts';

interface Backend {
  port: AriTelephony;
  driver: CallDriver;
  close(): Promise<void>;
}

/** About 1.5 s on a real Asterisk (en/hello-world); the simulator is told the same. */
const PROMPT = 'sound:hello-world';
const BEEP = 'sound:beep';
const uid = () => randomUUID().slice(0, 8);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function orderContract(setup: () => Promise<Backend>): void {
  let b: Backend;
  let rec: EventRecorder;
  const calls: PlacedCall[] = [];

  beforeAll(async () => {
    b = await setup();
    rec = new EventRecorder(b.port);
  });
  afterAll(async () => {
    for (const c of calls) await b?.driver.hangup(c).catch(() => undefined);
    rec?.stop();
    await b?.close();
  });

  async function answeredCall(): Promise<{ call: PlacedCall; caller: ChannelId }> {
    const call = await b.driver.placeCall(`050${Math.floor(1_000_000 + Math.random() * 8_999_999)}`);
    calls.push(call);
    const caller = ChannelId(call.channelId);
    await rec.waitFor('channel-entered', (e) => e.channel.id === caller);
    await b.port.answer(caller);
    await rec.waitFor('channel-state', (e) => e.channelId === caller && e.state === 'Up');
    return { call, caller };
  }

  it('runs a channel operation sent during a prompt only after the prompt ended', async () => {
    const { caller } = await answeredCall();
    const bridge = BridgeId(`queue-${uid()}`);
    await b.port.createBridge(bridge, 'holding', 'queue');
    const p = PlaybackId(`pb-${uid()}`);
    await b.port.play(caller, p, [PROMPT], 'en');
    await b.port.addToBridge(bridge, [caller]);
    const finished = rec.events.findIndex((e) => e.type === 'playback-finished' && e.playbackId === p);
    expect(finished, 'the add answered before the prompt ended').toBeGreaterThanOrEqual(0);
    await b.port.destroyBridge(bridge);
  });

  it('silences a [sound, digits, sound] prompt at once when stopped during the digits', async () => {
    const { caller } = await answeredCall();
    const p = PlaybackId(`pb-${uid()}`);
    await b.port.play(caller, p, [BEEP, 'digits:0501234567', PROMPT], 'en');
    await rec.waitFor('playback-started', (e) => e.playbackId === p);
    await sleep(1200); // the caller presses a key while the digits are being read
    const stoppedAt = Date.now();
    await b.port.stopPlayback(p);
    await rec.waitFor('playback-finished', (e) => e.playbackId === p, 1500);
    // The channel is free again at once: a new prompt starts now, not after the rest of the list.
    const next = PlaybackId(`pb-${uid()}`);
    await b.port.play(caller, next, [BEEP], 'en');
    await rec.waitFor('playback-started', (e) => e.playbackId === next, 1500);
    expect(Date.now() - stoppedAt).toBeLessThan(1500);
  });

  it('reports a hang-up during a prompt as the hang-up first, then the prompt failing', async () => {
    const { call, caller } = await answeredCall();
    const p = PlaybackId(`pb-${uid()}`);
    await b.port.play(caller, p, [PROMPT], 'en');
    await rec.waitFor('playback-started', (e) => e.playbackId === p);
    await b.driver.hangup(call);
    const finished = await rec.waitFor('playback-finished', (e) => e.playbackId === p);
    expect(finished.failed).toBe(true);
    const order = rec.events.flatMap((e) =>
      (e.type === 'hangup-requested' && e.channelId === caller) ||
      (e.type === 'playback-finished' && e.playbackId === p)
        ? [e.type]
        : [],
    );
    expect(order).toEqual(['hangup-requested', 'playback-finished']);
  });
}

describe('TelephonyPort order and playback contract: the ARI simulator', () => {
  orderContract(async () => {
    const sim = await startSimulator({
      port: 0,
      defaultPlaybackMs: 600,
      playbackMs: { [PROMPT]: 1500, [BEEP]: 250 },
    });
    const driver = new SimulatorDriver(sim.url);
    await driver.init();
    const port = linkToSimulator(sim.url, createLogger({ level: 'silent' }));
    await port.waitUntilConnected(5000);
    return {
      port,
      driver,
      async close() {
        await port.close();
        await sim.close();
      },
    };
  });
});

const ariUrl = process.env.ARI_URL;
describe.skipIf(!ariUrl)('TelephonyPort order and playback contract: a real Asterisk (ARI_URL)', () => {
  orderContract(async () => {
    const url = ariUrl ?? '';
    const username = process.env.ARI_USERNAME ?? '';
    const password = process.env.ARI_PASSWORD ?? '';
    const driver = new AsteriskDriver(url, username, password);
    await driver.init();
    const port = AriTelephony.start({
      url,
      username,
      password,
      app: process.env.ARI_APP ?? 'cagri',
      clock: new SystemClock(),
      logger: createLogger({ level: 'warn' }),
    });
    await port.waitUntilConnected(10_000);
    return {
      port,
      driver,
      async close() {
        await port.close();
        await driver.close();
      },
    };
  });
});
