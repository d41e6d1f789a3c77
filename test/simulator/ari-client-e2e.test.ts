// The unmodified ari-client 2.2.0 drives the simulator over real HTTP + WebSocket: originate, answer,
// play, bridges (holding with MOH, then mixing), DTMF both ways, hang-ups, and the events in order.
import ari from 'ari-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/domain/clock.ts';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { type AnyEvent, EventLog } from './sim-test-kit.ts';

describe('ari-client against the simulator', () => {
  let sim: AriSimulator;
  let clock: FakeClock;
  let client: ari.Client;
  const log = new EventLog();

  beforeEach(async () => {
    clock = new FakeClock('2026-11-28T12:57:43.123Z');
    sim = await startSimulator({ port: 0, clock, playbackMs: { 'sound:welcome': 3000 } });
    client = await ari.connect(sim.url, 'cagri', 'cagri');
    client.on('*' as never, (ev: unknown) => log.push(ev as AnyEvent));
    await client.start('cagri');
  });

  afterEach(async () => {
    client.stop();
    await sim.close();
  });

  it('connects, answers, plays, bridges, exchanges DTMF, hangs up, with events in order', async () => {
    const info = await client.asterisk.getInfo();
    expect(info.system?.version).toBe('22.10.1');

    // A citizen calls 1655: StasisStart in state Ring.
    const { id: callerId } = sim.world.placeCall({ from: '0501234567', to: '1655' });
    const start = await log.waitForType('StasisStart');
    const callerChannel = start.channel as { id: string; state: string; caller: { number: string } };
    expect(callerChannel).toMatchObject({ id: callerId, state: 'Ring', caller: { number: '0501234567' } });
    const caller = client.Channel(callerId);

    await caller.answer();
    expect((await client.channels.get({ channelId: callerId })).state).toBe('Up');

    // A prompt, interrupted by the citizen's DTMF; the app stops it.
    const prompt = client.Playback();
    await caller.play({ media: 'sound:welcome' }, prompt);
    sim.world.sendDtmf(callerId, '1');
    await clock.advanceAsync(100);
    const dtmf = await log.waitForType('ChannelDtmfReceived');
    expect(dtmf.digit).toBe('1');
    await prompt.stop();
    const finished = await log.waitForType('PlaybackFinished');
    expect((finished.playback as { state: string }).state).toBe('done');
    expect(sim.world.getCall(callerId)?.heard).toMatchObject([
      { media: 'sound:welcome', outcome: 'stopped' },
    ]);

    // The waiting area: a holding bridge with music on hold.
    const queue = client.Bridge();
    await queue.create({ type: 'holding', name: 'queue' });
    await queue.addChannel({ channel: callerId });
    await queue.startMoh({ mohClass: 'default' });
    expect(sim.world.getCall(callerId)?.musicOnHold).toBe('default');

    // An operator is originated; their phone answers after 2 s of ringing.
    sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 2000 });
    const operator = client.Channel();
    await operator.originate({
      endpoint: 'PJSIP/op1',
      app: 'cagri',
      appArgs: 'operator',
      callerId: '"Hotline" <1655>',
    });
    await log.waitFor((e) => e.type === 'Dial' && e.dialstatus === 'RINGING');
    await clock.advanceAsync(2000);
    const opStart = await log.waitForType('StasisStart', 2);
    expect(opStart.args).toEqual(['operator']);

    // Caller and operator talk in a mixing bridge.
    const talk = client.Bridge();
    await talk.create({ type: 'mixing', name: 'talk' });
    await talk.addChannel({ channel: [callerId, operator.id] });
    expect(sim.world.getCall(callerId)?.bridgedWith.map((b) => b.channelId)).toEqual([operator.id]);
    await operator.sendDTMF({ dtmf: '123' });
    expect(sim.world.getCall(operator.id)?.dtmfSent).toEqual(['123']);

    // The citizen hangs up; the app hangs up the operator leg and tears the bridges down.
    sim.world.hangup(callerId);
    await log.waitFor((e) => e.type === 'StasisEnd');
    await operator.hangup();
    await log.waitForType('ChannelDestroyed');
    await talk.destroy();
    await queue.destroy();
    await expect(client.channels.get({ channelId: callerId })).rejects.toThrow('Channel not found');

    const forCaller = log.types(
      (e) => (e.channel as { id?: string } | undefined)?.id === callerId || !!e.playback,
    );
    expect(forCaller).toEqual([
      'StasisStart',
      'ChannelStateChange',
      'PlaybackStarted',
      'ChannelDtmfReceived',
      'PlaybackFinished',
      'ChannelEnteredBridge',
      'ChannelLeftBridge',
      'ChannelEnteredBridge',
      'ChannelVarset',
      'ChannelConnectedLine',
      'ChannelHangupRequest',
      'ChannelVarset',
      'ChannelLeftBridge',
      'StasisEnd',
    ]);
    const forOperator = log.types(
      (e) => ((e.channel ?? e.peer) as { id?: string } | undefined)?.id === operator.id,
    );
    expect(forOperator).toEqual([
      'Dial',
      'ChannelStateChange',
      'Dial',
      'ChannelStateChange',
      'Dial',
      'ChannelDialplan',
      'ChannelVarset',
      'StasisStart',
      'ChannelEnteredBridge',
      'ChannelVarset',
      'ChannelConnectedLine', // the operator's connected line becomes the citizen
      'ChannelHangupRequest',
      'ChannelVarset',
      'ChannelLeftBridge',
      'StasisEnd',
      'ChannelVarset',
      'ChannelDestroyed',
    ]);
    // A dialplan-entered channel never gets ChannelDestroyed.
    expect(
      log.events.some((e) => e.type === 'ChannelDestroyed' && (e.channel as { id: string }).id === callerId),
    ).toBe(false);
    for (const e of log.events) {
      expect(e.application).toBe('cagri');
      expect(e.asterisk_id).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    }
  });
});
