// A real SIP phone for the real-Asterisk tier: one baresip process with its own config folder,
// SIP port and RTP ports. It sends its own sine tone (aufile) and records what it receives
// (sndfile), so a test can prove who heard whom. Operators register; a citizen sits behind the
// carrier trunk (its own loopback address, no registration).
import { type ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { toneWav } from './audio-check.ts';
import { BaresipControl, type BaresipEvent } from './baresip-control.ts';
import { freeTcpPort, freeUdpPort, freeUdpRange } from './free-ports.ts';

/** How a phone treats an incoming call. */
export type AnswerMode =
  | { kind: 'auto' }
  | { kind: 'after'; ms: number }
  | { kind: 'never' }
  /** Refuses at once with 486 Busy Here. */
  | { kind: 'busy' };

export interface PhoneOptions {
  name: string;
  /** The SIP user: op1 …, or the citizen's number. */
  user: string;
  /** Registrar / server (127.0.0.1:<Asterisk's SIP port>). */
  server: string;
  /** Register with this password; without it the phone does not register (a carrier-side phone). */
  password?: string;
  listenHost?: string;
  /** Fixed SIP port (the trunk's carrier port); default a free one. */
  listenPort?: number;
  toneHz: number;
  answer?: AnswerMode;
  /** More users this phone answers for (e.g. a number the carrier is asked to put calls through to). */
  extraUsers?: string[];
}

export interface SipPhone {
  readonly name: string;
  readonly toneHz: number;
  readonly events: BaresipEvent[];
  answer: AnswerMode;
  /** Calls `target` (a user at the server, e.g. "1655"). */
  dial(target: string): Promise<void>;
  /** RFC 4733 DTMF, one key after another with `gapMs` between them. */
  sendDtmf(keys: string, gapMs?: number): Promise<void>;
  hangup(): Promise<void>;
  /** Any baresip menu command (e.g. reginfo, listcalls), for diagnostics. */
  command(cmd: string, params?: string): Promise<string>;
  /** Resolves with the first event (from now on, or already seen after `since`) of this type (or types). */
  waitFor(type: string | string[], timeoutMs?: number, since?: number): Promise<BaresipEvent>;
  /** Number of events so far (a mark for `waitFor(..., since)`). */
  mark(): number;
  /** The newest recording of received audio (one per call). */
  lastRecording(): string;
  /** Every recording of received audio, oldest first (one per call). */
  recordings(): string[];
  stop(): Promise<void>;
}

const EXTRA_USER_PARAMS = ['regint=0', 'answermode=manual', 'audio_codecs=PCMA,PCMU'];
const MODULES = ['g711.so', 'aufile.so', 'aubridge.so', 'sndfile.so', 'account.so', 'menu.so', 'ctrl_tcp.so'];

/** baresip did not come up (e.g. a port taken between probing and binding it): worth a retry. */
class PhoneStartError extends Error {}

/** Starts a phone; a start that fails on ports taken meanwhile is retried with fresh ports. */
export async function startPhone(opts: PhoneOptions): Promise<SipPhone> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPhoneOnce(opts);
    } catch (err) {
      if (!(err instanceof PhoneStartError) || attempt >= 3) throw err;
    }
  }
}

