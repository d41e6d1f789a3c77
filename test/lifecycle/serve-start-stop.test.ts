// `cagri serve` as a service manager sees it (a real child process): probes first, dependencies
// awaited with a line per attempt naming the variable, a bad setting or a busy port ends it at once
// with exit 2 and a plain message, and SIGTERM stops it within seconds whatever it is waiting for.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, serviceUrls } from '../support/services.ts';
import { CliProcess, freePort, getJson, serveEnv } from './cli-process.ts';

// Start-up runs the TypeScript through tsx; on a loaded 2-core machine that alone takes seconds.
const START_MS = 45_000;
const STOP_MS = 5_000;

const procs: CliProcess[] = [];
function serve(env: NodeJS.ProcessEnv): CliProcess {
  const p = new CliProcess(['serve'], env);
  procs.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
});

// Each test starts a real process through tsx: seconds on a loaded machine, hence the long bound.
describe('cagri serve: start and stop like a service', { timeout: 120_000 }, () => {
  it('Postgres unreachable: probes up at once, one line per attempt naming DATABASE_URL, SIGTERM stops it', async () => {
    const [http, pgPort] = [await freePort(), await freePort()];
    const p = serve(
      serveEnv({
        HTTP_PORT: String(http),
        DATABASE_URL: `postgres://postgres:secret-pw@127.0.0.1:${pgPort}/x`,
        REDIS_URL: serviceUrls().redisUrl,
      }),
    );
    await p.line(/"retryInMs":1000.*postgres unreachable \(DATABASE_URL\): connect ECONNREFUSED/, START_MS);
    const health = await getJson(`http://127.0.0.1:${http}/healthz`);
    expect(health.status).toBe(200);
    const ready = await getJson(`http://127.0.0.1:${http}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'starting', down: ['postgres (DATABASE_URL)'] });
    const api = await fetch(`http://127.0.0.1:${http}/api/calls`);
    expect(api.status).toBe(503);
    // Backoff doubles: 500 ms, 1 s, 2 s … and the password never reaches the log.
    expect(p.output).toMatch(/retrying in 500 ms/);
    expect(p.output).not.toContain('secret-pw');
    // SIGHUP (reload) during start-up must not end the process, as its default action would.
    p.signal('SIGHUP');
    await p.line(/SIGHUP during start-up: nothing to reload yet/, STOP_MS);
    expect(p.running).toBe(true);
    const exit = await p.stop('SIGTERM', STOP_MS);
    expect(exit.code).toBe(0);
    console.log(`lifecycle postgres-unreachable: SIGTERM → exit ${exit.code} in ${exit.ms} ms`);
  });

  it('Redis unreachable: probes up, lines name REDIS_URL, SIGINT stops it', async () => {
    const [http, redisPort] = [await freePort(), await freePort()];
    const p = serve(
      serveEnv({
        HTTP_PORT: String(http),
        DATABASE_URL: serviceUrls().databaseUrl,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      }),
    );
    await p.line(/redis unreachable \(REDIS_URL\): .*ECONNREFUSED.*; retrying in/, START_MS);
    const ready = await getJson(`http://127.0.0.1:${http}/readyz`);
    expect(ready).toMatchObject({ status: 503, body: { down: ['redis (REDIS_URL)'] } });
    const exit = await p.stop('SIGINT', STOP_MS);
    expect(exit.code).toBe(0);
  });

  it('HTTP port in use: exit 2 at once with a message naming the setting, nothing started', async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const p = serve(
        serveEnv({
          HTTP_PORT: String(port),
          DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/x`,
          REDIS_URL: serviceUrls().redisUrl,
        }),
      );
      const exit = await p.exit(START_MS);
      expect(exit.code).toBe(2);
      expect(p.stderr.join('\n')).toContain(`HTTP_HOST/HTTP_PORT: 127.0.0.1:${port} is already in use`);
      expect(p.output).not.toMatch(/^\s+at /m);
      expect(p.output).not.toContain('postgres unreachable');
    } finally {
      busy.close();
    }
  });

  it('a bad setting: exit 2, every problem by variable name, no stack', async () => {
    const p = serve(
      serveEnv({
        HTTP_PORT: 'eighty',
        ADMIN_TOKEN: 'short',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'redis://x',
      }),
    );
    const exit = await p.exit(START_MS);
    expect(exit.code).toBe(2);
    const err = p.stderr.join('\n');
    expect(err).toContain('Invalid environment');
    expect(err).toMatch(/HTTP_PORT/);
    expect(err).toMatch(/ADMIN_TOKEN must be at least 16 characters/);
    expect(err).toMatch(/DATABASE_URL must be a URL starting with postgres:/);
    expect(p.output).not.toMatch(/^\s+at /m);
  });

  it('a bad config folder: exit 2 with file:line:col before anything is awaited', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cagri-life-'));
    try {
      const p = serve(
        serveEnv({
          CAGRI_CONFIG: dir,
          HTTP_PORT: String(await freePort()),
          DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/x`,
          REDIS_URL: serviceUrls().redisUrl,
        }),
      );
      const exit = await p.exit(START_MS);
      expect(exit.code).toBe(2);
      expect(p.stderr.join('\n')).toContain(`${join(dir, 'services.yaml')}:1:1: file not found`);
      expect(p.output).not.toMatch(/^\s+at /m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ARI unreachable after start: /readyz names ari, SIGTERM stops within seconds (was 10+ min)', async () => {
    const db = await createTestDatabase();
    // Its own Redis database: this engine's queues never meet another test's (emptied afterwards).
    const redisUrl = `${serviceUrls().redisUrl.replace(/\/\d*$/, '')}/11`;
    const data = await mkdtemp(join(tmpdir(), 'cagri-life-data-'));
    const http = await freePort();
    try {
      const p = serve(
        serveEnv({
          HTTP_PORT: String(http),
          ARI_URL: `http://127.0.0.1:${await freePort()}`,
          DATABASE_URL: db.url,
          REDIS_URL: redisUrl,
          CAGRI_DATA_DIR: data,
        }),
      );
      await p.line(/cagri is running/, START_MS);
      await p.line(/"variable":"ARI_URL".*ARI not reachable, retrying/, START_MS);
      const ready = await getJson(`http://127.0.0.1:${http}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.body.down).toEqual(['ari']);
      const exit = await p.stop('SIGTERM', STOP_MS);
      expect(exit.code).toBe(0);
      expect(p.output).toContain('"msg":"stopped"');
      console.log(`lifecycle ari-unreachable: SIGTERM → exit ${exit.code} in ${exit.ms} ms`);
    } finally {
      const redis = new Redis(redisUrl);
      await redis.flushdb();
      redis.disconnect();
      await db.drop();
      await rm(data, { recursive: true, force: true });
    }
  });
});
