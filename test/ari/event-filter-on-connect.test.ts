// On every connect the adapter asks Asterisk (here the simulator, which applies filters as
// res/ari/ari_websockets.c does) not to send the event types the engine drops: ChannelVarset and
// the like never reach it, while the events it maps still do.
import { afterEach, describe, expect, it } from 'vitest';
import { AriTelephony } from '../../src/ari/ari-telephony.ts';
import { SystemClock } from '../../src/domain/clock.ts';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { LogCapture } from './log-capture.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function appFilter(sim: AriSimulator): Promise<string[]> {
  const res = await fetch(`${sim.url}/ari/applications/cagri`, {
    headers: { authorization: `Basic ${Buffer.from('cagri:cagri').toString('base64')}` },
  });
  const app = (await res.json()) as { events_disallowed: Array<{ type: string }> };
  return app.events_disallowed.map((e) => e.type);
}

describe('ARI event filter on connect', () => {
  it('sets the filter before the link is live', async () => {
    const sim = await startSimulator({ port: 0 });
    cleanups.push(() => sim.close());
    const logs = new LogCapture();
    const port = AriTelephony.start({
      url: sim.url,
      username: 'cagri',
      password: 'cagri',
      app: 'cagri',
      clock: new SystemClock(),
      logger: logs.logger,
    });
    cleanups.push(() => port.close());
    await port.waitUntilConnected(5000);
    const types = await appFilter(sim);
    expect(types).toContain('ChannelVarset');
    expect(types).toContain('ChannelDialplan');
    for (const used of [
      'StasisStart',
      'StasisEnd',
      'ChannelDtmfReceived',
      'ChannelEnteredBridge',
      'ApplicationReplaced',
    ]) {
      expect(types).not.toContain(used);
    }
  });
});
