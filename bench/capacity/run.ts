// Capacity benchmark (issue 15): the same caller journey through cagri (1655) and through a
// native dialplan menu (1699, native-menu.conf) on one real Asterisk 22, alternating, at rising
// concurrency; prints the side-by-side table for the README. A third path, the floor (1698,
// ari-floor.ts), makes the same journey through the least an ARI application does: what the
// engine costs beyond it is cagri's own.
//
//   npm run bench:capacity -- --concurrency 100,200,400 [--calls-factor 2] [--hold-ms 4500]
//                             [--no-rtp-echo] [--targets cagri,native,floor] [--timelines 5] [--keep-pcap]
//                             [--audio-up-to 200] [--floor-transport http|raw]
//
// Needs what the real tier needs (scripts/asterisk-build.sh, scripts/test-packages.sh: sipp),
// Postgres and Redis (DATABASE_URL, REDIS_URL as for the tests). Arrivals are N/9 calls per
// second, so with the ~9 s journey about N callers are up at once. Figures depend on the machine
// and its load: the load average is printed with each row. Key → audio is read from a tcpdump
// capture of each level's SIP and of the RTP Asterisk sends (key-audio.ts), and split into
// Asterisk's and the engine's parts by the engine's ARI traffic in the same capture (ari-wire.ts,
// key-split.ts); --timelines prints that many keys' packet timelines per level, to check the
// method by eye.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CARRIER_HOST } from '../../test/real/asterisk-instance.ts';
import { createScratchDatabase, DATABASE_URL, REDIS_URL } from '../bench-support.ts';
import { AriTap, p50p99 } from './ari-tap.ts';
import { AriWire } from './ari-wire.ts';
import { CAGRI_NUMBER, type CapacityRig, NATIVE_NUMBER, startCapacityRig } from './capacity-rig.ts';
import { FLOOR_NUMBER, type FloorProcess, type FloorTransport, startFloor } from './floor-process.ts';
import { formatTimelines, JOURNEY_PROMPTS, KeyAudio, type KeyAudioReport } from './key-audio.ts';
import { type KeySplitReport, splitKeys } from './key-split.ts';
import { PacketCapture, tcpdumpMissing } from './packet-capture.ts';
import { readPackets } from './pcap-reader.ts';
import { CpuMeter, postgresBackends } from './process-cpu.ts';
import { type PromptFrames, promptFrames } from './prompt-frames.ts';
import { runSipp } from './sipp-run.ts';

type Target = 'cagri' | 'native' | 'floor';

interface Row {
  level: number;
  target: Target;
  calls: number;
  ok: number;
  failed: number;
  /** Callers who pressed 0 and never reached hold (undefined: not counted for this path). */
  notHeld: number | undefined;
  keyToCommand: string;
  keyToAudio: string;
  /** Key → audio's p50 parts: Asterisk in, engine, Asterisk out (cagri only). */
  keySplit: string;
  /** Keys whose next prompt was not found in the RTP Asterisk sent (of all keys captured). */
  keysUnheard: string;
  asteriskMs: number;
  nodeMs: number;
  postgresMs: number;
  refusals: number;
  leftOver: number;
  load: string;
}

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '100,200' },
    'calls-factor': { type: 'string', default: '2' },
    'hold-ms': { type: 'string', default: '4500' },
    'no-rtp-echo': { type: 'boolean', default: false },
    targets: { type: 'string', default: 'cagri,native,floor' },
    // Before/after of issue 15's cheap fixes: the engine as it was without each.
    'sync-log': { type: 'boolean', default: false },
    'no-event-filter': { type: 'boolean', default: false },
    timelines: { type: 'string', default: '0' },
    // The capture costs CPU of its own (tcpdump woken per packet: ~20,000 a second at 400 calls),
    // which the two cores cannot spare at high levels: key → audio is measured up to this level.
    'audio-up-to': { type: 'string', default: '200' },
    'keep-pcap': { type: 'boolean', default: false },
    'floor-transport': { type: 'string', default: 'http' },
  },
});
const levels = values.concurrency.split(',').map((s) => Number.parseInt(s, 10));
const factor = Number(values['calls-factor']);
const holdMs = Number(values['hold-ms']);
const targets = values.targets.split(',') as Target[];
const timelines = Number(values.timelines);
const audioUpTo = Number(values['audio-up-to']);
const noTcpdump = tcpdumpMissing();
if (noTcpdump) {
  console.error(noTcpdump);
  process.exit(2);
}
// In memory where there is /dev/shm: a level's capture is hundreds of MB the disk need not write.
const captureDir = mkdtempSync(
  path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'cagri-capacity-pcap-'),
);

