// The whole hotline under load: N concurrent citizens dial 1655, hear the greeting and the root
// menu, press 1 during the menu (a submenu), press 0 during the submenu (operator queue; every
// operator is offline, so they wait on hold), then all hang up. Repeated for several rounds to see
// whether memory comes back after GC.
//
// Two processes, so the engine's CPU and memory are its own:
//   - this process runs the engine alone (startCagri, as `cagri serve` does, with a scratch
//     database and Redis prefix) and reads process.cpuUsage()/memoryUsage();
//   - a child runs the ARI simulator and the citizens, who act through the simulator's control API
//     over HTTP (POST /sim/calls, POST /sim/calls/:id/dtmf, DELETE /sim/calls/:id). The child stamps
//     every ARI event with performance.now() as the simulator emits it, so a reaction latency is
//     "key event sent to the engine → the engine's stop/play/bridge request carried out", engine
//     and ARI round trip included, benchmark polling excluded.
//
//   node --import tsx bench/engine-load.ts [calls=500] [rounds=3] [playbackMs=2000] [callsPerSec=0]
// callsPerSec 0 places every call at once (a synchronised storm: all 500 press their keys within
// the same few hundred ms); e.g. 100 spreads the arrivals over calls/100 seconds.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startSimulator } from '../src/simulator/index.ts';
import {
  Condition,
  controlClient,
  cpuMsSince,
  latencyHistogram,
  machineLine,
  mb,
  memoryAfterGc,
  peakSampler,
  percentilesMs,
  printTable,
  recordMs,
  serveParent,
  startBenchEngine,
  startChildRole,
  waitUntil,
} from './bench-support.ts';

const CALLS = Number(process.argv[2] ?? 500);
const ROUNDS = Number(process.argv[3] ?? 3);
const PLAYBACK_MS = Number(process.argv[4] ?? 2000);
const CALLS_PER_SEC = Number(process.argv[5] ?? 0);
// Unmeasured warm-up rounds first, at least 1,500 calls: JIT, connection pools, and Node's
// `new Buffer()` deprecation check (a stack capture per call, for the process's first 10,000
// calls only) that ari-client's HTTP library triggers on every REST response (~8 per call).
const WARMUP_ROUNDS = Math.min(10, Math.ceil(1500 / CALLS));
const WARMUP_CALLS = WARMUP_ROUNDS * CALLS;

/** The spans measured on every call: from one stamped event to another (see Citizen). */
const SPANS = [
  { name: 'setup', label: 'answer+greeting', from: 'stasisAt', to: 'greetingAt' }, // engine answers + plays
  { name: 'dial', label: 'dial → greeting', from: 'postedAt', to: 'greetingAt' }, // POST /sim/calls sent
  { name: 'stop1', label: 'key 1 → prompt stop', from: 'key1At', to: 'stop1At' },
  { name: 'next1', label: 'key 1 → submenu', from: 'key1At', to: 'appealsAt' },
  { name: 'stop0', label: 'key 0 → prompt stop', from: 'key0At', to: 'stop0At' },
  { name: 'hold0', label: 'key 0 → on hold', from: 'key0At', to: 'heldAt' }, // music on, announcement begun
  { name: 'announce0', label: 'key 0 → position', from: 'key0At', to: 'announcedAt' }, // announcement starts
] as const;
type SpanName = (typeof SPANS)[number]['name'];

/** What the citizens' side measured in one round (milliseconds, on the simulator's clock). */
interface RoundReport {
  calls: number;
  spans: Record<SpanName, number[]>;
  allGreetedMs: number; // first POST → last greeting playing
  allQueuedMs: number; // first POST → last caller on hold
  notHeld: number; // callers who pressed 0 and were never put on hold
  lateKeys: number; // keys that arrived after their prompt had ended by itself (no stop measured)
  failures: string[];
}

if (process.env.BENCH_ROLE === 'sim') await citizensRole();
else await main();

// ---- child: simulator + citizens ---------------------------------------------------------------

interface Citizen {
  id: string;
  postedAt?: number;
  stasisAt?: number;
  greetingAt?: number;
  menuPlayback?: string;
  menuEndedAlone?: boolean;
  key1At?: number;
  stop1At?: number;
  appealsAt?: number;
  appealsPlayback?: string;
  appealsEndedAlone?: boolean;
  key0At?: number;
  stop0At?: number;
  heldAt?: number;
  announcedAt?: number;
  endedAt?: number;
}

