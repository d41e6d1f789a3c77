// One rehearsal call: the in-process ARI simulator, the unmodified ARI adapter and the engine's
// own switchboard, call controller and call session, on a config folder that has not been
// reloaded anywhere yet. The queue and the callbacks are rehearsal services that show where the
// call goes. What the caller hears is read off the simulator as it plays.

import { AriTelephony } from '../ari/ari-telephony.ts';
import type { CagriConfig } from '../config/cagri-config.ts';
import type { ServiceConfig } from '../config/services-config.ts';
import { type Clock, SystemClock } from '../domain/clock.ts';
import { callRecordsApplier } from '../durability/write-applier.ts';
import { ConfigServiceDirectory } from '../engine/config-service-directory.ts';
import { Engine } from '../engine/engine.ts';
import { createEngineParts } from '../engine/engine-parts.ts';
import type { Logger } from '../log/logger.ts';
import { type AriSimulator, startSimulator } from '../simulator/index.ts';
import { MemoryCallRecords } from './memory-call-records.ts';
import { PromptTexts } from './prompt-texts.ts';
import { RehearsalCallbacks } from './rehearsal-callbacks.ts';
import type { RehearsalNote } from './rehearsal-notes.ts';
import { RehearsalQueue } from './rehearsal-queue.ts';

export interface RehearsalOptions {
  /** A validated config (loadConfig). */
  config: CagriConfig;
  /** The short number dialled. */
  number: string;
  /** The caller's number (what "call me back on this number" uses). */
  from: string;
  /** The engine's and the simulator's clock start here (epoch ms); default now. */
  startAt?: number;
  /** Start the call in this language instead of the service's first. */
  language?: string;
  /** How long each prompt plays (the simulator has no audio). */
  promptMs: number;
  logger: Logger;
  onEvent(event: RehearsalEvent): void;
}

export type RehearsalEvent =
  | { kind: 'heard'; media: string; label: string; text?: string }
  /** Keys sent to the call (`q`: the caller hung up). */
  | { kind: 'pressed'; keys: string }
  /** Nothing plays and the call waits for the caller. */
  | { kind: 'your-turn' }
  | { kind: 'note'; note: RehearsalNote }
  | { kind: 'transfer'; endpoint: string }
  | { kind: 'transfer-answered'; endpoint: string }
  | { kind: 'ended'; summary: RehearsalSummary };

export interface RehearsalSummary {
  /** The engine's outcome for the call (goodbye, referred, callback-booked, …). */
  outcome: string;
  endCause: string;
  /** Where the call went, when it went somewhere. */
  destination?: RehearsalNote | { kind: 'transfer'; endpoint: string };
  seconds: number;
}

export interface Rehearsal {
  clock: Clock;
  service: ServiceConfig;
  live: boolean;
  root: string;
  language: string;
  /** Resolves when the call is over. */
  ended: Promise<RehearsalSummary>;
  /** Press keys now (barge-in, type-ahead), as a caller would; `q` hangs up. */
  press(keys: string): void;
  /** Press keys once the current prompt has ended (scripted input). */
  pressWhenQuiet(keys: string): void;
  hangup(): void;
  close(): Promise<void>;
}

const WATCH_MS = 40;
/** Quiet this long (nothing playing) = the caller's turn. */
const QUIET_MS = 250;
const DTMF_MS = 100;

/** The same config with `language` first in the service's languages (the call's start language). */
function withLanguageFirst(
  config: CagriConfig,
  serviceId: string,
  language: string | undefined,
): CagriConfig {
  if (!language) return config;
  return {
    ...config,
    services: config.services.map((s) =>
      s.id === serviceId ? { ...s, languages: [language, ...s.languages.filter((l) => l !== language)] } : s,
    ),
  };
}

