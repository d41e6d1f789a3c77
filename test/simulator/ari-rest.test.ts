// REST statuses and messages as Asterisk gives them, outbound legs following endpoint scripts,
// and the WebSocket rules (400 without app, ApplicationReplaced, events only to entitled apps).
import { describe, expect, it } from 'vitest';
import { create, dial } from '../../src/simulator/outbound-dialer.ts';
import { ari, openEvents, simulatorEachTest } from './sim-test-kit.ts';

describe('ARI REST and events', () => {
  const t = simulatorEachTest();

  const inbound = async () => {
    const { id } = t.sim.world.placeCall({ from: '050', to: '1655' });
    await t.app.log.waitFor((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === id);
    return id;
  };

  it('answers errors with the exact statuses and messages', async () => {
    const c = await inbound();
    const expectations: Array<[string, string, unknown, number, Record<string, string>]> = [
      ['GET', '/channels/nope', undefined, 404, { message: 'Channel not found' }],
      ['POST', '/channels/nope/answer', undefined, 404, { message: 'Channel not found' }],
      [
        'DELETE',
        `/channels/${c}?reason=normal&reason_code=16`,
        undefined,
        400,
        { message: "The reason and reason_code can't both be specified" },
      ],
      [
        'DELETE',
        `/channels/${c}?reason=sleepy`,
        undefined,
        400,
        { message: 'Invalid reason for hangup reason provided' },
      ],
      ['POST', `/channels/${c}/play`, undefined, 500, { message: 'Failed to queue media for playback' }],
      [
        'POST',
        `/channels/${c}/play?media=sound:x&skipms=-1`,
        undefined,
        400,
        { message: 'skipms cannot be negative' },
      ],
      ['GET', `/channels/${c}/variable`, undefined, 400, { message: 'Variable name is required' }],
      [
        'GET',
        `/channels/${c}/variable?variable=NOPE`,
        undefined,
        404,
        { message: 'Provided variable was not found' },
      ],
      ['GET', '/playbacks/nope', undefined, 404, { message: 'Playback not found' }],
      ['DELETE', '/playbacks/nope', undefined, 404, { message: 'Playback not found' }],
      ['GET', '/bridges/nope', undefined, 404, { message: 'Bridge not found' }],
      [
        'POST',
        '/bridges?type=holding,mixing&bridgeId=b1',
        undefined,
        500,
        { message: "Unable to create bridge. Possible duplicate bridge id 'b1'" },
      ],
      ['POST', '/channels', undefined, 400, { message: 'Endpoint must be specified' }],
      [
        'POST',
        '/channels?endpoint=PJSIP/op1',
        undefined,
        400,
        { message: 'Application or extension must be specified' },
      ],
      ['POST', '/channels?endpoint=op1&app=cagri', undefined, 400, { message: 'Invalid endpoint specified' }],
      ['POST', '/channels?endpoint=PJSIP/ghost&app=cagri', undefined, 500, { error: 'Allocation failed' }],
      [
        'POST',
        `/channels?endpoint=PJSIP/op1&app=cagri&channelId=${c}`,
        undefined,
        409,
        { message: 'Channel with given unique ID already exists' },
      ],
      ['POST', `/channels/${c}/dial`, undefined, 409, { message: 'Dialing a channel not created by ARI' }],
      ['GET', '/applications/ghost', undefined, 404, { message: 'Application not found' }],
      ['GET', '/nothing', undefined, 404, { message: 'Resource not found' }],
      ['PUT', '/channels', undefined, 405, { message: 'Invalid method' }],
      [
        'GET',
        '/channels/',
        undefined,
        404,
        { message: 'ARI URLs do not end with a slash. Try /ari/channels' },
      ],
    ];
    for (const [method, path, body, status, answer] of expectations) {
      const res = await ari(t.sim, method, path, body);
      expect({ method, path, status: res.status, body: res.body }).toEqual({
        method,
        path,
        status,
        body: answer,
      });
    }
    const bad = await fetch(`${t.sim.url}/ari/channels/${c}/variable`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('cagri:cagri').toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: '{oops',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ message: 'Error parsing request body' });

    // Bridge membership errors, with a ringing (not yet in Stasis) originated leg.
    t.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'never' });
    const leg = (await ari(t.sim, 'POST', '/channels?endpoint=PJSIP/op1&app=cagri')).body as { id: string };
    const bridge = (await ari(t.sim, 'POST', '/bridges/b2?type=mixing')).body as { id: string };
    expect(bridge.id).toBe('b2');
    expect((await ari(t.sim, 'POST', '/bridges/b2?type=mixing')).body).toEqual({
      message: "Bridge with id 'b2' already exists",
    });
    expect((await ari(t.sim, 'POST', '/bridges/b2/addChannel')).body).toEqual({
      message: 'Missing parameter channel',
    });
    expect(await ari(t.sim, 'POST', '/bridges/b2/addChannel?channel=nope')).toMatchObject({
      status: 400,
      body: { message: 'Channel not found' },
    });
    expect(await ari(t.sim, 'POST', `/bridges/b2/addChannel?channel=${leg.id}`)).toMatchObject({
      status: 422,
      body: { message: 'Channel not in Stasis application' },
    });
    expect(await ari(t.sim, 'POST', `/bridges/b2/removeChannel?channel=${c}`)).toMatchObject({
      status: 422,
      body: { message: 'Channel not in this bridge' },
    });
    expect(await ari(t.sim, 'DELETE', '/bridges/b2/moh')).toMatchObject({
      status: 409,
      body: { message: "Bridge isn't playing music" },
    });
    expect(await ari(t.sim, 'GET', `/channels/${leg.id}/variable?variable=CALLERID(num)`)).toMatchObject({
      status: 200,
      body: { value: '' },
    });
  });

  it('a created leg enters Stasis only after create answered; /dial before that is refused with 409', () => {
    const reply = create(t.sim.world, { endpoint: 'PJSIP/op1', app: 'cagri' });
    const id = (reply.body as { id: string }).id;
    expect(dial(t.sim.world, id)).toMatchObject({
      status: 409,
      body: { message: 'Channel not in Stasis application' },
    });
    reply.after?.();
    expect(t.sim.world.liveChannel(id)?.stasisApp).toBe('cagri');
    expect(dial(t.sim.world, id).status).toBe(204);
    expect(dial(t.sim.world, id)).toMatchObject({
      status: 409,
      body: { message: "Channel is not in the 'Down' state" },
    });
  });

  it('play answers 201 + Location after PlaybackStarted; answer/play on a ringing leg give 412', async () => {
    const c = await inbound();
    const play = await ari(t.sim, 'POST', `/channels/${c}/play?media=sound:hi&playbackId=p9`);
    expect(play.status).toBe(201);
    expect(play.headers.get('location')).toBe('/ari/playbacks/p9');
    expect(t.app.log.types()).toContain('PlaybackStarted');
    t.sim.world.scriptEndpoint('PJSIP', 'op3', { answer: 'never' });
    const created = (await ari(t.sim, 'POST', '/channels/create?endpoint=PJSIP/op3&app=cagri')).body as {
      id: string;
    };
    await t.app.log.waitForType('StasisStart', 2);
    await ari(t.sim, 'POST', `/channels/${created.id}/dial`);
    await t.app.log.waitFor((e) => e.type === 'Dial' && e.dialstatus === 'RINGING');
    for (const path of ['answer', 'play?media=sound:x']) {
      expect(await ari(t.sim, 'POST', `/channels/${created.id}/${path}`)).toMatchObject({
        status: 412,
        body: { message: 'Channel in invalid state' },
      });
    }
  });

  it('scripted endpoints: busy, never answering until the originate timeout, hanging up after talk', async () => {
    t.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'busy', afterMs: 500 });
    t.sim.world.scriptEndpoint('PJSIP', 'op2', { answer: 'never' });
    t.sim.world.scriptEndpoint('PJSIP', '+994501234567@trunk', {
      answer: 'after',
      afterMs: 1000,
      hangupAfterMs: 5000,
    });
    const busy = (await ari(t.sim, 'POST', '/channels?endpoint=PJSIP/op1&app=cagri')).body as { id: string };
    const never = (await ari(t.sim, 'POST', '/channels?endpoint=PJSIP/op2&app=cagri&timeout=20')).body as {
      id: string;
    };
    const callback = (
      await ari(t.sim, 'POST', '/channels?endpoint=PJSIP/%2B994501234567@trunk&app=cagri&appArgs=callback,7')
    ).body as { id: string; name: string };
    expect(callback.name).toMatch(/^PJSIP\/trunk-[0-9a-f]{8}$/);
    await t.app.log.waitFor((e) => e.type === 'Dial' && e.dialstatus === 'RINGING', 3);
    await t.clock.advanceAsync(25_000);
    await t.app.log.waitFor((e) => e.type === 'ChannelDestroyed', 3);
    const of = (id: string) =>
      t.app.log.events
        .filter((e) => ((e.channel ?? e.peer) as { id: string } | undefined)?.id === id)
        .map((e) => (e.type === 'Dial' ? `Dial(${e.dialstatus})` : e.type));
    expect(of(busy.id)).toEqual([
      'Dial()',
      'ChannelStateChange',
      'Dial(RINGING)',
      'ChannelHangupRequest',
      'Dial(BUSY)',
      'ChannelDestroyed',
    ]);
    expect(of(never.id)).toEqual(['Dial()', 'ChannelStateChange', 'Dial(RINGING)', 'ChannelDestroyed']);
    expect(of(callback.id)).toEqual([
      'Dial()',
      'ChannelStateChange',
      'Dial(RINGING)',
      'ChannelStateChange',
      'Dial(ANSWER)',
      'ChannelDialplan',
      'ChannelVarset',
      'StasisStart',
      'ChannelHangupRequest',
      'StasisEnd',
      'ChannelVarset',
      'ChannelDestroyed',
    ]);
    const destroyed = t.app.log.events.filter((e) => e.type === 'ChannelDestroyed');
    expect(destroyed.map((e) => [e.cause, e.cause_txt])).toEqual([
      [17, 'User busy'],
      [16, 'Normal Clearing'],
      [19, 'User alerting, no answer'],
    ]);
    const start = t.app.log.events.find((e) => e.type === 'StasisStart');
    expect(start?.args).toEqual(['callback', '7']);
    expect(t.sim.world.listOriginations().map((o) => o.result)).toEqual(['busy', 'noanswer', 'answered']);
  });

  it('one socket per app: the older one gets ApplicationReplaced; events go only to entitled apps', async () => {
    const other = await openEvents(t.sim, 'other');
    const c = await inbound();
    expect(other.log.events).toEqual([]);
    const newer = await openEvents(t.sim, 'cagri');
    await t.app.log.waitForType('ApplicationReplaced');
    await ari(t.sim, 'POST', `/channels/${c}/answer`);
    await newer.log.waitForType('ChannelStateChange');
    expect(t.app.log.types()).toEqual(['StasisStart', 'ApplicationReplaced']);
    const everything = await openEvents(t.sim, 'spy', '&subscribeAll=true');
    t.sim.world.placeCall({ from: '051', to: '1655' });
    await everything.log.waitForType('ChannelCreated');
    await Promise.all([other.close(), newer.close(), everything.close()]);
    await expect(openEvents(t.sim, '')).rejects.toThrow('upgrade refused: 400');
  });
});
