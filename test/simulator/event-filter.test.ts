// PUT /applications/{app}/eventFilter as Asterisk 22 does it: disallowed types never reach the
// app's socket, the filter shows in the application's description, bad shapes are 400, `{}` clears.
import { describe, expect, it } from 'vitest';
import { unusedEventFilter } from '../../src/ari/ari-event-mapper.ts';
import { ari, simulatorEachTest } from './sim-test-kit.ts';

describe('ARI event filter', () => {
  const t = simulatorEachTest();

  const callAndWait = async () => {
    const { id } = t.sim.world.placeCall({ from: '050', to: '1655' });
    await t.app.log.waitFor((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === id);
    await ari(t.sim, 'POST', `/channels/${id}/answer`);
    await ari(t.sim, 'POST', `/channels/${id}/variable?variable=X&value=1`);
    await ari(t.sim, 'DELETE', `/channels/${id}`);
    await t.app.log.waitFor((e) => e.type === 'StasisEnd' && (e.channel as { id: string }).id === id);
    return id;
  };

  it('drops the disallowed types and keeps the rest', async () => {
    const set = await ari(
      t.sim,
      'PUT',
      '/applications/cagri/eventFilter',
      unusedEventFilter({ playbackStarts: true }),
    );
    expect(set.status).toBe(200);
    expect((set.body as { events_disallowed: unknown[] }).events_disallowed).toContainEqual({
      type: 'ChannelVarset',
    });
    await callAndWait();
    const types = t.app.log.types();
    expect(types).toContain('StasisStart');
    expect(types).toContain('ChannelStateChange');
    expect(types).not.toContain('ChannelVarset');
    expect(types).not.toContain('ChannelDialplan');
  });

  it('an allowed list admits only its types; {} clears the filter', async () => {
    await ari(t.sim, 'PUT', '/applications/cagri/eventFilter', {
      allowed: [{ type: 'StasisStart' }, { type: 'StasisEnd' }],
    });
    await callAndWait();
    expect(new Set(t.app.log.types())).toEqual(new Set(['StasisStart', 'StasisEnd']));
    const cleared = await ari(t.sim, 'PUT', '/applications/cagri/eventFilter', {});
    expect(cleared.body).toMatchObject({ events_allowed: [], events_disallowed: [] });
    const before = t.app.log.events.length;
    await callAndWait();
    expect(t.app.log.types().slice(before)).toContain('ChannelVarset');
  });

  it('answers 400 for a bad shape and 404 for an unknown app', async () => {
    expect((await ari(t.sim, 'PUT', '/applications/cagri/eventFilter', { disallowed: 'x' })).status).toBe(
      400,
    );
    expect(
      (await ari(t.sim, 'PUT', '/applications/cagri/eventFilter', { disallowed: [{ name: 'x' }] })).status,
    ).toBe(400);
    expect((await ari(t.sim, 'PUT', '/applications/ghost/eventFilter', {})).status).toBe(404);
  });
});
