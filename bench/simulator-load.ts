// 1,000 concurrent simulated calls against the ARI simulator, driven by a minimal raw ws+fetch app
// (not the engine): place call → app answers → plays → citizen presses 1 → app stops the prompt and
// hangs up. The simulator runs in a child process so its own CPU time and memory can be measured.
//   node --import tsx bench/simulator-load.ts [calls]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startSimulator } from '../src/simulator/index.ts';

const CALLS = Number(process.argv[2] ?? 1000);

if (process.env.SIM_CHILD === '1') {
  // Child: the simulator alone; prompts last 10 s so every call is still in its prompt when the
  // DTMF arrives (the app stops it).
  const sim = await startSimulator({ port: 0, defaultPlaybackMs: 10_000 });
  process.stdout.write(`${sim.url}\n`);
} else {
  await runBenchmark();
}

async function runBenchmark(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, SIM_CHILD: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d) => resolve(String(d).trim())),
  );
  // Loaded here, not at the top: the child process should hold the simulator alone.
  const { controlClient, mb } = await import('./bench-support.ts');
  const request = controlClient(url);
  const ariCall = (method: string, path: string) => request(method, `/ari${path}`).then((r) => r.status);
  const stats = async () =>
    (await request('GET', '/sim/stats')).json as {
      liveChannels: number;
      cpuMicros: { user: number; system: number };
      memory: { rss: number; heapUsed: number };
    };

  const ws = new WebSocket(`${url.replace('http', 'ws')}/ari/events?app=cagri&api_key=cagri:cagri`);
  await new Promise((r) => ws.once('open', r));

  const placedAt = new Map<string, number>();
  const latencies: number[] = [];
  let started = 0;
  let ended = 0;
  let onAllStarted: () => void = () => {};
  let onAllEnded: () => void = () => {};
  const allStarted = new Promise<void>((r) => {
    onAllStarted = r;
  });
  const allEnded = new Promise<void>((r) => {
    onAllEnded = r;
  });
  const failures: string[] = [];
  const check = (what: string, expected: number) => (status: number) => {
    if (status !== expected) failures.push(`${what}: ${status}`);
  };

  ws.on('message', (data) => {
    const ev = JSON.parse(String(data)) as {
      type: string;
      channel?: { id: string };
      playback?: { target_uri: string };
    };
    const id = ev.channel?.id ?? ev.playback?.target_uri.slice('channel:'.length) ?? '';
    switch (ev.type) {
      case 'StasisStart':
        void ariCall('POST', `/channels/${id}/answer`)
          .then(check('answer', 204))
          .then(() => ariCall('POST', `/channels/${id}/play/pb-${id}?media=sound:welcome`))
          .then(check('play', 201));
        break;
      case 'PlaybackStarted':
        if (++started === CALLS) onAllStarted();
        break;
      case 'ChannelDtmfReceived':
        void ariCall('DELETE', `/playbacks/pb-${id}`)
          .then(check('stop', 204))
          .then(() => ariCall('DELETE', `/channels/${id}`))
          .then(check('hangup', 204));
        break;
      case 'StasisEnd':
        latencies.push(performance.now() - (placedAt.get(id) ?? 0));
        if (++ended === CALLS) onAllEnded();
        break;
    }
  });

  const before = await stats();
  const driverCpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ids = await Promise.all(
    Array.from({ length: CALLS }, async (_, i) => {
      const sent = performance.now();
      const res = await request('POST', '/sim/calls', {
        from: `050${String(i).padStart(7, '0')}`,
        to: '1655',
      });
      const { id } = res.json as { id: string };
      placedAt.set(id, sent);
      return id;
    }),
  );
  const placedMs = performance.now() - t0;
  await allStarted;
  const startedMs = performance.now() - t0;
  const peak = await stats();
  await Promise.all(
    ids.map((id) => request('POST', `/sim/calls/${id}/dtmf`, { digits: '1', durationMs: 100 })),
  );
  await allEnded;
  const wallMs = performance.now() - t0;
  const after = await stats();
  ws.close();
  child.kill('SIGTERM');

  const driverCpu = process.cpuUsage(driverCpu0);
  const cpuMs =
    (after.cpuMicros.user + after.cpuMicros.system - before.cpuMicros.user - before.cpuMicros.system) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  console.log(`simulator load: ${CALLS} concurrent calls (answer, play, DTMF, stop, hangup)`);
  console.log(`  wall time            ${wallMs.toFixed(0)} ms (includes 100 ms DTMF tone)`);
  console.log(
    `  phases               all placed ${placedMs.toFixed(0)} ms, all prompts playing ${startedMs.toFixed(0)} ms`,
  );
  console.log(`  live at peak         ${peak.liveChannels} channels, ${started} prompts playing`);
  console.log(
    `  simulator CPU        ${cpuMs.toFixed(0)} ms total, ${(cpuMs / CALLS).toFixed(3)} ms per call`,
  );
  console.log(
    `  driver app CPU       ${((driverCpu.user + driverCpu.system) / 1000).toFixed(0)} ms total (the raw ws+http app, for comparison)`,
  );
  console.log(
    `  simulator memory     rss ${mb(peak.memory.rss)} / heap ${mb(peak.memory.heapUsed)} at peak (idle before: rss ${mb(before.memory.rss)}, heap ${mb(before.memory.heapUsed)})`,
  );
  console.log(
    `  call duration        p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${pct(100).toFixed(0)} ms`,
  );
  console.log(
    `  REST failures        ${failures.length}${failures.length ? ` (${failures.slice(0, 5).join(', ')})` : ''}`,
  );
  if (failures.length || ended !== CALLS) process.exitCode = 1;
}
