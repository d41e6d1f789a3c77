// Runs the SIPp journey (journey.xml) against an Asterisk as the carrier would call in (from the
// trunk's address, 127.0.0.2), and reads SIPp's final statistics: how many calls completed the
// whole scenario and how many failed (a BYE from the far end, no answer, an error response, a
// timeout).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CARRIER_HOST } from '../../test/real/asterisk-instance.ts';
import { freeUdpPort } from '../../test/real/free-ports.ts';

const SCENARIO = path.join(import.meta.dirname, 'journey.xml');

export interface SippRun {
  sipPort: number;
  /** The number dialled (1655: cagri; 1699: the native menu). */
  number: string;
  calls: number;
  /** New calls per second. */
  rate: number;
  /** Calls up at once at most (SIPp -l). */
  limit: number;
  /** How long the caller stays on hold before hanging up. */
  holdMs: number;
  /** Echo the RTP received (SIPp -rtp_echo): media both ways, at a CPU cost. */
  rtpEcho: boolean;
}

export interface SippResult {
  created: number;
  successful: number;
  failed: number;
  exitCode: number | null;
  /** SIPp's error log, trimmed: why calls failed. */
  errors: string;
}

export async function runSipp(run: SippRun): Promise<SippResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cagri-sipp-'));
  const statFile = path.join(dir, 'stat.csv');
  const errFile = path.join(dir, 'errors.log');
  const sipLocal = await freeUdpPort(CARRIER_HOST);
  const media = await freeUdpPort(CARRIER_HOST);
  const journeyMs = 2500 + 2000 + run.holdMs;
  // Whatever happens, SIPp stops: every call placed, plus the longest journey and slack.
  const globalSec = Math.ceil(run.calls / run.rate + journeyMs / 1000 + 60);
  const args = [
    `127.0.0.1:${run.sipPort}`,
    '-sf',
    SCENARIO,
    '-s',
    run.number,
    '-i',
    CARRIER_HOST,
    '-p',
    String(sipLocal),
    '-mi',
    CARRIER_HOST,
    '-mp',
    String(media),
    '-m',
    String(run.calls),
    '-r',
    String(run.rate),
    '-rp',
    '1000',
    '-l',
    String(run.limit),
    '-d',
    String(run.holdMs),
    '-recv_timeout',
    '15000',
    '-timeout',
    `${globalSec}s`,
    '-aa',
    '-nostdin',
    '-trace_stat',
    '-stf',
    statFile,
    '-fd',
    '1',
    '-trace_err',
    '-error_file',
    errFile,
    ...(run.rtpEcho ? ['-rtp_echo'] : []),
  ];
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code !== null && code < 0) reject(new Error(`sipp failed (${code}): ${stderr}`));
        else if (code === 255 || code === 254) reject(new Error(`sipp could not start: ${stderr.trim()}`));
        else resolve(code);
      });
    });
    const stats = lastStats(statFile);
    return {
      created: stats.TotalCallCreated ?? 0,
      successful: stats['SuccessfulCall(C)'] ?? 0,
      failed: stats['FailedCall(C)'] ?? 0,
      exitCode,
      errors: tail(errFile, 20),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The last line of SIPp's ';'-separated statistics file, by column name. */
function lastStats(file: string): Record<string, number> {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0]?.split(';') ?? [];
  const last = lines.at(-1)?.split(';') ?? [];
  const out: Record<string, number> = {};
  head.forEach((name, i) => {
    const v = Number(last[i]);
    if (name && Number.isFinite(v)) out[name] = v;
  });
  return out;
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