const db = await createScratchDatabase();
const rig = await startCapacityRig({
  databaseUrl: db.url,
  redisUrl: REDIS_URL,
  syncLog: values['sync-log'],
  noEventFilter: values['no-event-filter'],
});
const tap = new AriTap();
const rows: Row[] = [];
let floor: FloorProcess | undefined;
try {
  if (targets.includes('floor'))
    floor = await startFloor(rig.ast, values['floor-transport'] as FloorTransport);
  const prompts: Record<string, PromptFrames> = {};
  for (const [digit, file] of Object.entries(JOURNEY_PROMPTS)) {
    prompts[digit] = promptFrames(path.join(rig.ast.promptsDir, file));
  }
  console.error(`ARI event filter: ${(await rig.disallowedEvents()).length} event types disallowed`);
  for (const [i, level] of levels.entries()) {
    // Alternate which goes first, so neither always meets a warmer or a busier machine.
    const order = i % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) rows.push(await measure(rig, level, target, prompts));
  }
} finally {
  tap.stop();
  await floor?.stop();
  await rig.close();
  await db.drop();
  if (values['keep-pcap']) console.error(`captures kept in ${captureDir}`);
  else rmSync(captureDir, { recursive: true, force: true });
}
console.log(table(rows));
process.exit(0);

