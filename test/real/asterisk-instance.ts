// A fresh real Asterisk 22.10.1 per test file, started from the project's OWN asterisk-config/:
// only ports, bind addresses (127.0.0.1), secrets (written by asterisk-config/docker-entrypoint.sh
// itself, as in the container) and paths differ from what ships. Several instances may run at
// once (each has its own folder, HTTP/SIP ports and RTP range).
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freeTcpPort, freeUdpPort, freeUdpRange, type PortRange } from './free-ports.ts';
import { placeholderPrompts } from './placeholder-prompts.ts';

const run = promisify(execFile);
export const REPO = path.resolve(import.meta.dirname, '../..');
const SHIPPED_CONFIG = path.join(REPO, 'asterisk-config');
/** Where scripts/asterisk-build.sh keeps its build: the script is the one source of that path. */
export const DEFAULT_PREFIX = execFileSync(
  'bash',
  [path.join(REPO, 'scripts/asterisk-build.sh'), '--print-prefix'],
  {
    encoding: 'utf8',
  },
).trim();
/** The carrier's side of the trunk: a loopback address of its own, so pjsip's IP match tells it apart. */
export const CARRIER_HOST = '127.0.0.2';

export type PhoneName = 'op1' | 'op2' | 'op3' | 'duty';

export interface AsteriskInstance {
  prefix: string;
  /** The instance's folder (etc, run, log, spool, lib, data). */
  dir: string;
  ariUrl: string;
  ariUsername: string;
  ariPassword: string;
  /** SIP over UDP on 127.0.0.1. */
  sipPort: number;
  rtpRange: PortRange;
  /** The passwords phones register with (pjsip.conf auth sections). */
  sipPasswords: Record<PhoneName, string>;
  /** Where the trunk sends calls (the carrier): a citizen phone listens here to be called back. */
  carrier: { host: string; port: number };
  /** sounds/cagri (the project's prompts, one folder per language). */
  promptsDir: string;
  logPath: string;
  /** Runs an Asterisk CLI command (`asterisk -rx`) and returns its output. */
  cli(cmd: string): Promise<string>;
  /** Lines of the log that say a module did not load. */
  moduleErrors(): string[];
  /** Stops Asterisk and starts it again from the same folder, same ports. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  prefix?: string;
  /** A folder of prompts (cagri/<lang>/*.wav) to link as sounds/cagri; default: generated placeholders. */
  promptsDir?: string;
  /** Keep the folder after stop (also with CAGRI_KEEP_ASTERISK=1), for reading logs. */
  keep?: boolean;
  bootTimeoutMs?: number;
}

export function asteriskPrefix(): string {
  return process.env.CAGRI_ASTERISK_PREFIX || DEFAULT_PREFIX;
}

/** Why a real Asterisk cannot run here, or undefined when it can. */
export function asteriskMissingReason(prefix = asteriskPrefix()): string | undefined {
  const bin = path.join(prefix, 'sbin/asterisk');
  if (!existsSync(bin)) return `no Asterisk at ${bin} (build it with scripts/asterisk-build.sh)`;
  if (!existsSync(path.join(prefix, 'lib/asterisk/modules/res_ari.so'))) {
    return `${prefix} has no ARI modules (rebuild with scripts/asterisk-build.sh)`;
  }
  return undefined;
}

