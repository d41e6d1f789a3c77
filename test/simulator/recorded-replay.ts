// Replays a recording of the real Asterisk (test/recordings/*.json) against the simulator: the
// engine-side requests are sent again in the recorded order, the citizen's side (a Local channel on
// the real Asterisk) is played through the control API, and the simulator's clock is moved on only
// as far as needed for the events the recording shows before each next step. What comes out is
// reduced to the values the engine acts on, on both sides, so a test can compare them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FakeClock } from '../../src/domain/clock.ts';
import type { AriSimulator } from '../../src/simulator/index.ts';
import type { RecordedEntry, Recording } from '../recordings/recording-format.ts';
import { type Answer, type AnyEvent, ari, control, type RawSocket } from './sim-test-kit.ts';

export const RECORDINGS_DIR = path.resolve(import.meta.dirname, '../recordings');

export function loadRecordings(): Recording[] {
  return readdirSync(RECORDINGS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(RECORDINGS_DIR, f), 'utf8')) as Recording);
}

/** The events the engine acts on; the rest (Varset, Dialplan, CallerId, ConnectedLine…) is noise here. */
const RELEVANT = new Set([
  'StasisStart',
  'StasisEnd',
  'ChannelStateChange',
  'ChannelHangupRequest',
  'ChannelDestroyed',
  'Dial',
  'PlaybackStarted',
  'PlaybackContinuing',
  'PlaybackFinished',
  'ChannelEnteredBridge',
  'ChannelLeftBridge',
  'BridgeDestroyed',
  'ChannelDtmfReceived',
]);

const APP = 'cagri';
const isEngineEvent = (e: RecordedEntry): e is Extract<RecordedEntry, { kind: 'event' }> =>
  e.kind === 'event' && e.app === APP && RELEVANT.has(e.ev.type);
/** Requests of the citizen's side: its Local channel, placed and hung up. */
const isCitizenPath = (p: string) => /^\/channels\/citizen-|^\/channels\?endpoint=Local/.test(p);

type Ev = AnyEvent;
const id = (o: unknown) => (o as { id?: string } | undefined)?.id ?? '';

const techCause = (ev: Ev) => (ev.tech_cause === undefined ? '' : ` tech_cause=${ev.tech_cause}`);

/** One line per relevant event, with the values that matter: ids, states, causes, targets. */
export function describeEvent(ev: Ev, alias: (s: string) => string): string {
  const ch = alias(id(ev.channel));
  const pb = ev.playback as Record<string, string> | undefined;
  switch (ev.type) {
    case 'StasisStart':
      return `StasisStart ${ch} args=${JSON.stringify(ev.args)}`;
    case 'StasisEnd':
      return `StasisEnd ${ch}`;
    case 'ChannelStateChange':
      return `ChannelStateChange ${ch} ${(ev.channel as { state: string }).state}`;
    case 'ChannelHangupRequest':
      return `ChannelHangupRequest ${ch} cause=${ev.cause ?? '-'}${techCause(ev)}${ev.soft ? ' soft' : ''}`;
    case 'ChannelDestroyed':
      return `ChannelDestroyed ${ch} cause=${ev.cause}${techCause(ev)} ${ev.cause_txt}`;
    case 'Dial':
      return `Dial ${alias(id(ev.peer))} ${ev.dialstatus || '(progress)'} dialstring=${ev.dialstring}`;
    case 'ChannelEnteredBridge':
    case 'ChannelLeftBridge':
      return `${ev.type} ${ch} ${id(ev.bridge)}`;
    case 'BridgeDestroyed':
      return `BridgeDestroyed ${id(ev.bridge)}`;
    case 'ChannelDtmfReceived':
      return `ChannelDtmfReceived ${ch} ${ev.digit}`;
    default:
      return `${ev.type} ${pb?.id} ${pb?.state} ${pb?.media_uri} ${alias(pb?.target_uri ?? '')}`;
  }
}

/**
 * ChannelStateChange(Ringing) and Dial(RINGING) of one leg come from two threads (the channel driver
 * and the dialler): the recordings have them in either order, so the comparison fixes one.
 */
export function canonical(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i + 1 < out.length; i++) {
    const [a, b] = [out[i] as string, out[i + 1] as string];
    const dial = /^Dial (\S+) RINGING /.exec(a);
    if (dial && b === `ChannelStateChange ${dial[1]} Ringing`) [out[i], out[i + 1]] = [b, a];
  }
  return out;
}

/** What the recording says, reduced: relevant events, and when requests sent without waiting answered. */
export function recordedLines(rec: Recording): string[] {
  const fired = new Set<string>();
  const lines: string[] = [];
  for (const e of rec.entries) {
    if (isEngineEvent(e)) lines.push(describeEvent(e.ev, (s) => s));
    if (e.kind === 'send' && !e.awaited) fired.add(`${e.method} ${e.path}`);
    if (e.kind === 'rest' && fired.delete(`${e.method} ${e.path}`)) {
      lines.push(`answer ${e.method} ${e.path} ${e.status}`);
    }
  }
  return canonical(lines);
}

export interface ReplayResult {
  lines: string[];
  /** For every engine-side request: the recorded and the simulated answer (status and body digest). */
  statuses: Array<{ request: string; recorded: string; simulated: string }>;
}

/** The values of an answer the engine reads: an error's text, a playback's or channel's state, a bridge's kind. */
export function digest(status: number, body: unknown): string {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.message === 'string' || typeof b.error === 'string')
    return `${status} ${b.message ?? b.error}`;
  if (typeof b.target_uri === 'string') {
    // A play's 201 is built while the channel's thread may already have started it: either state.
    const state =
      status === 201 && (b.state === 'queued' || b.state === 'playing') ? 'queued|playing' : b.state;
    return `${status} playback ${state} ${b.media_uri}`;
  }
  if (typeof b.bridge_type === 'string') return `${status} bridge ${b.bridge_type} ${b.technology}`;
  if (typeof b.state === 'string' && typeof b.name === 'string') return `${status} channel ${b.state}`;
  return String(status);
}