async function measure(
  rig: CapacityRig,
  level: number,
  target: Target,
  prompts: Record<string, PromptFrames>,
): Promise<Row> {
  const calls = Math.round(level * factor);
  const asterisk = new CpuMeter(async () => [rig.asteriskPid]);
  const postgres = new CpuMeter(() => postgresBackends(DATABASE_URL, rig.databaseName));
  const floorCpu = new CpuMeter(async () => (floor ? [floor.pid] : []));
  await asterisk.begin();
  await floorCpu.begin();
  await postgres.begin();
  const node0 = process.cpuUsage();
  const log0 = asteriskLog(rig);
  tap.take();
  console.error(`${target} at ${level}: ${calls} calls, ${(level / 9).toFixed(1)}/s …`);
  const pcap = path.join(captureDir, `${target}-${level}.pcap`);
  // Asterisk's SIP both ways, only the RTP Asterisk sends the callers (SIPp's echo is not what
  // anyone hears), and the engine's ARI traffic (events and requests, whole: 64 KiB snaps).
  const listen = level <= audioUpTo;
  const capture = listen
    ? await PacketCapture.start({
        file: pcap,
        filter: `(udp and ((host 127.0.0.1 and port ${rig.ast.sipPort}) or (src portrange ${rig.rtpRange.start}-${rig.rtpRange.end} and dst host ${CARRIER_HOST}))) or (tcp and port ${ariPort(rig)})`,
        snaplen: 65535,
      })
    : undefined;
  const sipp = runSipp({
    sipPort: rig.ast.sipPort,
    number: { cagri: CAGRI_NUMBER, native: NATIVE_NUMBER, floor: FLOOR_NUMBER }[target],
    calls,
    rate: level / 9,
    limit: Math.ceil(level * 1.5),
    holdMs,
    rtpEcho: !values['no-rtp-echo'],
  });
  const result = await sipp.catch(async (err: unknown) => {
    await capture?.stop().catch((e: unknown) => console.error(`(capture: ${(e as Error).message})`));
    throw err;
  });
  const captured = await capture?.stop();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const nodeUsage = process.cpuUsage(node0);
  const asteriskMs = await asterisk.endMs();
  const floorMs = await floorCpu.endMs();
  const postgresMs = await postgres.endMs();
  const leftOver = await settle(rig);
  const tapped = tap.take();
  const log = asteriskLog(rig).slice(log0.length);
  const count = (re: RegExp) => log.match(re)?.length ?? 0;
  const notHeld = {
    cagri: tapped.notHeld,
    native: count(/\[s@bench-native-queue:1\] Playback/g) - count(/\[s@bench-native-queue:2\] MusicOnHold/g),
    floor: undefined,
  }[target];
  if (result.failed > 0 && result.errors) console.error(result.errors);
  const heard = captured ? keyToAudio(pcap, rig, prompts) : undefined;
  // The floor's keys are split by the wire alone: the tap is in this process, the floor is not.
  const tapFor = target === 'cagri' ? tapped : undefined;
  const split = heard && target !== 'native' ? splitKeys(heard.timelines, heard.wire, tapFor) : undefined;
  if (!values['keep-pcap']) rmSync(pcap, { force: true });
  if (heard && captured) {
    const digits = Object.entries(heard.byDigit)
      .map(([d, h]) => `key ${d} ${p50p99(h)}`)
      .join(', ');
    console.error(
      `  key → audio: ${heard.keys} keys, ${heard.unmatched} without their prompt in RTP; ${digits}; capture ${captured.captured} packets, ${captured.droppedByKernel} dropped by the kernel`,
    );
    if (timelines > 0) console.error(formatTimelines(heard.timelines, timelines));
  }
  if (split && heard) {
    const { caller, event, play } = split.missing;
    console.error(
      `  key → audio split (${split.split} keys): ${formatSplit(split)}; not split: ${caller} caller, ${event} event, ${play} play not on the wire; ${heard.wire.gaps} stream gaps, ${heard.wire.unreadable} unreadable frames; ${heard.wire.connectionsOpened} ARI connections opened`,
    );
    for (const digit of Object.keys(JOURNEY_PROMPTS)) {
      const one = splitKeys(
        heard.timelines.filter((t) => t.digit === digit),
        heard.wire,
        tapFor,
      );
      console.error(`    key ${digit} (${one.split}): ${formatSplit(one)}`);
    }
  }
  return {
    level,
    target,
    calls: result.created,
    ok: result.successful,
    failed: result.failed,
    notHeld,
    keyToCommand: target === 'cagri' ? p50p99(tapped.keyToCommand) : '–',
    keyToAudio: heard ? p50p99(heard.latency) : 'not captured',
    keySplit: split ? splitP50(split) : '–',
    // A packet the kernel dropped can be the key or the prompt's first frame: said beside it.
    keysUnheard:
      heard && captured
        ? `${heard.unmatched} / ${heard.keys}${
            captured.droppedByKernel > 0 ? ` (capture lost ${captured.droppedByKernel} packets)` : ''
          }`
        : '–',
    asteriskMs,
    // cagri: the benchmark's own process, where the engine runs; the floor: its process.
    nodeMs: { cagri: (nodeUsage.user + nodeUsage.system) / 1000, native: 0, floor: floorMs }[target],
    postgresMs: target === 'cagri' ? postgresMs : 0,
    refusals: count(/HTTP session count exceeded/g),
    leftOver,
    load,
  };
}