async function citizensRole(): Promise<void> {
  const sim = await startSimulator({ port: 0, defaultPlaybackMs: PLAYBACK_MS });
  const failures: string[] = [];
  const request = controlClient(sim.url);
  const press = (c: Citizen, digit: string) =>
    void request('POST', `/sim/calls/${c.id}/dtmf`, { digits: digit, durationMs: 100 }).then(
      (r) => r.status !== 202 && failures.push(`dtmf ${digit} on ${c.id}: ${r.status}`),
      (err: unknown) => failures.push(`dtmf ${digit} on ${c.id}: ${String(err)}`),
    );

  let round = new Map<string, Citizen>();
  // Music on a channel (the engine's fallback when bridging fails) sends no event: hence the beat.
  const progress = new Condition(250);
  const on = (ev: Record<string, unknown>, t: number) => {
    const channel = ev.channel as { id: string } | undefined;
    const playback = ev.playback as { id: string; media_uri: string; target_uri: string } | undefined;
    const id = channel?.id ?? playback?.target_uri.replace(/^channel:/, '') ?? '';
    const c = round.get(id) ?? (ev.type === 'StasisStart' ? { id } : undefined);
    if (!c) return;
    const media = playback?.media_uri ?? '';
    switch (ev.type) {
      case 'StasisStart':
        round.set(id, c);
        c.stasisAt ??= t;
        break;
      case 'PlaybackStarted':
        if (media.includes('/greeting') && c.greetingAt === undefined) {
          c.greetingAt = t;
          c.menuPlayback = playback?.id;
        } else if (
          media.includes('/main-menu') &&
          playback?.id === c.menuPlayback &&
          c.key1At === undefined
        ) {
          // Greeting and root menu are one playback (a PlaybackStarted per item, as Asterisk does):
          // the citizen presses 1 once the menu itself starts.
          press(c, '1');
        } else if (media.includes('/appeals') && c.appealsAt === undefined && c.key1At !== undefined) {
          c.appealsAt = t;
          c.appealsPlayback = playback?.id;
          press(c, '0');
        } else if (media.includes('/queue-position') && c.key0At !== undefined) {
          // Callers wait with music on their own channel; the engine starts it before announcing.
          c.announcedAt ??= t;
          c.heldAt ??= t;
        }
        break;
      case 'PlaybackFinished':
        if (playback?.id === c.menuPlayback) {
          if (c.key1At !== undefined) c.stop1At ??= t;
          else c.menuEndedAlone = true;
        } else if (playback?.id === c.appealsPlayback) {
          if (c.key0At !== undefined) c.stop0At ??= t;
          else c.appealsEndedAlone = true;
        }
        break;
      case 'ChannelDtmfReceived':
        if ((ev.digit as string) === '1') c.key1At ??= t;
        if ((ev.digit as string) === '0') c.key0At ??= t;
        break;
      case 'StasisEnd':
        c.endedAt ??= t;
        break;
    }
    progress.poke();
  };
  // Stamp every event as the simulator hands it to the app's WebSocket, sent or filtered out: the
  // engine asks not to get PlaybackStarted, yet it is when the citizen starts hearing a prompt.
  const deliver = sim.world.subs.deliver.bind(sim.world.subs);
  sim.world.subs.deliver = (apps, event) => {
    const t = performance.now();
    const delivered = deliver(apps, event);
    on(event, t);
    return delivered;
  };
  serveParent(
    { url: sim.url },
    {
      stats: () => ({
        cpu: process.cpuUsage(),
        memory: process.memoryUsage(),
        live: sim.world.channels.size,
      }),
      placeAndQueue: async (args: { calls: number }): Promise<RoundReport> => {
        round = new Map();
        failures.length = 0;
        const t0 = performance.now();
        const onMusic = (c: Citizen) =>
          c.key0At !== undefined && Boolean(sim.world.records.get(c.id)?.mohClass);
        const settled = (c: Citizen) => {
          // Music on the channel has no ARI event: it is seen here, when the round is polled.
          if (c.heldAt === undefined && onMusic(c)) c.heldAt = performance.now();
          return (
            c.endedAt !== undefined ||
            (c.heldAt !== undefined && (c.stop0At !== undefined || c.appealsEndedAlone === true))
          );
        };
        const placed = await Promise.all(
          Array.from({ length: args.calls }, async (_, i) => {
            if (CALLS_PER_SEC > 0) await new Promise((r) => setTimeout(r, (i * 1000) / CALLS_PER_SEC));
            const postedAt = performance.now();
            const r = await request('POST', '/sim/calls', {
              from: `050${String(i).padStart(7, '0')}`,
              to: '1655',
            });
            const id = (r.json as { id: string }).id;
            if (r.status !== 201) failures.push(`place call: ${r.status}`);
            const c = round.get(id);
            if (c) c.postedAt = postedAt;
            else failures.push(`call ${id} never reached the app`);
            return id;
          }),
        );
        await progress
          .until(
            `all ${args.calls} callers on hold`,
            () => placed.every((id) => round.get(id) && settled(round.get(id)!)),
            30_000 + args.calls * 40,
          )
          .catch((err: unknown) => {
            const stuck = placed.map((id) => round.get(id) ?? { id }).filter((c) => !settled(c));
            const show = (c: Citizen) =>
              Object.entries(c)
                .map(([k, v]) => (typeof v === 'number' ? `${k}=${(v - t0).toFixed(0)}` : `${k}=${v}`))
                .join(' ');
            failures.push(
              `${String(err)}; ${stuck.length} stuck, e.g. ${stuck.slice(0, 3).map(show).join(' | ')}`,
            );
          });
        const all = [...round.values()];
        // -1 when some call never got there (reported in failures); NaN would not survive IPC.
        const lastOf = (pick: (c: Citizen) => number | undefined) =>
          all.length === args.calls && all.every((c) => pick(c) !== undefined)
            ? Math.max(...all.map((c) => pick(c)!)) - t0
            : -1;
        for (const c of all)
          if (c.endedAt !== undefined) failures.push(`call ${c.id} ended before it was queued`);
        return {
          calls: args.calls,
          spans: Object.fromEntries(
            SPANS.map(({ name, from, to }) => [
              name,
              all.flatMap((c) => (c[from] === undefined || c[to] === undefined ? [] : [c[to] - c[from]])),
            ]),
          ) as RoundReport['spans'],
          allGreetedMs: lastOf((c) => c.greetingAt),
          allQueuedMs: lastOf((c) => c.heldAt),
          notHeld: all.filter((c) => c.key0At !== undefined && c.heldAt === undefined && !onMusic(c)).length,
          lateKeys: all.filter((c) => c.menuEndedAlone || c.appealsEndedAlone).length,
          failures: failures.slice(0, 20),
        };
      },
      hangupAll: async () => {
        failures.length = 0;
        const all = [...round.values()];
        await Promise.all(
          all.map((c) =>
            request('DELETE', `/sim/calls/${c.id}`).then((r) => {
              if (r.status !== 204 && c.endedAt === undefined) failures.push(`hangup ${c.id}: ${r.status}`);
            }),
          ),
        );
        await progress.until('every caller gone', () => all.every((c) => c.endedAt !== undefined), 30_000);
        return { failures: failures.slice(0, 20), liveChannels: sim.world.channels.size };
      },
    },
  );
}