interface Fixture {
  sim: AriSimulator;
  clock: FakeClock;
  app: RawSocket;
}

/** The endpoint scripts that stand for the recording's phones (test/recordings/record.ts). */
export async function scriptPhones(f: Fixture, rec: Recording): Promise<void> {
  const scripts: Record<string, object> = {
    // The recorded phone rings (180) before its 486.
    busy: { answer: 'busy', afterMs: 100 },
    never: { answer: 'never' },
    // The recorded phone rings (180) before it answers.
    auto: { answer: 'after', afterMs: 100 },
    unregistered: { answer: 'unavailable' },
  };
  for (const [endpoint, behaviour] of Object.entries(rec.phones ?? {})) {
    const res = await control(f.sim, 'PUT', `/endpoints/${endpoint}`, scripts[behaviour]);
    if (res.status >= 300) throw new Error(`cannot script ${endpoint}: ${JSON.stringify(res.body)}`);
  }
}

export async function replay(f: Fixture, rec: Recording): Promise<ReplayResult> {
  const simToAlias = new Map<string, string>();
  const aliasToSim = new Map<string, string>();
  const alias = (s: string) => s.replace(/[\w.-]+/g, (w) => simToAlias.get(w) ?? w);
  const toSim = (p: string) => p.replace(/call-\d+/g, (a) => aliasToSim.get(a) ?? a);
  const log: Array<{ ev: Ev } | { answer: string }> = [];
  const seen = () => log.filter((x) => 'ev' in x && RELEVANT.has(x.ev.type)).length;
  const firstLogged = f.app.log.events.length;
  const syncEvents = () => {
    for (const ev of f.app.log.events.slice(firstLogged + log.filter((x) => 'ev' in x).length))
      log.push({ ev });
  };
  const pending = new Map<string, Promise<Answer>>();
  const statuses: ReplayResult['statuses'] = [];
  let recordedRelevant = 0;

  /** Moves simulated time on, a little at a time, until `done()` (or 10 simulated minutes). */
  const pump = async (done: () => boolean, what: string) => {
    for (let step = 0; step < 6000; step++) {
      syncEvents();
      if (done()) return;
      await f.clock.advanceAsync(100);
    }
    const got = log.map((x) => ('ev' in x ? x.ev.type : x.answer)).join(', ');
    const asked = statuses.map((s) => `${s.request} → ${s.simulated}`).join(', ');
    throw new Error(
      `replay of ${rec.scenario}: the simulator never got to ${what}; saw ${got}; answered ${asked}`,
    );
  };

  // A request is sent once the simulator has produced every event the recording saw before the
  // request went out; an answer is taken when the recording got it (moving time on until then).
  for (const e of rec.entries) {
    if (isEngineEvent(e)) {
      recordedRelevant++;
    } else if (e.kind === 'send') {
      const want = recordedRelevant;
      await pump(() => seen() >= want, `event #${want}, before ${e.method} ${e.path}`);
      const key = `${e.method} ${e.path}`;
      const sent = isCitizenPath(e.path)
        ? citizenStep(f, e.method, e.path, aliasToSim, simToAlias)
        : ari(f.sim, e.method, toSim(e.path));
      const tracked = sent.then((a) => {
        syncEvents();
        if (!e.awaited) log.push({ answer: `answer ${key} ${a.status}` });
        return a;
      });
      pending.set(key, tracked);
      if (isCitizenPath(e.path)) await tracked;
    } else if (e.kind === 'rest') {
      const key = `${e.method} ${e.path}`;
      const sent = pending.get(key);
      if (!sent) throw new Error(`replay of ${rec.scenario}: an answer to ${key} that was never sent`);
      pending.delete(key);
      let settled = false;
      void sent.then(() => {
        settled = true;
      });
      await pump(() => settled, `the answer to ${key}`);
      const answer = await sent;
      if (!isCitizenPath(e.path))
        statuses.push({
          request: key,
          recorded: digest(e.status, e.body),
          simulated: digest(answer.status, answer.body),
        });
    }
  }
  // Whatever the recording saw after its last step (late events) must come too.
  await f.clock.advanceAsync(2000);
  syncEvents();
  const lines = log.flatMap((x) =>
    'ev' in x ? (RELEVANT.has(x.ev.type) ? [describeEvent(x.ev, alias)] : []) : [x.answer],
  );
  return { lines: canonical(lines), statuses };
}

async function citizenStep(
  f: Fixture,
  method: string,
  p: string,
  aliasToSim: Map<string, string>,
  simToAlias: Map<string, string>,
): Promise<Answer> {
  if (method === 'POST') {
    const q = new URLSearchParams(p.slice(p.indexOf('?') + 1));
    const number = /<(\d+)>/.exec(q.get('callerId') ?? '')?.[1] ?? '0501234567';
    const placed = await control(f.sim, 'POST', '/calls', { from: number, to: '1655' });
    const simId = (placed.body as { id: string }).id;
    const name = q.get('otherChannelId') ?? 'call-1';
    aliasToSim.set(name, simId);
    simToAlias.set(simId, name);
    return placed;
  }
  const n = /citizen-(\d+)/.exec(p)?.[1];
  const simId = aliasToSim.get(`call-${n}`);
  if (method !== 'DELETE' || !simId) throw new Error(`the replay cannot play the citizen's ${method} ${p}`);
  return control(f.sim, 'DELETE', `/calls/${simId}`);
}
