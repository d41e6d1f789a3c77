// The real `cagri` command as a child process: its output lines, waiting for one, its exit (code
// and how long after a signal), and a free port. Tests bound every wait by a timeout.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class CliProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private waiters: (() => void)[] = [];

  constructor(args: string[], env: NodeJS.ProcessEnv, opts: { script?: string } = {}) {
    const script = opts.script ?? resolve(ROOT, 'bin/cagri.js');
    const nodeArgs = opts.script?.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
    this.child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: ROOT, env, stdio: 'pipe' });
    const collect = (into: string[]) => {
      let rest = '';
      return (chunk: Buffer) => {
        const parts = (rest + chunk.toString()).split('\n');
        rest = parts.pop() ?? '';
        into.push(...parts);
        for (const w of this.waiters.splice(0)) w();
      };
    };
    this.child.stdout?.on('data', collect(this.stdout));
    this.child.stderr?.on('data', collect(this.stderr));
    this.exited = new Promise((done) =>
      this.child.on('exit', (code, signal) => {
        for (const w of this.waiters.splice(0)) w();
        done({ code, signal });
      }),
    );
  }

  get output(): string {
    return [...this.stdout, ...this.stderr].join('\n');
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the first output line matching `re`; rejects on timeout or exit first. */
  async line(re: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.stdout, ...this.stderr].find((l) => re.test(l));
      if (found) return found;
      if (!this.running) throw new Error(`exited before printing ${re}:\n${this.output}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line matching ${re} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise<void>((wake) => {
        const t = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(t);
          wake();
        });
      });
    }
  }

  /** How long the process takes to exit after `signal` (ms), and its exit. */
  async stop(signal: NodeJS.Signals, timeoutMs: number): Promise<Exit & { ms: number }> {
    const started = performance.now();
    this.child.kill(signal);
    const exit = await this.exit(timeoutMs);
    return { ...exit, ms: Math.round(performance.now() - started) };
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async exit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`still running after ${timeoutMs} ms:\n${this.output}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Test clean-up: whatever state it is in, it is gone afterwards. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The environment of a child `cagri serve`, minimal and explicit (nothing inherited by accident). */
export function serveEnv(over: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ARI_USERNAME: 'cagri',
    ARI_PASSWORD: 'cagri',
    ADMIN_TOKEN: 'lifecycle-test-token-0123456789',
    CAGRI_CONFIG: resolve(ROOT, 'config'),
    HTTP_HOST: '127.0.0.1',
    ...over,
  };
}

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
