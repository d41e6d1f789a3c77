// Replays the two recordings of a real Asterisk 22.10.1 (../shared/ari-reference/traces) against
// the simulator: the engine-side ("cagri") requests are repeated, the citizen side is played by the
// control API, and the events the app receives must come in the recorded order with the recorded
// REST statuses. Every event is also checked against the reference models.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEvent, REFERENCE_DIR, referenceModels } from './contract-checker.ts';
import { type AnyEvent, ari, control, simulatorEachTest } from './sim-test-kit.ts';

type TraceEntry =
  | { kind: 'rest'; method: string; path: string; status: number; body: unknown }
  | { kind: 'event'; app: string; ev: AnyEvent };

const loadTrace = (name: string) =>
  JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'traces', name), 'utf8')) as TraceEntry[];

/**
 * `Dial(ANSWER)`, `PlaybackFinished(done)`, else the type. ChannelConnectedLine is left out: in the
 * recordings it comes from the Local-channel pairs that played citizen and operator.
 */
function signature(events: AnyEvent[]): string[] {
  return events
    .filter((e) => e.type !== 'ChannelConnectedLine')
    .map((e) => {
      if (e.type === 'Dial') return `Dial(${String(e.dialstatus)})`;
      if (e.type.startsWith('Playback')) return `${e.type}(${(e.playback as { state: string }).state})`;
      return e.type;
    });
}

const recordedEvents = (trace: TraceEntry[], app: string) =>
  trace.flatMap((e) => (e.kind === 'event' && e.app === app ? [e.ev] : []));

/** The recorded answer to the first engine request matching method and path. */
function recorded(trace: TraceEntry[], method: string, re: RegExp) {
  const hit = trace.find((e) => e.kind === 'rest' && e.method === method && re.test(e.path));
  if (hit?.kind !== 'rest') throw new Error(`trace has no ${method} ${re}`);
  return { status: hit.status, body: hit.body };
}

