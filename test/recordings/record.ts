// Records how a real Asterisk 22.10.1 behaves in every scenario the engine relies on
// (scenarios.ts), one JSON file per scenario beside this file; test/simulator/recorded-behaviour.test.ts
// replays them against the simulator and compares values.
//
// Re-record (needs the Asterisk built by scripts/asterisk-build.sh, or CAGRI_ASTERISK_PREFIX, and
// baresip for the phones):
//
//   node --import tsx test/recordings/record.ts              # every scenario
//   node --import tsx test/recordings/record.ts dial-busy    # only these
//
// It starts a fresh instance from the project's own asterisk-config/ (test/real/asterisk-instance.ts),
// drives raw ARI over HTTP and WebSocket, and normalises per-run values (recording-format.ts). A
// scenario that fails is reported and its old file is left alone; the exit code is then 1.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type AsteriskInstance, asteriskMissingReason, startAsterisk } from '../real/asterisk-instance.ts';
import { type SipPhone, startPhone } from '../real/sip-phone.ts';
import { AriWire } from './ari-wire.ts';
import type { PhoneBehaviour, Recording } from './recording-format.ts';
import {
  APP,
  CARRIER_NUMBER,
  CITIZEN_APP,
  MEDIA_MS,
  SCENARIOS,
  type Scenario,
  type ScenarioEnv,
} from './scenarios.ts';

const HERE = import.meta.dirname;

type Answer = 'busy' | 'never' | 'auto';
const toMode = (a: Answer) => ({ kind: a }) as const;

async function recordOne(ast: AsteriskInstance, scenario: Scenario): Promise<Recording> {
  const wire = new AriWire(ast.ariUrl, ast.ariUsername, ast.ariPassword);
  const phones: SipPhone[] = [];
  const behaviour: Record<string, PhoneBehaviour> = {};
  const env: ScenarioEnv = {
    wire,
    unregistered(name) {
      behaviour[`PJSIP/${name}`] = 'unregistered';
    },
    async phone(name, answer) {
      const p = await startPhone({
        name,
        user: name,
        server: `127.0.0.1:${ast.sipPort}`,
        password: ast.sipPasswords[name],
        toneHz: 600,
        answer: toMode(answer),
      });
      phones.push(p);
      behaviour[`PJSIP/${name}`] = answer;
      await waitRegistered(ast, name);
    },
    async carrier(answer) {
      const p = await startPhone({
        name: 'carrier',
        // The carrier's phone answers only calls to its own user: the number the callback dials.
        user: CARRIER_NUMBER,
        server: `127.0.0.1:${ast.sipPort}`,
        listenHost: ast.carrier.host,
        listenPort: ast.carrier.port,
        toneHz: 800,
        answer: toMode(answer),
      });
      phones.push(p);
      behaviour['PJSIP/trunk'] = answer;
    },
  };
  try {
    await wire.connect(APP);
    await wire.connect(CITIZEN_APP);
    await scenario.run(env);
    return {
      scenario: scenario.name,
      about: scenario.about,
      asterisk: '22.10.1',
      phones: behaviour,
      mediaMs: MEDIA_MS,
      entries: wire.normalised(),
    };
  } finally {
    await wire.close();
    for (const p of phones) await p.stop().catch(() => undefined);
  }
}

/** A phone's REGISTER reaches Asterisk a moment after baresip starts. */
async function waitRegistered(ast: AsteriskInstance, name: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const out = await ast.cli(`pjsip show contacts`);
    if (out.includes(`${name}/sip:`)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`phone ${name} did not register`);
}

async function main(): Promise<void> {
  const missing = asteriskMissingReason();
  if (missing) {
    console.error(`[recorder] cannot record: ${missing}`);
    process.exit(2);
  }
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) {
    console.error(
      `[recorder] unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    );
    process.exit(2);
  }
  const chosen = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  const ast = await startAsterisk();
  let failed = 0;
  try {
    for (const scenario of chosen) {
      try {
        const rec = await recordOne(ast, scenario);
        const file = path.join(HERE, `${scenario.name}.json`);
        writeFileSync(file, `${JSON.stringify(rec, null, 1)}\n`);
        console.log(
          `[recorder] ${scenario.name}: ${rec.entries.length} entries → ${path.relative(process.cwd(), file)}`,
        );
      } catch (err) {
        failed++;
        console.error(`[recorder] ${scenario.name} FAILED:`, err instanceof Error ? err.message : err);
      }
    }
  } finally {
    await ast.stop();
  }
  process.exit(failed ? 1 : 0);
}

await main();
