// The holding bridge as Asterisk needs it: the caller is added before anything is played to them
// (Asterisk runs a channel's operations in order, so an add sent behind an announcement would wait
// for it), fallback music never outlives its reason, and a bridge Asterisk lost is built again.
// Real adapter on the ARI simulator over HTTP/WebSocket; `Recorded` wraps the real port to log
// the order of operations (and can hold or fail one, as a slow or sick Asterisk would).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallId, ChannelId } from '../../src/domain/ids.ts';
import { QueueHolding } from '../../src/engine/queue-holding.ts';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { TelephonyError, type TelephonyPort } from '../../src/telephony/telephony-port.ts';
import { LogCapture } from '../ari/log-capture.ts';
import { SimulatorDriver } from '../telephony/call-drivers.ts';
import { EventRecorder } from '../telephony/event-recorder.ts';
import { linkToSimulator } from '../telephony/simulator-link.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

type Step = `${string} sent` | `${string} done` | `${string} failed`;

/** The real port, with every operation logged; `gate`/`fail` hold or fail the next one by name. */
function recorded(port: TelephonyPort) {
  const steps: Step[] = [];
  const gates = new Map<string, Promise<void>>();
  const failures = new Map<string, TelephonyError>();
  const wrapped = new Proxy(port, {
    get(target, name: string) {
      const value = Reflect.get(target, name) as unknown;
      if (typeof value !== 'function') return value;
      if (name === 'onEvent' || name === 'isConnected') return value.bind(target);
      return async (...args: unknown[]) => {
        steps.push(`${name} sent`);
        const gate = gates.get(name);
        gates.delete(name);
        if (gate) await gate;
        const failure = failures.get(name);
        failures.delete(name);
        try {
          if (failure) throw failure;
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          steps.push(`${name} done`);
          return result;
        } catch (err) {
          steps.push(`${name} failed`);
          throw err;
        }
      };
    },
  });
  const gate = (name: string) => {
    let open: () => void = () => {};
    gates.set(name, new Promise<void>((resolve) => (open = resolve)));
    return () => open();
  };
  const fail = (name: string, err: TelephonyError) => failures.set(name, err);
  return { port: wrapped, steps, gate, fail };
}

async function setup(simPort = 0) {
  let sim: AriSimulator = await startSimulator({ port: simPort, defaultPlaybackMs: 60_000 });
  cleanups.push(() => sim.close());
  const logs = new LogCapture();
  const ari = linkToSimulator(sim.url, logs.logger, { maxBackoffMs: 300 });
  cleanups.push(() => ari.close());
  const rec = new EventRecorder(ari);
  await ari.waitUntilConnected(5000);
  const r = recorded(ari);
  const holding = new QueueHolding(r.port, logs.logger);
  const call = async (number: string) => {
    const placed = await new SimulatorDriver(sim.url).placeCall(number);
    const channelId = ChannelId(placed.channelId);
    await rec.waitFor('channel-entered', (e) => e.channel.id === channelId);
    await ari.answer(channelId);
    return { channelId, callId: CallId(randomUUID()), simId: placed.callId };
  };
  const view = (simId: string) => sim.world.getCall(simId);
  /** Asterisk restarts: everything it had is gone, and it listens again on the same port. */
  const restartAsterisk = async () => {
    const port = sim.port;
    await sim.close();
    sim = await startSimulator({ port, defaultPlaybackMs: 60_000 });
    await rec.next('disconnected', () => true, 5000);
    await rec.next('connected', (e) => e.reconnect, 10_000);
  };
  return { ari, rec, logs, holding, call, view, restartAsterisk, ...r };
}

describe('QueueHolding', () => {
  it('puts the caller in the holding bridge before announcing their place', async () => {
    const t = await setup();
    const c = await t.call('0501111111');
    t.holding.enter('general', c.callId, c.channelId);
    t.holding.announce({ callId: c.callId, channelId: c.channelId, language: 'en', position: 1 });
    await vi.waitFor(() => expect(t.steps).toContain('play done'), { timeout: 3000 });
    const relevant = t.steps.filter((s) => s.startsWith('addToBridge') || s.startsWith('play'));
    expect(relevant).toEqual(['addToBridge sent', 'addToBridge done', 'play sent', 'play done']);
    expect(t.view(c.simId)?.bridgeId).toBe('queue-general');
  });

  it('never plays an announcement stopped before the caller reached the bridge', async () => {
    const t = await setup();
    const c = await t.call('0501111112');
    const openAdd = t.gate('addToBridge');
    t.holding.enter('general', c.callId, c.channelId);
    t.holding.announce({ callId: c.callId, channelId: c.channelId, language: 'en', position: 1 });
    t.holding.stop(c.callId); // an operator answered at once
    openAdd();
    await vi.waitFor(() => expect(t.steps).toContain('addToBridge done'), { timeout: 3000 });
    await t.ari.ping(); // one more round trip: anything queued behind the add has been sent
    expect(t.steps.filter((s) => s.startsWith('play'))).toEqual([]);
  });

  it('falls back to music on the channel, and stops it when the caller reaches someone', async () => {
    const t = await setup();
    const c = await t.call('0501111113');
    t.fail('addToBridge', new TelephonyError('timeout', 'addToBridge', 'no answer within 4000 ms'));
    t.holding.enter('general', c.callId, c.channelId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBeTruthy(), { timeout: 3000 });
    t.holding.announce({ callId: c.callId, channelId: c.channelId, language: 'en', position: 1 });
    t.holding.stop(c.callId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBeNull(), { timeout: 3000 });
    // Nothing was played over (and so in place of) the music.
    expect(t.steps.filter((s) => s.startsWith('play'))).toEqual([]);
  });

  it('stops fallback music when the caller leaves the queue but stays on the line', async () => {
    const t = await setup();
    const c = await t.call('0501111114');
    t.fail('addToBridge', new TelephonyError('timeout', 'addToBridge', 'no answer within 4000 ms'));
    t.holding.enter('general', c.callId, c.channelId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBeTruthy(), { timeout: 3000 });
    t.holding.leave('general', c.callId, c.channelId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBeNull(), { timeout: 3000 });
    expect(t.holding.size).toBe(0);
  });

  it('builds the holding bridge again after Asterisk restarted', async () => {
    const t = await setup();
    const before = await t.call('0501111115');
    t.holding.enter('general', before.callId, before.channelId);
    await vi.waitFor(() => expect(t.view(before.simId)?.bridgeId).toBe('queue-general'), { timeout: 3000 });
    await t.restartAsterisk();
    const after = await t.call('0501111116');
    t.holding.enter('general', after.callId, after.channelId);
    await vi.waitFor(() => expect(t.view(after.simId)?.bridgeId).toBe('queue-general'), { timeout: 5000 });
    expect(t.steps).not.toContain('startMoh sent'); // the bridge's music, not a fallback
    expect(t.steps.filter((s) => s === 'createBridge done')).toHaveLength(2);
    expect(t.logs.lines.filter((l) => l.msg.startsWith('could not put the caller on hold'))).toEqual([]);
  });

  it('forgets a caller whose channel left', async () => {
    const t = await setup();
    const c = await t.call('0501111117');
    t.holding.enter('general', c.callId, c.channelId);
    await vi.waitFor(() => expect(t.view(c.simId)?.bridgeId).toBe('queue-general'), { timeout: 3000 });
    await t.ari.hangup(c.channelId);
    await t.rec.waitFor('channel-left', (e) => e.channelId === c.channelId);
    expect(t.holding.size).toBe(0);
  });
});
