// Holding as Asterisk needs it: music on the caller's own channel (no bridge, so no play into a
// bridge that can outlive the caller by 600 s), asked for again behind every announcement (a play
// ends a channel's music), each caller's requests sent in order, and music stopped before the
// caller is moved to the operator.
// Real adapter on the ARI simulator over HTTP/WebSocket; `Recorded` wraps the real port to log
// the order of operations (and can hold or fail one, as a slow or sick Asterisk would).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeId, CallId, ChannelId } from '../../src/domain/ids.ts';
import { QueueHolding } from '../../src/engine/queue-holding.ts';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import type { TelephonyError, TelephonyPort } from '../../src/telephony/telephony-port.ts';
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
  it('holds the caller with music on their channel, in no bridge', async () => {
    const t = await setup();
    const c = await t.call('0501111111');
    t.holding.enter('general', c.callId, c.channelId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBe('default'), { timeout: 3000 });
    expect(t.view(c.simId)?.bridgeId).toBeFalsy();
    expect(t.steps.filter((s) => s.startsWith('createBridge') || s.startsWith('addToBridge'))).toEqual([]);
  });

  it('says the place of a caller who joins first, then the music, which comes back after each announcement', async () => {
    const t = await setup();
    const c = await t.call('0501111112');
    t.holding.enter('general', c.callId, c.channelId);
    t.holding.announce({ callId: c.callId, channelId: c.channelId, language: 'en', position: 1 });
    const first = await t.rec.waitFor('playback-started', (e) => e.playbackId.startsWith(`${c.callId}:q`));
    await vi.waitFor(() => expect(t.steps).toContain('play done'), { timeout: 3000 });
    expect(t.steps).toEqual(['play sent', 'play done']);
    expect(t.view(c.simId)?.musicOnHold).toBeFalsy();
    await t.ari.stopPlayback(first.playbackId); // as if it had ended
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBe('default'), { timeout: 3000 });
    expect(t.steps.slice(2)).toEqual(['startMoh sent', 'startMoh done']);

    // A later announcement interrupts the music (the play ended it) and brings it back when done.
    t.holding.announce({ callId: c.callId, channelId: c.channelId, language: 'en', position: 1 });
    const second = await t.rec.waitFor(
      'playback-started',
      (e) => e.playbackId.startsWith(`${c.callId}:q`) && e.playbackId !== first.playbackId,
    );
    expect(t.view(c.simId)?.musicOnHold).toBeFalsy();
    await t.ari.stopPlayback(second.playbackId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBe('default'), { timeout: 3000 });
    expect(t.steps.slice(4)).toEqual(['play sent', 'play done', 'startMoh sent', 'startMoh done']);
  });

  it('never plays an announcement stopped before it was sent, nor brings the music back', async () => {
    const t = await setup();
    const c = await t.call('0501111113');
    t.holding.enter('general', c.callId, c.channelId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBeTruthy(), { timeout: 3000 });
    const openPlay = t.gate('play'); // the play's request is slow to leave
    t.holding.announce({ callId: c.callId, channelId: c.channelId, language: 'en', position: 2 });
    await vi.waitFor(() => expect(t.steps).toContain('play sent'), { timeout: 3000 });
    t.holding.announce({ callId: c.callId, channelId: c.channelId, language: 'en', position: 1 });
    const stopped = t.holding.stop(c.callId); // an operator answered at once
    openPlay();
    await stopped;
    // The first announcement's stop went behind its play; the second was never sent.
    expect(t.steps.filter((s) => s.startsWith('play'))).toEqual(['play sent', 'play done']);
    expect(t.steps.indexOf('stopPlayback sent')).toBeGreaterThan(t.steps.indexOf('play done'));
    expect(t.steps.filter((s) => s.endsWith('Moh done'))).toEqual(['startMoh done', 'stopMoh done']);
    expect(t.steps.filter((s) => s.startsWith('stopPlayback'))).toEqual([
      'stopPlayback sent',
      'stopPlayback done',
    ]);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBeNull(), { timeout: 3000 });
  });

  it('stops the announcement and the music before the caller is moved to the operator', async () => {
    const t = await setup();
    const c = await t.call('0501111114');
    t.holding.enter('general', c.callId, c.channelId);
    t.holding.announce({ callId: c.callId, channelId: c.channelId, language: 'en', position: 3 });
    await t.rec.waitFor('playback-started', (e) => e.playbackId.startsWith(`${c.callId}:q`));
    await t.holding.stop(c.callId);
    const bridgeId = BridgeId('talk-test');
    await t.ari.createBridge(bridgeId, 'mixing', 'talk');
    await t.ari.addToBridge(bridgeId, [c.channelId]); // would wait behind a playing announcement
    expect(t.view(c.simId)?.bridgeId).toBe('talk-test');
    expect(t.view(c.simId)?.musicOnHold).toBeNull();
    expect(t.steps).toContain('stopPlayback done');
  });

  it('stops the music when the caller leaves the queue but stays on the line', async () => {
    const t = await setup();
    const c = await t.call('0501111115');
    t.holding.enter('general', c.callId, c.channelId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBeTruthy(), { timeout: 3000 });
    await t.holding.leave('general', c.callId, c.channelId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBeNull(), { timeout: 3000 });
    expect(t.holding.size).toBe(0);
  });

  it('holds callers after Asterisk restarted: nothing of its own to rebuild', async () => {
    const t = await setup();
    const before = await t.call('0501111116');
    t.holding.enter('general', before.callId, before.channelId);
    await vi.waitFor(() => expect(t.view(before.simId)?.musicOnHold).toBeTruthy(), { timeout: 3000 });
    await t.restartAsterisk();
    const after = await t.call('0501111117');
    t.holding.enter('general', after.callId, after.channelId);
    await vi.waitFor(() => expect(t.view(after.simId)?.musicOnHold).toBeTruthy(), { timeout: 5000 });
    expect(t.logs.lines.filter((l) => l.msg.startsWith('music on hold could not'))).toEqual([]);
  });

  it('forgets a caller whose channel left', async () => {
    const t = await setup();
    const c = await t.call('0501111118');
    t.holding.enter('general', c.callId, c.channelId);
    await vi.waitFor(() => expect(t.view(c.simId)?.musicOnHold).toBeTruthy(), { timeout: 3000 });
    await t.ari.hangup(c.channelId);
    await t.rec.waitFor('channel-left', (e) => e.channelId === c.channelId);
    expect(t.holding.size).toBe(0);
  });
});
