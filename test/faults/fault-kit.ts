// The parts a fault test breaks on purpose, each private to the test so nothing shared is ever
// stopped or flushed: a Postgres cluster of its own (initdb + pg_ctl as user postgres, on a free
// port), a redis-server of its own, and the engine as a real child process (`cagri serve`) that
// can be killed with SIGKILL. The simulator runs in the test process, as Asterisk would run
// beside the engine.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const ADMIN_TOKEN = 'fault-test-admin-token-0123456789';
/** The newest installed PostgreSQL server binaries (Debian: postgresql-NN). */
function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin/initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`fault tests need a PostgreSQL server (initdb, pg_ctl) under ${root}`);
  return path.join(root, versions[0], 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Polls `probe` until it returns something truthy; rejects after `timeoutMs` naming `what`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for: ${what}${last ? ` (last error: ${last})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const asPostgres = (cmd: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });

export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** A fresh cluster (trust auth on 127.0.0.1) with one database `cagri`. */
  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'cagri-fault-pg-'));
    chmodSync(dir, 0o777);
    const data = path.join(dir, 'data');
    asPostgres(`${pgBin()}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const p = new PrivatePostgres(dir, await freePort());
    p.startServer();
    const c = new pg.Client({ connectionString: p.url('postgres') });
    await c.connect();
    await c.query('CREATE DATABASE cagri');
    await c.end();
    return p;
  }

  url(db = 'cagri'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }

  startServer(): void {
    asPostgres(`${pgBin()}/pg_ctl`, [
      '-D',
      path.join(this.dir, 'data'),
      '-l',
      path.join(this.dir, 'log'),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off`,
      '-w',
      'start',
    ]);
  }

  /** Stops the server the hard way (as a crash or a cut cable would): connections just end. */
  stopServer(): void {
    asPostgres(`${pgBin()}/pg_ctl`, ['-D', path.join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    try {
      this.stopServer();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const c = new pg.Client({ connectionString: this.url() });
    await c.connect();
    try {
      return (await c.query<R>(sql, params)).rows;
    } finally {
      await c.end();
    }
  }
}

export class PrivateRedis {
  private proc: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  /** No persistence: a restart comes back empty, as a Redis without AOF or a replaced one does. */
  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.startServer();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async startServer(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await until('redis-server listening', () => {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe' });
        return true;
      } catch {
        return false;
      }
    });
  }

  async stopServer(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  cli(...args: string[]): string {
    return execFileSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8' }).trim();
  }
}

export interface EngineEnv {
  ariUrl: string;
  /** ARI account; the simulator's cagri/cagri when not given (a real instance has its own secret). */
  ariUsername?: string;
  ariPassword?: string;
  databaseUrl: string;
  redisUrl: string;
  configDir: string;
  dataDir: string;
  httpPort: number;
}

/** A copy of config/ with 1655 open around the clock (the fault tests run at any hour). */
export function faultConfig(opts: { lostCallGraceSec?: number } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cagri-fault-config-'));
  cpSync(path.join(REPO, 'config'), dir, { recursive: true });
  if (opts.lostCallGraceSec !== undefined) {
    const callbacks = path.join(dir, 'callbacks.yaml');
    writeFileSync(
      callbacks,
      readFileSync(callbacks, 'utf8').replace(
        /lostCallGraceSec: \d+/,
        `lostCallGraceSec: ${opts.lostCallGraceSec}`,
      ),
    );
  }
  const services = path.join(dir, 'services.yaml');
  writeFileSync(
    services,
    readFileSync(services, 'utf8').replace(/hours: working-days(\s+#[^\n]*)?/, 'hours: always'),
  );
  return dir;
}

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

/** `node bin/cagri.js serve` as a child process, its JSON log lines kept for assertions. */
export class EngineProcess {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<number | null>;
  private constructor(
    readonly proc: ChildProcess,
    readonly env: EngineEnv,
  ) {
    let buf = '';
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.lines.push({ level: 30, msg: line });
        }
      }
    });
    proc.stderr?.on('data', (d: Buffer) => this.lines.push({ level: 50, msg: d.toString() }));
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  static start(env: EngineEnv): EngineProcess {
    const proc = spawn(process.execPath, [path.join(REPO, 'bin/cagri.js'), 'serve'], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH,
        ARI_URL: env.ariUrl,
        ARI_USERNAME: env.ariUsername ?? 'cagri',
        ARI_PASSWORD: env.ariPassword ?? 'cagri',
        DATABASE_URL: env.databaseUrl,
        REDIS_URL: env.redisUrl,
        ADMIN_TOKEN,
        CAGRI_CONFIG: env.configDir,
        CAGRI_DATA_DIR: env.dataDir,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(env.httpPort),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new EngineProcess(proc, env);
  }

  get base(): string {
    return `http://127.0.0.1:${this.env.httpPort}`;
  }

  logged(msg: string | RegExp): LogLine | undefined {
    return this.lines.find((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg)));
  }

  waitForLog(msg: string | RegExp, timeoutMs = 20_000): Promise<LogLine> {
    return until(`engine log "${msg}"`, () => this.logged(msg), timeoutMs).catch((err: Error) => {
      throw new Error(`${err.message}\nlast lines:\n${this.tail()}`);
    });
  }

  tail(n = 15): string {
    return this.lines
      .slice(-n)
      .map(
        (l) =>
          `${l.level} ${l.msg} ${JSON.stringify({ ...l, level: undefined, msg: undefined, time: undefined, pid: undefined, hostname: undefined })}`,
      )
      .join('\n');
  }

  // biome-ignore lint/suspicious/noExplicitAny: test code reads JSON shapes freely
  async get(url: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}${url}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  async put(url: string, body: unknown): Promise<number> {
    const res = await fetch(`${this.base}${url}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.body?.cancel();
    return res.status;
  }

  /** kill -9: no shutdown code runs, exactly like a crash. */
  async kill9(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    this.proc.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(t);
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