async function startPhoneOnce(opts: PhoneOptions): Promise<SipPhone> {
  const dir = mkdtempSync(`/tmp/cagri-phone-${opts.name}-`);
  const recordings = path.join(dir, 'rec');
  mkdirSync(recordings);
  const host = opts.listenHost ?? '127.0.0.1';
  const sipPort = opts.listenPort ?? (await freeUdpPort(host));
  const ctrlPort = await freeTcpPort();
  const rtp = await freeUdpRange(20);
  const tone = await toneWav(opts.toneHz);
  const config = [
    'poll_method epoll',
    `sip_listen ${host}:${sipPort}`,
    `net_interface ${host}`,
    `rtp_ports ${rtp.start}-${rtp.end}`,
    'rtp_timeout 0',
    'call_max_calls 4',
    `audio_source aufile,${tone}`,
    // No sound card: received audio goes to a bridge nobody reads; sndfile records it first.
    `audio_player aubridge,null-${opts.name}`,
    `audio_alert aubridge,null-${opts.name}`,
    `snd_path ${recordings}`,
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
    'module_path /usr/lib/baresip/modules',
    ...MODULES.map((m) => `module ${m}`),
  ].join('\n');
  writeFileSync(path.join(dir, 'config'), `${config}\n`);
  const params = [
    opts.password ? `auth_pass=${opts.password}` : 'regint=0',
    opts.password ? 'regint=300' : '',
    'answermode=manual',
    'audio_codecs=PCMA,PCMU',
  ].filter(Boolean);
  const users = [opts.user, ...(opts.extraUsers ?? [])];
  writeFileSync(
    path.join(dir, 'accounts'),
    users
      .map((u, i) => `<sip:${u}@${opts.server}>;${(i === 0 ? params : EXTRA_USER_PARAMS).join(';')}\n`)
      .join(''),
  );
  writeFileSync(path.join(dir, 'contacts'), '');

  const events: BaresipEvent[] = [];
  const listeners = new Set<() => void>();
  const log = openSync(path.join(dir, 'baresip.log'), 'a');
  const proc: ChildProcess = spawn('baresip', ['-4', '-f', dir], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  let control: BaresipControl | undefined;
  const phone: SipPhone = {
    name: opts.name,
    toneHz: opts.toneHz,
    events,
    answer: opts.answer ?? { kind: 'auto' },
    async dial(target) {
      await control!.command('dial', `sip:${target}@${opts.server}`);
    },
    async sendDtmf(keys, gapMs = 300) {
      for (const k of keys) {
        await control!.command('sndcode', k);
        await new Promise((r) => setTimeout(r, gapMs));
      }
    },
    async hangup() {
      await control!.command('hangup');
    },
    command: (cmd, params) => control!.command(cmd, params),
    mark: () => events.length,
    waitFor(type, timeoutMs = 10_000, since = events.length) {
      const types = typeof type === 'string' ? [type] : type;
      return new Promise((resolve, reject) => {
        const check = () => {
          const e = events.slice(since).find((x) => types.includes(x.type));
          if (!e) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(e);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          const seen = events.slice(since).map((e) => e.type);
          reject(
            new Error(
              `${opts.name}: no ${types.join('/')} within ${timeoutMs} ms (saw: ${seen.join(', ') || 'nothing'})`,
            ),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    recordings() {
      return readdirSync(recordings)
        .filter((f) => f.endsWith('-dec.wav'))
        .map((f) => path.join(recordings, f))
        .sort(); // dump-<date-time>-dec.wav: the name orders them by start
    },
    lastRecording() {
      const last = phone.recordings().at(-1);
      if (!last) throw new Error(`${opts.name}: no recording yet in ${recordings}`);
      return last;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null && proc.pid !== undefined) {
        const pid = proc.pid;
        const gone = new Promise((r) => proc.once('exit', r));
        // quit unregisters first, so Asterisk holds no stale contact for the next test;
        // a phone that does not go within 2 s is killed.
        const kill = setTimeout(() => process.kill(-pid, 'SIGKILL'), 2000);
        await control?.command('quit').catch(() => process.kill(-pid, 'SIGKILL'));
        await gone;
        clearTimeout(kill);
      }
      control?.close();
      if (process.env.CAGRI_KEEP_PHONES !== '1') rmSync(dir, { recursive: true, force: true });
    },
  };
  const onEvent = (e: BaresipEvent) => {
    events.push(e);
    if (e.type === 'CALL_INCOMING') reactToIncoming(phone, () => control);
    for (const l of [...listeners]) l();
  };
  phones.add(proc);
  proc.once('exit', () => phones.delete(proc));
  control = await BaresipControl.connect(ctrlPort, onEvent).catch(async (err: Error) => {
    const log = readFileSync(path.join(dir, 'baresip.log'), 'utf8').split('\n').slice(-15).join('\n');
    await phone.stop();
    throw new PhoneStartError(`${opts.name}: ${err.message}; baresip said:\n${log}`);
  });
  if (opts.password) {
    // REGISTER may complete before the control connection is up (its event is then lost): ask.
    const state = await registrationState(control, 10_000);
    if (state !== 'OK') {
      await phone.stop();
      throw new Error(`${opts.name}: registration refused (not OK after 10 s): ${state}`);
    }
  }
  return phone;
}

/** Polls `reginfo` until the account shows OK or ERR, or time runs out; returns the line's state. */
async function registrationState(control: BaresipControl, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: baresip colours its status with ANSI escapes
    last = (await control.command('reginfo')).replace(/\u001b\[[0-9;]*m/g, '');
    if (/\sOK\s/.test(last)) return 'OK';
    if (/\sERR\s/.test(last)) return last.trim();
    await new Promise((r) => setTimeout(r, 100));
  }
  return last.trim() || 'no answer to reginfo';
}

function reactToIncoming(phone: SipPhone, control: () => BaresipControl | undefined): void {
  const mode = phone.answer;
  // A failed command is kept as an event, where the test's waits will show it.
  const act = (cmd: string) =>
    void control()
      ?.command(cmd)
      .catch((err: Error) => phone.events.push({ type: 'COMMAND_FAILED', param: `${cmd}: ${err.message}` }));
  if (mode.kind === 'auto') act('accept');
  else if (mode.kind === 'busy') act('hangup');
  else if (mode.kind === 'after') setTimeout(() => act('accept'), mode.ms);
}

// Phones of a test process that dies must not outlive it.
const phones = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of phones) if (p.pid !== undefined) process.kill(-p.pid, 'SIGKILL');
});
