// The config-folder attacks through the commands people run: `cagri check` prints file:line:col
// and exits 1, `cagri serve` exits 2 with the same lines, POST /api/config/reload answers 422;
// never a stack trace, and nothing changes.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/config/config-store.ts';
import { configRoutes } from '../../src/http/config-routes.ts';
import { createLogger } from '../../src/log/logger.ts';
import { copyConfig, removeDir, where } from '../config/config-fixture.ts';
import { CliProcess, freePort, serveEnv } from '../lifecycle/cli-process.ts';

const START_MS = 45_000;
const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '',
].join('\n');
const MESSAGE = 'YAML: the aliases (*name) expand too much (over 100 times); write the values out instead';

let dir: string;
let bomb: string;
const procs: CliProcess[] = [];
beforeEach(async () => {
  dir = await copyConfig();
  bomb = join(dir, 'menus', 'bomb.yaml');
  await writeFile(bomb, BOMB);
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await removeDir(dir);
});

describe('an alias bomb in every command', { timeout: 90_000 }, () => {
  it('cagri check: file:line:col, exit 1, no stack', async () => {
    const p = new CliProcess(['check', dir], { PATH: process.env.PATH });
    procs.push(p);
    const exit = await p.exit(START_MS);
    expect(exit.code).toBe(1);
    expect(p.stdout).toContain(`${await where(bomb, '*a')}: ${MESSAGE}`);
    expect(p.output).not.toMatch(/^\s+at /m);
  });

  it('cagri serve: exit 2 with the same line, before anything else', async () => {
    const p = new CliProcess(
      ['serve'],
      serveEnv({
        CAGRI_CONFIG: dir,
        HTTP_PORT: String(await freePort()),
        DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/x`,
        REDIS_URL: 'redis://127.0.0.1:6379',
      }),
    );
    procs.push(p);
    const exit = await p.exit(START_MS);
    expect(exit.code).toBe(2);
    expect(p.stderr.join('\n')).toContain(`${await where(bomb, '*a')}: ${MESSAGE}`);
    expect(p.output).not.toMatch(/^\s+at /m);
  });

  it('POST /api/config/reload: 422 with file:line:col, the running config stays', async () => {
    const good = await copyConfig();
    try {
      const store = await ConfigStore.open(good, createLogger({ level: 'silent' }));
      const version = store.current().version;
      await writeFile(join(good, 'menus', 'bomb.yaml'), BOMB);
      const app = Fastify();
      await app.register(configRoutes(store), { prefix: '/api' });
      const res = await app.inject({ method: 'POST', url: '/api/config/reload' });
      expect(res.statusCode).toBe(422);
      const body = res.json() as { errors: string[]; version: string };
      expect(body.errors).toEqual([`${await where(join(good, 'menus', 'bomb.yaml'), '*a')}: ${MESSAGE}`]);
      expect(body.version).toBe(version);
      await app.close();
    } finally {
      await removeDir(good);
    }
  });
});
