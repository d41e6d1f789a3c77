// Simulated durations run on the injected clock: with a FakeClock nothing happens until it moves.
import { describe, expect, it } from 'vitest';
import { ari, simulatorEachTest } from './sim-test-kit.ts';

describe('simulation time', () => {
  const t = simulatorEachTest('2026-12-01T09:00:00+04:00', { playbackMs: { 'sound:long-prompt': 3000 } });

  it('a 3 s playback finishes only when the clock has advanced 3 s', async () => {
    const { id } = t.sim.world.placeCall({ from: '050', to: '1655' });
    await ari(t.sim, 'POST', `/channels/${id}/answer`);
    await ari(t.sim, 'POST', `/channels/${id}/play/p1?media=sound:long-prompt`);
    expect(t.sim.world.getCall(id)?.heard[0]?.outcome).toBe('playing');

    await t.clock.advanceAsync(2999);
    expect((await ari(t.sim, 'GET', '/playbacks/p1')).body).toMatchObject({ state: 'playing' });
    expect(t.app.log.types()).not.toContain('PlaybackFinished');

    await t.clock.advanceAsync(1);
    const finished = await t.app.log.waitForType('PlaybackFinished');
    expect(finished.timestamp).toBe('2026-12-01T05:00:03.000+0000');
    expect((await ari(t.sim, 'GET', '/playbacks/p1')).status).toBe(404);
    expect(t.sim.world.getCall(id)?.heard[0]?.outcome).toBe('played');
  });

  it('queued playbacks play one after another; media lists continue item by item', async () => {
    const { id } = t.sim.world.placeCall({ from: '050', to: '1655' });
    await ari(t.sim, 'POST', `/channels/${id}/answer`);
    const first = await ari(t.sim, 'POST', `/channels/${id}/play/a?media=sound:one,sound:two`);
    // The channel was idle: it started before the 201 was written (as recorded on Asterisk).
    expect(first.body).toMatchObject({
      media_uri: 'sound:one',
      next_media_uri: 'sound:two',
      state: 'playing',
    });
    await ari(t.sim, 'POST', `/channels/${id}/play/b?media=sound:three`);
    expect((await ari(t.sim, 'GET', '/playbacks/b')).body).toMatchObject({ state: 'queued' });
    await t.clock.advanceAsync(3000);
    await t.app.log.waitForType('PlaybackFinished', 2);
    const sig = t.app.log.events
      .filter((e) => e.type.startsWith('Playback'))
      .map((e) => `${e.type}:${(e.playback as { media_uri: string }).media_uri}`);
    expect(sig).toEqual([
      'PlaybackStarted:sound:one',
      'PlaybackContinuing:sound:one',
      'PlaybackStarted:sound:two',
      'PlaybackFinished:sound:two',
      'PlaybackStarted:sound:three',
      'PlaybackFinished:sound:three',
    ]);
  });
});
