// ONE suite of TelephonyPort behaviour, run against the ARI simulator and, when ARI_URL is set,
// against a real Asterisk 22 (see AsteriskDriver in call-drivers.ts for the dialplan it needs).
// Where the two disagree, the real Asterisk is right and the simulator is the one to fix.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AriTelephony } from '../../src/ari/ari-telephony.ts';
import { SystemClock } from '../../src/domain/clock.ts';
import { BridgeId, ChannelId, PlaybackId } from '../../src/domain/ids.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { TelephonyError, type TelephonyErrorKind } from '../../src/telephony/telephony-port.ts';
import { AsteriskDriver, type CallDriver, type PlacedCall, SimulatorDriver } from './call-drivers.ts';
import { EventRecorder } from './event-recorder.ts';

interface Backend {
  port: AriTelephony;
  driver: CallDriver;
  /** A prompt long enough to be stopped, and one that ends on its own quickly. */
  longPrompt: string;
  shortPrompt: string;
  close(): Promise<void>;
}

const uid = () => randomUUID().slice(0, 8);

async function rejectsWith(work: Promise<unknown>, kind: TelephonyErrorKind): Promise<TelephonyError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a TelephonyError of kind ${kind}`).toBeInstanceOf(TelephonyError);
  expect((err as TelephonyError).kind, (err as TelephonyError).message).toBe(kind);
  return err as TelephonyError;
}

/** Readies the driver, connects an AriTelephony, and closes both (then `closeAlso`) at the end. */
async function connectBackend(
  driver: CallDriver & { init(): Promise<void> },
  link: { url: string; username: string; password: string; app: string; logLevel: 'silent' | 'warn' },
  connectTimeoutMs: number,
  closeAlso: () => Promise<void> = async () => {},
): Promise<Backend> {
  await driver.init();
  const { logLevel, ...target } = link;
  const port = AriTelephony.start({
    ...target,
    clock: new SystemClock(),
    logger: createLogger({ level: logLevel }),
  });
  await port.waitUntilConnected(connectTimeoutMs);
  return {
    port,
    driver,
    longPrompt: 'sound:hello-world',
    shortPrompt: 'sound:beep',
    async close() {
      await port.close();
      await driver.close();
      await closeAlso();
    },
  };
}

function portContract(setup: () => Promise<Backend>): void {
  let b: Backend;
  let rec: EventRecorder;
  let call: PlacedCall;
  let caller: ChannelId;
  const operator = ChannelId(`op-${uid()}`);
  const holding = BridgeId(`queue-${uid()}`);
  const mixing = BridgeId(`talk-${uid()}`);

  beforeAll(async () => {
    b = await setup();
    rec = new EventRecorder(b.port);
  });
  afterAll(async () => {
    rec?.stop();
    await b?.close();
  });

  it('answers a ping', async () => {
    await b.port.ping();
    expect(b.port.isConnected()).toBe(true);
  });

  it('sees an inbound call enter, answers it and lists it', async () => {
    call = await b.driver.placeCall('0501234567');
    caller = ChannelId(call.channelId);
    const entered = await rec.waitFor('channel-entered', (e) => e.channel.id === caller);
    expect(entered.channel).toMatchObject({
      id: caller,
      callerNumber: '0501234567',
      exten: '1655',
      state: 'Ring',
    });
    expect(entered.channel.createdAt).toBeGreaterThan(Date.parse('2020-01-01'));
    await b.port.answer(caller);
    await rec.waitFor('channel-state', (e) => e.channelId === caller && e.state === 'Up');
    const listed = await b.port.listChannels();
    expect(listed.map((c) => c.id)).toContain(caller);
    await b.port.setVariable(caller, 'CAGRI_CALL', 'test');
    await b.port.startMoh(caller);
    await b.port.stopMoh(caller);
  });

  it('plays a prompt and stops it; stopping it again says it is gone', async () => {
    const p1 = PlaybackId(`pb-${uid()}`);
    await b.port.play(caller, p1, [b.longPrompt], 'en');
    const started = await rec.waitFor('playback-started', (e) => e.playbackId === p1);
    expect(started.target).toBe(`channel:${caller}`);
    await b.port.stopPlayback(p1);
    const finished = await rec.waitFor('playback-finished', (e) => e.playbackId === p1);
    expect(finished.failed).toBe(false);
    await rejectsWith(b.port.stopPlayback(p1), 'gone');
  });

  it('reports a prompt that ends on its own', async () => {
    const p2 = PlaybackId(`pb-${uid()}`);
    await b.port.play(caller, p2, [b.shortPrompt]);
    const finished = await rec.waitFor('playback-finished', (e) => e.playbackId === p2);
    expect(finished).toMatchObject({ target: `channel:${caller}`, failed: false });
  });

  it('passes on the keys the caller presses', async () => {
    await b.driver.sendDtmf(call, '1');
    const dtmf = await rec.waitFor('dtmf', (e) => e.channelId === caller);
    expect(dtmf.digit).toBe('1');
  });

  it('holds the caller in a holding bridge with music on hold and announcements', async () => {
    await b.port.createBridge(holding, 'holding', 'queue');
    await rejectsWith(b.port.createBridge(holding, 'holding', 'queue'), 'conflict');
    await b.port.addToBridge(holding, [caller]);
    await rec.waitFor('bridge-entered', (e) => e.bridgeId === holding && e.channelId === caller);
    await b.port.startBridgeMoh(holding);
    await b.port.stopBridgeMoh(holding);
    await rejectsWith(b.port.stopBridgeMoh(holding), 'invalid-state');
    const p3 = PlaybackId(`pb-${uid()}`);
    await b.port.playToBridge(holding, p3, [b.shortPrompt]);
    const started = await rec.waitFor('playback-started', (e) => e.playbackId === p3);
    expect(started.target).toBe(`bridge:${holding}`);
    await b.port.startBridgeMoh(holding);
  });

  it('creates an operator leg, dials it once it entered, and mixes it with the caller', async () => {
    const info = await b.port.createChannel({
      channelId: operator,
      endpoint: b.driver.operatorEndpoint,
      appArgs: ['operator', caller],
      callerId: '"Hotline 1655" <1655>',
    });
    expect(info.id).toBe(operator);
    const entered = await rec.waitFor('channel-entered', (e) => e.channel.id === operator);
    expect(entered.args).toEqual(['operator', caller]);
    await b.port.dial(operator, { callerChannelId: caller, timeoutSec: 15 });
    await rec.waitFor('dial', (e) => e.channelId === operator && e.status === 'ANSWER');
    await rec.waitFor('channel-state', (e) => e.channelId === operator && e.state === 'Up');

    await b.port.createBridge(mixing, 'mixing', 'talk');
    await b.port.addToBridge(mixing, [caller, operator]);
    await rec.waitFor('bridge-left', (e) => e.bridgeId === holding && e.channelId === caller);
    await rec.waitFor('bridge-entered', (e) => e.bridgeId === mixing && e.channelId === caller);
    await rec.waitFor('bridge-entered', (e) => e.bridgeId === mixing && e.channelId === operator);
  });

  it('reports the caller hanging up, and ends the operator leg it created', async () => {
    await b.driver.hangup(call);
    await rec.waitFor('channel-left', (e) => e.channelId === caller);
    const callerEvents = rec.forChannel(caller).map((e) => e.type);
    expect(callerEvents.indexOf('hangup-requested')).toBeGreaterThanOrEqual(0);
    expect(callerEvents.indexOf('hangup-requested')).toBeLessThan(callerEvents.indexOf('channel-left'));
    expect(callerEvents.at(-1)).toBe('channel-left');

    await b.port.hangup(operator);
    await rec.waitFor('channel-left', (e) => e.channelId === operator);
    const destroyed = await rec.waitFor('channel-destroyed', (e) => e.channelId === operator);
    expect(destroyed.cause).toBe(16);

    await b.port.destroyBridge(mixing);
    await b.port.destroyBridge(holding);
    await rejectsWith(b.port.destroyBridge(holding), 'gone');
    await rejectsWith(b.port.answer(caller), 'gone');
    expect((await b.port.listChannels()).map((c) => c.id)).not.toContain(caller);
  });

  it('refuses what Asterisk refuses, with a kind the engine can act on', async () => {
    await rejectsWith(b.port.answer(ChannelId(`nope-${uid()}`)), 'gone');
    await rejectsWith(
      b.port.createChannel({
        channelId: ChannelId(`x-${uid()}`),
        endpoint: b.driver.unknownEndpoint,
        appArgs: [],
      }),
      'unavailable',
    );
    await rejectsWith(b.port.play(ChannelId('any'), PlaybackId('p'), ['sound:a,b']), 'bad-request');
    await rejectsWith(b.port.play(ChannelId('any'), PlaybackId('p'), []), 'bad-request');
  });
}

describe('TelephonyPort contract: AriTelephony against the ARI simulator', () => {
  portContract(async () => {
    const sim = await startSimulator({
      port: 0,
      defaultPlaybackMs: 60_000,
      playbackMs: { 'sound:beep': 50 },
    });
    return connectBackend(
      new SimulatorDriver(sim.url),
      { url: sim.url, username: 'cagri', password: 'cagri', app: 'cagri', logLevel: 'silent' },
      5000,
      () => sim.close(),
    );
  });
});

const ariUrl = process.env.ARI_URL;
if (!ariUrl) {
  console.info(
    'TelephonyPort contract against a real Asterisk skipped: set ARI_URL, ARI_USERNAME and ARI_PASSWORD ' +
      '(and ARI_APP if not "cagri") to run it; see test/telephony/call-drivers.ts for the dialplan it expects.',
  );
}

describe.skipIf(!ariUrl)('TelephonyPort contract: AriTelephony against a real Asterisk (ARI_URL)', () => {
  portContract(async () => {
    const url = ariUrl ?? '';
    const username = process.env.ARI_USERNAME ?? '';
    const password = process.env.ARI_PASSWORD ?? '';
    return connectBackend(
      new AsteriskDriver(url, username, password),
      { url, username, password, app: process.env.ARI_APP ?? 'cagri', logLevel: 'warn' },
      10_000,
    );
  });
});