describe('recorded scenarios replayed on the simulator', () => {
  const t = simulatorEachTest('2026-11-28T13:10:07.000Z');

  it('s1: answer, play, DTMF, stop, queued and unsupported playbacks, caller hangs up', async () => {
    const trace = loadTrace('s1-answer-play-dtmf-hangup.json');
    const call = await control(t.sim, 'POST', '/calls', { from: '0501234567', to: '1655' });
    const c = (call.body as { id: string }).id;
    await t.app.log.waitForType('StasisStart');

    const answer = await ari(t.sim, 'POST', `/channels/${c}/answer`);
    expect(answer.status).toBe(recorded(trace, 'POST', /\/answer$/).status);
    const play = await ari(t.sim, 'POST', `/channels/${c}/play/pb-1?media=sound:hello-world`);
    expect(play.status).toBe(recorded(trace, 'POST', /\/play\/pb-/).status);
    expect(play.headers.get('location')).toBe('/ari/playbacks/pb-1');

    await control(t.sim, 'POST', `/calls/${c}/dtmf`, { digits: '1' });
    await t.clock.advanceAsync(100);
    await t.app.log.waitForType('ChannelDtmfReceived');
    const stop = await ari(t.sim, 'DELETE', '/playbacks/pb-1');
    expect(stop.status).toBe(recorded(trace, 'DELETE', /^\/playbacks\//).status);

    const goodbye = await ari(t.sim, 'POST', `/channels/${c}/play?media=sound:vm-goodbye`);
    expect(goodbye.status).toBe(recorded(trace, 'POST', /play\?media=sound:vm-goodbye/).status);
    const bad = await ari(t.sim, 'POST', `/channels/${c}/play/bad?media=nosuchscheme:foo`);
    const badRecorded = recorded(trace, 'POST', /\/play\/bad/);
    expect(bad.status).toBe(badRecorded.status);
    expect(bad.body).toMatchObject({ id: 'bad', media_uri: 'nosuchscheme:foo', state: 'queued' });
    const missing = await ari(t.sim, 'GET', '/channels/nonexistent');
    expect(missing).toMatchObject(recorded(trace, 'GET', /^\/channels\/nonexistent$/));

    await t.clock.advanceAsync(1000);
    await t.app.log.waitForType('PlaybackStarted', 3);
    await control(t.sim, 'DELETE', `/calls/${c}`);
    await t.app.log.waitForType('StasisEnd');
    expect((await ari(t.sim, 'GET', '/channels')).body).toEqual([]);

    expect(signature(t.app.log.events)).toEqual(signature(recordedEvents(trace, 'cagri')));
    const models = referenceModels();
    expect(t.app.log.events.flatMap((e) => checkEvent(models, e))).toEqual([]);
    expect(t.sim.world.getCall(c)?.heard.map((h) => [h.media, h.outcome])).toEqual([
      ['sound:hello-world', 'stopped'],
      ['sound:vm-goodbye', 'played'],
      ['nosuchscheme:foo', 'unsupported'],
    ]);
  });

  it('s2: holding bridge with MOH, created operator leg dialled, mixing bridge, hang-ups', async () => {
    const trace = loadTrace('s2-queue-moh-dial-operator-bridge.json');
    await control(t.sim, 'PUT', '/endpoints/PJSIP/op1', { answer: 'after', afterMs: 0 });
    const call = await control(t.sim, 'POST', '/calls', { from: '0501234567', to: '1655' });
    const c = (call.body as { id: string }).id;
    await t.app.log.waitForType('StasisStart');
    expect((await ari(t.sim, 'POST', `/channels/${c}/answer`)).status).toBe(204);

    const holding = await ari(t.sim, 'POST', '/bridges?type=holding&name=queue');
    expect(holding.status).toBe(recorded(trace, 'POST', /^\/bridges\?type=holding/).status);
    const h = (holding.body as { id: string }).id;
    expect((await ari(t.sim, 'POST', `/bridges/${h}/addChannel?channel=${c}`)).status).toBe(204);
    expect((await ari(t.sim, 'POST', `/bridges/${h}/moh?mohClass=default`)).status).toBe(204);

    const created = await ari(
      t.sim,
      'POST',
      '/channels/create?endpoint=PJSIP/op1&app=cagri&appArgs=operator',
    );
    expect(created.status).toBe(recorded(trace, 'POST', /^\/channels\/create/).status);
    expect(created.body).toMatchObject({ state: 'Down' });
    const o = (created.body as { id: string }).id;
    await t.app.log.waitForType('StasisStart', 2);
    const dial = await ari(t.sim, 'POST', `/channels/${o}/dial?caller=${c}&timeout=15`);
    expect(dial.status).toBe(recorded(trace, 'POST', /\/dial\?/).status);
    await t.app.log.waitFor((e) => e.type === 'Dial' && e.dialstatus === 'ANSWER');

    expect((await ari(t.sim, 'POST', `/bridges/${h}/removeChannel?channel=${c}`)).status).toBe(204);
    const mixing = await ari(t.sim, 'POST', '/bridges?type=mixing&name=talk');
    const m = (mixing.body as { id: string }).id;
    expect((await ari(t.sim, 'POST', `/bridges/${m}/addChannel?channel=${c},${o}`)).status).toBe(204);
    const got = await ari(t.sim, 'GET', `/bridges/${m}`);
    const recordedBridge = recorded(trace, 'GET', /^\/bridges\//).body as Record<string, unknown>;
    expect(got.body).toMatchObject({
      technology: recordedBridge.technology,
      bridge_type: 'mixing',
      bridge_class: 'stasis',
      creator: 'Stasis',
      name: 'talk',
      channels: [c, o],
      video_mode: 'talker',
    });

    await control(t.sim, 'DELETE', `/calls/${c}`);
    await t.app.log.waitForType('StasisEnd');
    expect((await ari(t.sim, 'DELETE', `/channels/${o}`)).status).toBe(204);
    await t.app.log.waitForType('ChannelDestroyed');
    expect((await ari(t.sim, 'DELETE', `/bridges/${m}`)).status).toBe(204);
    await t.app.log.waitForType('BridgeDestroyed');
    expect((await ari(t.sim, 'DELETE', `/bridges/${h}`)).status).toBe(204);
    const again = await ari(t.sim, 'DELETE', `/channels/${o}`);
    expect(again).toMatchObject({ status: 404, body: { message: 'Channel not found' } });

    expect(signature(t.app.log.events)).toEqual(signature(recordedEvents(trace, 'cagri')));
    const models = referenceModels();
    expect(t.app.log.events.flatMap((e) => checkEvent(models, e))).toEqual([]);
  });
});
