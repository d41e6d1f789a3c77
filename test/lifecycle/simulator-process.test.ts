// `cagri simulator` and `cagri demo` with their port taken: a plain message and exit 2, never a
// stack; a running simulator stops on SIGTERM with exit 0.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, freePort, serveEnv } from './cli-process.ts';

const START_MS = 45_000;
const procs: CliProcess[] = [];
function cagri(args: string[], env: NodeJS.ProcessEnv = { PATH: process.env.PATH }): CliProcess {
  const p = new CliProcess(args, env);
  procs.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
});

async function busyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, server };
}

describe('simulator and demo ports', { timeout: 90_000 }, () => {
  it('simulator: port in use → exit 2 with a message, no stack', async () => {
    const { port, server } = await busyPort();
    try {
      const p = cagri(['simulator', '--port', String(port)]);
      const exit = await p.exit(START_MS);
      expect(exit.code).toBe(2);
      expect(p.stderr.join('\n')).toContain(`--host/--port: 127.0.0.1:${port} is already in use`);
      expect(p.output).not.toMatch(/^\s+at /m);
    } finally {
      server.close();
    }
  });

  it('simulator: a port that is not a number → exit 2', async () => {
    const p = cagri(['simulator', '--port', '80x']);
    expect((await p.exit(START_MS)).code).toBe(2);
    expect(p.stderr.join('\n')).toContain("--port must be a number from 0 to 65535, got '80x'");
  });

  it('simulator: runs, then SIGTERM → exit 0', async () => {
    const port = await freePort();
    const p = cagri(['simulator', '--port', String(port)]);
    await p.line(/listening on/, START_MS);
    const res = await fetch(`http://127.0.0.1:${port}/sim/calls`);
    expect(res.status).toBe(200);
    const exit = await p.stop('SIGTERM', 5000);
    expect(exit.code).toBe(0);
  });

  it('demo: simulator port in use → exit 2 naming --sim-port, no stack', async () => {
    const { port, server } = await busyPort();
    try {
      const p = cagri(
        ['demo', '--sim-port', String(port), '--http-port', String(await freePort())],
        serveEnv({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/x` }),
      );
      const exit = await p.exit(START_MS);
      expect(exit.code).toBe(2);
      expect(p.stderr.join('\n')).toContain(`--sim-port: 127.0.0.1:${port} is already in use`);
      expect(p.output).not.toMatch(/^\s+at /m);
    } finally {
      server.close();
    }
  });
});