/** Key → audio of every key in the level's capture, and the engine's ARI traffic beside it. */
function keyToAudio(
  pcap: string,
  rig: CapacityRig,
  prompts: Record<string, PromptFrames>,
): KeyAudioReport & { wire: AriWire } {
  const matcher = new KeyAudio({ ip: '127.0.0.1', port: rig.ast.sipPort }, prompts);
  const wire = new AriWire(ariPort(rig));
  for (const p of readPackets(pcap)) {
    if (p.proto === 'udp') matcher.push(p);
    else wire.push(p);
  }
  return { ...matcher.finish(), wire };
}

function ariPort(rig: CapacityRig): number {
  return Number(new URL(rig.ast.ariUrl).port);
}

function formatSplit(split: KeySplitReport): string {
  const inside =
    split.engineHandle.totalCount > 0
      ? ` (handling ${p50p99(split.engineHandle)}, waiting ${p50p99(split.engineWait)})`
      : '';
  return `Asterisk in ${p50p99(split.asteriskIn)}, engine ${p50p99(split.engine)}${inside}, Asterisk out ${p50p99(split.asteriskOut)}`;
}

function splitP50(split: KeySplitReport): string {
  const ms = (h: KeySplitReport['engine']) => (h.getValueAtPercentile(50) / 1000).toFixed(1);
  const inside = split.engineHandle.totalCount > 0 ? ` (handling ${ms(split.engineHandle)})` : '';
  return `${ms(split.asteriskIn)} + ${ms(split.engine)}${inside} + ${ms(split.asteriskOut)} ms`;
}

/** Waits (up to 30 s) for Asterisk's channels to go; returns how many are still up then. */
async function settle(rig: CapacityRig): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const out = await rig.ast.cli('core show channels count');
    const n = Number(/(\d+) active channels?/.exec(out)?.[1] ?? 0);
    if (n === 0 || Date.now() > deadline) return n;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function asteriskLog(rig: CapacityRig): string {
  return readFileSync(rig.ast.logPath, 'utf8');
}

function table(rows: Row[]): string {
  const cpus = os.cpus();
  const head = [
    `Machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}; Asterisk 22 (real tier build), SIPp ${
      values['no-rtp-echo'] ? 'without' : 'with'
    } RTP echo, keys as SIP INFO, hold ${holdMs} ms, ${factor} × N calls per level at N/9 calls/s; engine log ${
      values['sync-log'] ? 'synchronous' : 'asynchronous'
    } at ${process.env.BENCH_LOG_LEVEL ?? 'info'}, ARI event filter ${values['no-event-filter'] ? 'off' : 'on'}, PG_POOL_MAX ${
      process.env.PG_POOL_MAX ?? 'default'
    }.`,
    '',
    '| concurrent | path | journeys ok | did not reach hold | key → audio p50 / p99 | key → audio p50 split: Asterisk in + engine (its handling) + Asterisk out | keys without their prompt in RTP | key → next ARI command p50 / p99 | CPU per call: Asterisk + node + Postgres | HTTP session refusals | channels left 30 s after | load (1/5/15 min) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const lines = rows.map((r) => {
    const per = (ms: number) => (r.calls ? (ms / r.calls).toFixed(1) : '–');
    const cpu = {
      cagri: `${per(r.asteriskMs)} + ${per(r.nodeMs)} + ${per(r.postgresMs)} = ${per(r.asteriskMs + r.nodeMs + r.postgresMs)} ms`,
      native: `${per(r.asteriskMs)} ms`,
      floor: `${per(r.asteriskMs)} + ${per(r.nodeMs)} = ${per(r.asteriskMs + r.nodeMs)} ms`,
    }[r.target];
    const pct = r.calls ? ((100 * r.ok) / r.calls).toFixed(1) : '0';
    return `| ${r.level} | ${r.target} | ${pct} % (${r.ok}/${r.calls}) | ${r.notHeld ?? '–'} | ${r.keyToAudio} | ${r.keySplit} | ${r.keysUnheard} | ${r.keyToCommand} | ${cpu} | ${r.refusals} | ${r.leftOver} | ${r.load} |`;
  });
  return [...head, ...lines].join('\n');
}