export async function startAsterisk(opts: StartOptions = {}): Promise<AsteriskInstance> {
  const prefix = opts.prefix ?? asteriskPrefix();
  const missing = asteriskMissingReason(prefix);
  if (missing) throw new Error(missing);
  const dir = mkdtempSync('/tmp/cagri-ast-');
  const paths = {
    etc: path.join(dir, 'etc'),
    run: path.join(dir, 'run'),
    log: path.join(dir, 'log'),
    spool: path.join(dir, 'spool'),
    lib: path.join(dir, 'lib'),
    data: path.join(dir, 'data'),
  };
  for (const p of Object.values(paths)) mkdirSync(p, { recursive: true });

  const httpPort = await freeTcpPort();
  const sipPort = await freeUdpPort();
  const rtpRange = await freeUdpRange(200);
  const carrierPort = await freeUdpPort(CARRIER_HOST);
  const secret = () => randomBytes(12).toString('hex');
  const ariPassword = secret();
  const sipPasswords: Record<PhoneName, string> = {
    op1: secret(),
    op2: secret(),
    op3: secret(),
    duty: secret(),
  };

  copyShippedConfig(paths.etc, { httpPort, sipPort, rtpRange });
  await writeSecrets(path.join(paths.etc, 'cagri-secrets'), {
    ARI_PASSWORD: ariPassword,
    SIP_PASSWORD_OP1: sipPasswords.op1,
    SIP_PASSWORD_OP2: sipPasswords.op2,
    SIP_PASSWORD_OP3: sipPasswords.op3,
    SIP_PASSWORD_DUTY: sipPasswords.duty,
    SIP_TRUNK_ADDRESS: `${CARRIER_HOST}:${carrierPort}`,
    SIP_TRUNK_MATCH: CARRIER_HOST,
  });
  const conf = path.join(paths.etc, 'asterisk.conf');
  writeFileSync(conf, asteriskConf(prefix, paths));
  writeFileSync(
    path.join(paths.etc, 'logger.conf'),
    '[general]\ndateformat = %F %T.%3q\n[logfiles]\nmessages.log => notice,warning,error,verbose(3)\n',
  );
  const promptsDir = opts.promptsDir ?? (await placeholderPrompts(path.join(REPO, 'config')));
  mkdirSync(path.join(paths.data, 'sounds'), { recursive: true });
  symlinkSync('/usr/share/asterisk/sounds/en', path.join(paths.data, 'sounds/en'));
  symlinkSync(promptsDir, path.join(paths.data, 'sounds/cagri'));
  symlinkSync('/usr/share/asterisk/moh', path.join(paths.data, 'moh'));
  // ARI serves its own API description (resources.json, which ari-client loads) from here.
  symlinkSync(path.join(prefix, 'var/lib/asterisk/rest-api'), path.join(paths.data, 'rest-api'));

  const logPath = path.join(paths.log, 'messages.log');
  const consolePath = path.join(paths.log, 'console.log');
  const bin = path.join(prefix, 'sbin/asterisk');
  const bootTimeoutMs = opts.bootTimeoutMs ?? 30_000;
  let child: ChildProcess | undefined;
  const ariUrl = `http://127.0.0.1:${httpPort}`;

  const cli = async (cmd: string): Promise<string> => {
    const { stdout } = await run(bin, ['-C', conf, '-rx', cmd], { timeout: 15_000 });
    return stdout;
  };
  const tail = () => {
    const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : '');
    return [read(logPath), read(consolePath)].join('\n').split('\n').slice(-40).join('\n');
  };
  const moduleErrors = () =>
    (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '')
      .split('\n')
      .filter((l) => /Error loading module|missing dependency|Declined to load|failed to load/i.test(l));

  const launch = async () => {
    const out = openSync(consolePath, 'a');
    // Its own process group, so stop() takes every thread and helper with it.
    const proc = spawn(bin, ['-f', '-C', conf], { detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    child = proc;
    let exited: string | undefined;
    proc.once('exit', (code, sig) => {
      exited = `exited with ${sig ?? code}`;
    });
    const deadline = Date.now() + bootTimeoutMs;
    for (;;) {
      if (exited) throw new Error(`Asterisk ${exited} while booting (${dir}):\n${tail()}`);
      if (Date.now() > deadline) {
        killGroup(proc);
        throw new Error(`Asterisk did not boot within ${bootTimeoutMs} ms (${dir}):\n${tail()}`);
      }
      const booted = await cli('core waitfullybooted').then(
        (o) => /fully booted/i.test(o),
        () => false,
      );
      if (booted) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitForAri(ariUrl, ariPassword, 10_000).catch((err: Error) => {
      killGroup(proc);
      throw new Error(
        `Asterisk booted but ARI does not answer (${err.message}); modules that failed:\n` +
          `${moduleErrors().join('\n') || '(none logged)'}\n${tail()}`,
      );
    });
  };

  const halt = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((r) => proc.once('exit', () => r()));
    await cli('core stop now').catch(() => undefined);
    const timer = setTimeout(() => killGroup(proc), 3000);
    await gone;
    clearTimeout(timer);
    killGroup(proc); // helpers left in the group, if any
  };

  instances.add(() => child && killGroup(child));
  await launch();
  return {
    prefix,
    dir,
    ariUrl,
    ariUsername: 'cagri',
    ariPassword,
    sipPort,
    rtpRange,
    sipPasswords,
    carrier: { host: CARRIER_HOST, port: carrierPort },
    promptsDir,
    logPath,
    cli,
    moduleErrors,
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      await halt();
      if (!opts.keep && process.env.CAGRI_KEEP_ASTERISK !== '1')
        rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Ports {
  httpPort: number;
  sipPort: number;
  rtpRange: PortRange;
}

/** Copies asterisk-config/*.conf, changing only ports and bind addresses; fails if a line moved. */
function copyShippedConfig(etc: string, ports: Ports): void {
  const edits: Record<string, Array<[RegExp, string]>> = {
    'http.conf': [
      [/^bindaddr\s*=.*$/m, 'bindaddr = 127.0.0.1'],
      [/^bindport\s*=.*$/m, `bindport = ${ports.httpPort}`],
    ],
    'pjsip.conf': [[/^bind\s*=\s*0\.0\.0\.0:5060$/m, `bind = 127.0.0.1:${ports.sipPort}`]],
    'rtp.conf': [
      [/^rtpstart\s*=.*$/m, `rtpstart = ${ports.rtpRange.start}`],
      [/^rtpend\s*=.*$/m, `rtpend = ${ports.rtpRange.end}`],
    ],
  };
  for (const file of readdirSync(SHIPPED_CONFIG).filter((f) => f.endsWith('.conf'))) {
    let text = readFileSync(path.join(SHIPPED_CONFIG, file), 'utf8');
    for (const [re, line] of edits[file] ?? []) {
      if (!re.test(text)) throw new Error(`asterisk-config/${file}: no line matching ${re} to change`);
      text = text.replace(re, line);
    }
    writeFileSync(path.join(etc, file), text);
  }
}

/** The shipped entrypoint writes the cagri-secrets/*.conf files, exactly as in the container. */
async function writeSecrets(dir: string, env: Record<string, string>): Promise<void> {
  await run('sh', [path.join(SHIPPED_CONFIG, 'docker-entrypoint.sh'), '--secrets-only', dir], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
}

function asteriskConf(prefix: string, p: Record<string, string>): string {
  return `[directories]
astetcdir => ${p.etc}
astmoddir => ${prefix}/lib/asterisk/modules
astvarlibdir => ${p.lib}
astdbdir => ${p.lib}
astkeydir => ${p.lib}
astdatadir => ${p.data}
astagidir => ${p.data}/agi-bin
astspooldir => ${p.spool}
astrundir => ${p.run}
astlogdir => ${p.log}
astsbindir => ${prefix}/sbin

[options]
verbose = 3
`;
}

async function waitForAri(url: string, password: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const auth = `Basic ${Buffer.from(`cagri:${password}`).toString('base64')}`;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      // resources.json too: ari-client loads the API description from it before anything else.
      const res = await fetch(`${url}/ari/api-docs/resources.json`, { headers: { authorization: auth } });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`GET ${url}/ari/api-docs/resources.json: ${last}`);
}

function killGroup(proc: ChildProcess): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    // already gone: nothing left to stop
  }
}

// A test process that dies (or is killed by vitest) must not leave Asterisks behind.
const instances = new Set<() => void>();
process.once('exit', () => {
  for (const kill of instances) kill();
});