// ---- parent: the engine ------------------------------------------------------------------------

interface SimStats {
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
  live: number;
}

async function main(): Promise<void> {
  const sim = await startChildRole<{ url: string }>(fileURLToPath(import.meta.url), 'sim');
  const engine = await startBenchEngine({ ariUrl: sim.info.url, listen: false }).catch(async (err) => {
    await sim.stop();
    throw err;
  });
  const { cagri } = engine;
  const hist = Object.fromEntries(SPANS.map((s) => [s.name, latencyHistogram()])) as Record<
    SpanName,
    ReturnType<typeof latencyHistogram>
  >;
  // The engine's event-loop delay over the measured rounds: how long a ready event waited its turn.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const failures: string[] = [];
  let ok = true;
  try {
    const runRound = async (calls: number, measured: boolean) => {
      const simBefore = await sim.call<SimStats>('stats');
      const cpu0 = process.cpuUsage();
      const sampler = peakSampler();
      if (measured) loopDelay.enable();
      const report = await sim.call<RoundReport>('placeAndQueue', { calls });
      const waitingAtPeak = cagri.queue.snapshot().waiting.length;
      const activeAtPeak = cagri.engine.activeCalls;
      const h0 = performance.now();
      const hung = await sim.call<{ failures: string[]; liveChannels: number }>('hangupAll');
      await waitUntil('the engine to end every call', () => cagri.engine.activeCalls === 0, 30_000);
      await cagri.writes.idle();
      const drainMs = performance.now() - h0;
      const cpuMs = cpuMsSince(cpu0);
      const peak = sampler.stop();
      loopDelay.disable();
      const simAfter = await sim.call<SimStats>('stats');
      const after = memoryAfterGc();
      failures.push(...report.failures, ...hung.failures);
      if (measured) for (const { name } of SPANS) for (const v of report.spans[name]) recordMs(hist[name], v);
      const simCpuMs =
        (simAfter.cpu.user + simAfter.cpu.system - simBefore.cpu.user - simBefore.cpu.system) / 1000;
      return { report, waitingAtPeak, activeAtPeak, drainMs, cpuMs, simCpuMs, peak, after };
    };

    const idle = memoryAfterGc();
    for (let r = 0; r < WARMUP_ROUNDS; r++) await runRound(CALLS, false);
    const baseline = memoryAfterGc();
    const rounds: Array<Awaited<ReturnType<typeof runRound>>> = [];
    for (let r = 0; r < ROUNDS; r++) rounds.push(await runRound(CALLS, true));
    const waitingAfter = cagri.queue.snapshot().waiting.length;

    const expectedRows = WARMUP_CALLS + ROUNDS * CALLS;
    const client = new pg.Client({ connectionString: engine.db.url });
    await client.connect();
    const rows = (
      await client.query<{ total: string; ended: string; answered: string }>(
        'SELECT count(*) AS total, count(ended_at) AS ended, count(answered_at) AS answered FROM calls',
      )
    ).rows[0]!;
    const lost = (await client.query<{ n: string }>('SELECT count(*) AS n FROM lost_calls')).rows[0]!;
    await client.end();

    const totalCalls = ROUNDS * CALLS;
    const cpuTotal = rounds.reduce((s, r) => s + r.cpuMs, 0);
    const simCpuTotal = rounds.reduce((s, r) => s + r.simCpuMs, 0);
    const maxOf = (pick: (r: (typeof rounds)[number]) => number) => Math.max(...rounds.map(pick));
    printTable(
      `engine load: ${CALLS} concurrent calls to 1655 x ${ROUNDS} rounds (+${WARMUP_CALLS} warm-up), prompts ${PLAYBACK_MS} ms, ${CALLS_PER_SEC > 0 ? `${CALLS_PER_SEC} calls/s arriving` : 'all placed at once'}\n  ${machineLine()}`,
      [
        ['scenario', 'greeting+menu → key 1 → submenu → key 0 → on hold (operators offline) → hang up'],
        [
          'calls set up',
          `all ${CALLS} greeted in ${rounds.map((r) => r.report.allGreetedMs.toFixed(0)).join(' / ')} ms → ${rounds.map((r) => ((CALLS / r.report.allGreetedMs) * 1000).toFixed(0)).join(' / ')} calls/s`,
        ],
        ...SPANS.map((s): [string, string] => [s.label, percentilesMs(hist[s.name])]),
        [
          'all on hold',
          `${rounds.map((r) => r.report.allQueuedMs.toFixed(0)).join(' / ')} ms after the first dial`,
        ],
        [
          'waiting at peak',
          `${rounds.map((r) => `${r.waitingAtPeak} queued, ${r.activeAtPeak} active`).join(' / ')}`,
        ],
        [
          'hang-up drain',
          `${rounds.map((r) => r.drainMs.toFixed(0)).join(' / ')} ms (all DELETEd → engine idle, rows written)`,
        ],
        [
          'engine CPU',
          `${cpuTotal.toFixed(0)} ms for ${totalCalls} calls = ${(cpuTotal / totalCalls).toFixed(2)} ms/call (rounds ${rounds.map((r) => r.cpuMs.toFixed(0)).join(' / ')} ms)`,
        ],
        [
          'simulator+citizens CPU',
          `${(simCpuTotal / totalCalls).toFixed(2)} ms/call (the other process, for comparison)`,
        ],
        [
          'engine RSS',
          `idle ${mb(idle.rss)}, after warm-up ${mb(baseline.rss)}, peak ${mb(maxOf((r) => r.peak.rss))}, after GC ${rounds.map((r) => mb(r.after.rss)).join(' / ')}`,
        ],
        [
          'engine heap',
          `idle ${mb(idle.heapUsed)}, after warm-up ${mb(baseline.heapUsed)}, peak ${mb(maxOf((r) => r.peak.heapUsed))}, after GC ${rounds.map((r) => mb(r.after.heapUsed)).join(' / ')}`,
        ],
        [
          'engine loop delay',
          `p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)}  p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)}  max ${(loopDelay.max / 1e6).toFixed(1)} ms (a 10 ms timer: idle reads ~10)`,
        ],
        [
          'not on hold',
          `${rounds.reduce((s, r) => s + r.report.notHeld, 0)} callers pressed 0 and were never put on hold`,
        ],
        [
          'late keys',
          `${rounds.reduce((s, r) => s + r.report.lateKeys, 0)} (prompt had ended before the key; no stop sample)`,
        ],
        ['after all rounds', `${cagri.engine.activeCalls} active calls, ${waitingAfter} waiting`],
        [
          'calls rows',
          `${rows.total} rows, ${rows.ended} with ended_at, ${rows.answered} answered (expected ${expectedRows}); ${lost.n} lost_calls`,
        ],
        ['failures', failures.length === 0 ? 'none' : failures.slice(0, 8).join('; ')],
      ],
    );
    ok =
      failures.length === 0 &&
      Number(rows.total) === expectedRows &&
      Number(rows.ended) === expectedRows &&
      cagri.engine.activeCalls === 0 &&
      waitingAfter === 0;
  } finally {
    await engine.close();
    await sim.stop();
  }
  if (!ok) process.exitCode = 1;
}
