// The /sim control API: each endpoint and its 4xx answers.
import { describe, expect, it } from 'vitest';
import { ari, control, openEvents, simulatorEachTest } from './sim-test-kit.ts';

describe('control API', () => {
  const t = simulatorEachTest();

  it('POST /sim/calls places a call into the app; GET shows state, heard, bridges, events', async () => {
    const placed = await control(t.sim, 'POST', '/calls', { from: '0501234567', to: '1655' });
    expect(placed.status).toBe(201);
    const id = (placed.body as { id: string }).id;
    await t.app.log.waitForType('StasisStart');
    await ari(t.sim, 'POST', `/channels/${id}/answer`);
    const bridge = await ari(t.sim, 'POST', '/bridges?type=holding');
    // Added first: an addChannel sent after a play would wait for the playback to end (per-channel order).
    await ari(t.sim, 'POST', `/bridges/${(bridge.body as { id: string }).id}/addChannel?channel=${id}`);
    await ari(t.sim, 'POST', `/channels/${id}/play/p1?media=sound:welcome`);

    const view = await control(t.sim, 'GET', `/calls/${id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      id,
      direction: 'inbound',
      from: '0501234567',
      to: '1655',
      state: 'up',
      stasisApp: 'cagri',
      heard: [{ media: 'sound:welcome', outcome: 'playing', playbackId: 'p1' }],
      musicOnHold: 'default',
      bridgedWith: [],
    });
    expect((view.body as { events: Array<{ type: string }> }).events.map((e) => e.type)).toEqual([
      'StasisStart',
      'ChannelStateChange',
      'ChannelEnteredBridge',
      'PlaybackStarted',
    ]);
    const all = await control(t.sim, 'GET', '/calls');
    expect((all.body as unknown[]).length).toBe(1);
  });

  it('POST /sim/calls/{id}/dtmf sends digits with durations and gaps on the clock', async () => {
    const id = ((await control(t.sim, 'POST', '/calls', { from: '050', to: '1655' })).body as { id: string })
      .id;
    const sent = await control(t.sim, 'POST', `/calls/${id}/dtmf`, {
      digits: '12#',
      gapMs: 400,
      durationMs: 80,
    });
    expect(sent.status).toBe(202);
    await t.clock.advanceAsync(80);
    await t.app.log.waitForType('ChannelDtmfReceived');
    expect(t.app.log.events.filter((e) => e.type === 'ChannelDtmfReceived')).toHaveLength(1);
    await t.clock.advanceAsync(2 * 480);
    const third = await t.app.log.waitForType('ChannelDtmfReceived', 3);
    expect(third).toMatchObject({ digit: '#', duration_ms: 80 });
  });

  it('DELETE /sim/calls/{id} hangs the citizen up: HangupRequest then StasisEnd, no ChannelDestroyed', async () => {
    const id = ((await control(t.sim, 'POST', '/calls', { from: '050', to: '1655' })).body as { id: string })
      .id;
    expect((await control(t.sim, 'DELETE', `/calls/${id}`)).status).toBe(204);
    await t.app.log.waitForType('StasisEnd');
    expect(t.app.log.types()).toEqual(['StasisStart', 'ChannelHangupRequest', 'StasisEnd']);
    expect((await control(t.sim, 'GET', `/calls/${id}`)).body).toMatchObject({
      state: 'ended',
      endedBy: 'caller',
    });
    expect(await control(t.sim, 'DELETE', `/calls/${id}`)).toMatchObject({ status: 409 });
  });

  it('a number without a dialplan entry, or an app without a socket, fails to Stasis', async () => {
    const unknown = await control(t.sim, 'POST', '/calls', { from: '050', to: '9999' });
    expect(unknown.body).toMatchObject({ state: 'failed-to-stasis' });
    await t.app.close();
    const noSocket = await control(t.sim, 'POST', '/calls', { from: '050', to: '1655' });
    expect(noSocket.body).toMatchObject({ state: 'failed-to-stasis' });
    const view = await control(t.sim, 'GET', `/calls/${(noSocket.body as { id: string }).id}`);
    expect((view.body as { failureReason: string }).failureReason).toMatch(
      /STASISSTATUS=FAILED.*no WebSocket/,
    );
  });

  it('PUT /sim/endpoints scripts a phone; GET /sim/originations lists what the engine placed', async () => {
    const put = await control(t.sim, 'PUT', '/endpoints/PJSIP/op2', { answer: 'busy' });
    expect(put).toMatchObject({ status: 200, body: { endpoint: 'PJSIP/op2', script: { answer: 'busy' } } });
    const leg = await ari(t.sim, 'POST', '/channels?endpoint=PJSIP/op2&app=cagri&callerId=Hotline <1655>');
    expect(leg.status).toBe(200);
    await t.app.log.waitForType('ChannelDestroyed');
    const origins = await control(t.sim, 'GET', '/originations');
    expect(origins.body).toMatchObject([
      { endpoint: 'PJSIP/op2', via: 'originate', app: 'cagri', result: 'busy', callerId: { number: '1655' } },
    ]);
    const endpoints = await control(t.sim, 'GET', '/endpoints');
    expect(endpoints.body).toMatchObject({ scripts: { 'PJSIP/op2': { answer: 'busy' } } });
  });

  it('faults: drop every WebSocket, refuse new ones for a while', async () => {
    const dropped = await control(t.sim, 'POST', '/faults/drop-websockets');
    expect(dropped).toMatchObject({ status: 200, body: { dropped: 1 } });
    expect((await control(t.sim, 'POST', '/faults/refuse-websockets', { ms: 5000 })).status).toBe(200);
    await expect(openEvents(t.sim, 'cagri')).rejects.toThrow('upgrade refused: 503');
    t.clock.advance(5000);
    const again = await openEvents(t.sim, 'cagri');
    await again.close();
  });

  it('answers bad requests with a 4xx and a reason', async () => {
    const cases: Array<[string, string, unknown, number, RegExp]> = [
      ['POST', '/calls', { from: '050' }, 400, /to/],
      ['POST', '/calls', { from: '050', to: '1655', extra: 1 }, 400, /extra/],
      ['POST', '/calls', '{not json', 400, /not valid JSON/],
      ['GET', '/calls/nope', undefined, 404, /no call/],
      ['DELETE', '/calls/nope', undefined, 404, /no call/],
      ['POST', '/calls/nope/dtmf', { digits: '1' }, 404, /no call/],
      ['POST', '/calls/nope/dtmf', { digits: 'xyz' }, 400, /digits/],
      ['PUT', '/endpoints/PJSIP/op1', { answer: 'maybe' }, 400, /answer/],
      ['PUT', '/endpoints/PJSIP/op1', { answer: 'after', afterMs: -1 }, 400, /afterMs/],
      ['PUT', '/endpoints/PJSIP/nobody', { answer: 'busy' }, 404, /unknown endpoint/],
      ['POST', '/faults/refuse-websockets', {}, 400, /ms/],
      ['GET', '/nothing-here', undefined, 404, /no control endpoint/],
      ['PATCH', '/calls', undefined, 405, /not allowed/],
    ];
    for (const [method, path, body, status, reason] of cases) {
      const res = await control(t.sim, method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status });
      expect((res.body as { message: string }).message).toMatch(reason);
    }
  });
});
