// The foundation's promise, end to end on the simulator: a call is answered, recorded in
// `calls`, walks the menu, and is recorded as ended when the caller hangs up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/engine-harness.ts';

describe('an inbound call on the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is answered, greeted, recorded and closed when the caller hangs up', async () => {
    const id = await h.call('0501234567');
    await h.waitFor('greeting heard', () => h.view(id).heard.length > 0);
    expect(h.view(id).heard[0]?.media).toMatch(/^sound:cagri\/az\//);
    const row = await h.waitFor('calls row, answered', async () => {
      const r = await h.api('GET', '/api/calls?number=0501234567');
      return r.body.calls[0]?.answered_at ? r.body.calls[0] : undefined;
    });
    expect(row).toMatchObject({
      caller_number: '0501234567',
      dialled_number: '1655',
      service_id: expect.any(String),
    });
    h.sim.world.hangup(id);
    const ended = await h.waitFor('call ended in calls', async () => {
      const r = await h.api('GET', '/api/calls?number=0501234567');
      return r.body.calls[0]?.ended_at ? r.body.calls[0] : undefined;
    });
    expect(ended.end_cause).toBe('caller-hangup');
  });
});