export async function startRehearsal(opts: RehearsalOptions): Promise<Rehearsal> {
  const service = opts.config.services.find((s) => s.number === opts.number);
  if (!service) throw new Error(`no service answers ${opts.number}`);
  if (opts.language && !service.languages.includes(opts.language)) {
    throw new Error(
      `${service.id} does not offer ${opts.language} (it offers ${service.languages.join(', ')})`,
    );
  }
  const config = withLanguageFirst(opts.config, service.id, opts.language);
  const clock = new SystemClock(opts.startAt);
  const { logger } = opts;
  const texts = new PromptTexts(config);
  const emit = opts.onEvent;

  const sim: AriSimulator = await startSimulator({
    port: 0,
    clock,
    dialplan: [{ exten: opts.number, app: 'cagri' }],
    defaultPlaybackMs: opts.promptMs,
  });
  const telephony = AriTelephony.start({
    url: sim.url,
    username: 'cagri',
    password: 'cagri',
    app: 'cagri',
    clock: new SystemClock(),
    logger: logger.child({ component: 'ari' }),
  });
  let destination: RehearsalSummary['destination'];
  let flushHeard: () => void = () => undefined;
  const note = (n: RehearsalNote) => {
    flushHeard(); // what was heard before the call went somewhere is printed before it
    destination = n;
    emit({ kind: 'note', note: n });
  };
  const directory = new ConfigServiceDirectory({ current: () => config });
  const calls = new MemoryCallRecords();
  const parts = createEngineParts(telephony, clock, logger);
  parts.writes.start(callRecordsApplier(calls));
  const engine = new Engine({
    port: telephony,
    clock,
    logger,
    directory,
    calls,
    ...parts,
    queue: new RehearsalQueue(() => config.queues, note),
    callbacks: new RehearsalCallbacks(directory, clock, note),
  });
  engine.start();
  let watcher: NodeJS.Timeout | undefined;
  const stop = async () => {
    clearInterval(watcher);
    engine.stop();
    await telephony.close();
    await sim.close();
  };
  try {
    await telephony.waitUntilConnected(10_000);
  } catch (err) {
    await stop();
    throw err;
  }

  const route = directory.route(opts.number, clock.now());
  const live = route?.live ?? true;
  const { id } = sim.world.placeCall({ from: opts.from, to: opts.number });

  // Follow the call on the simulator: each prompt as it starts, legs placed, the end.
  let shown = 0;
  let originations = 0;
  let answeredShown = false;
  let quietSince: number | undefined;
  let turnShown = true; // nothing to say before the first prompt
  let keysInFlightUntil = 0;
  const pending: string[] = [];
  let resolveEnded: (s: RehearsalSummary) => void = () => undefined;
  const ended = new Promise<RehearsalSummary>((resolve) => {
    resolveEnded = resolve;
  });
  let finished = false;
  const hangup = () => {
    if (sim.world.getCall(id)?.state !== 'ended') sim.world.hangup(id);
  };
  /** Keys 0-9 * #; `q` hangs up. */
  const send = (keys: string) => {
    if (sim.world.getCall(id)?.state === 'ended') return;
    const digits = keys.replace(/[^0-9*#]/g, '');
    if (digits) {
      emit({ kind: 'pressed', keys: digits });
      sim.world.sendDtmf(id, digits, 0);
    }
    if (/q/i.test(keys)) {
      emit({ kind: 'pressed', keys: 'q' });
      hangup();
    }
    keysInFlightUntil = Date.now() + DTMF_MS * digits.length + QUIET_MS;
  };

  flushHeard = () => {
    const heard = sim.world.getCall(id)?.heard ?? [];
    for (; shown < heard.length; shown++) {
      const item = heard[shown];
      if (!item) continue;
      emit({ kind: 'heard', media: item.media, ...texts.describe(item.media) });
      turnShown = false;
    }
  };
  const watch = () => {
    const view = sim.world.getCall(id);
    if (!view || finished) return;
    flushHeard();
    const legs = sim.world.listOriginations();
    for (; originations < legs.length; originations++) {
      const leg = legs[originations];
      if (leg?.appArgs[1] === 'transfer') {
        const endpoint = leg.dialString.includes('/') ? leg.dialString : `PJSIP/${leg.dialString}`;
        destination = { kind: 'transfer', endpoint };
        emit({ kind: 'transfer', endpoint });
      }
    }
    const peer = view.bridgedWith.find((b) => b.endpoint === 'PJSIP/trunk');
    if (peer && !answeredShown && destination?.kind === 'transfer') {
      answeredShown = true;
      emit({ kind: 'transfer-answered', endpoint: destination.endpoint });
      sim.world.hangup(id); // the caller talks to the other body now: the rehearsal is over
    }
    if (view.state === 'ended') {
      if (engine.activeCalls > 0) return; // let the engine record the end first
      finished = true;
      const record = [...calls.calls.values()][0];
      const summary: RehearsalSummary = {
        outcome: record?.outcome ?? 'unknown',
        endCause: record?.endCause ?? view.endedBy ?? 'unknown',
        ...(destination ? { destination } : {}),
        seconds: Math.round(((record?.endedAt ?? clock.now()) - (record?.startedAt ?? clock.now())) / 1000),
      };
      emit({ kind: 'ended', summary });
      resolveEnded(summary);
      return;
    }
    const playing = view.heard.some((x) => x.outcome === 'playing');
    const now = Date.now();
    if (playing || now < keysInFlightUntil) {
      quietSince = undefined;
      return;
    }
    quietSince ??= now;
    // Before the first prompt the call is not answered yet; after a transfer it is ringing.
    if (now - quietSince < QUIET_MS || shown === 0 || destination) return;
    const next = pending.shift();
    if (next !== undefined) {
      send(next);
      return;
    }
    if (!turnShown && view.musicOnHold === null) {
      turnShown = true;
      emit({ kind: 'your-turn' });
    }
  };
  watcher = setInterval(watch, WATCH_MS);

  return {
    clock,
    service: config.services.find((s) => s.id === service.id) ?? service,
    live,
    root: live ? service.menu : (service.afterHoursMenu ?? service.menu),
    language: opts.language ?? service.languages[0] ?? 'az',
    ended,
    press: send,
    pressWhenQuiet(keys) {
      pending.push(keys);
    },
    hangup,
    close: stop,
  };
}
