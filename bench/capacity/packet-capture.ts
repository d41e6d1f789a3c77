// A tcpdump capture on loopback for one measured level (key-audio.ts reads it): started before
// SIPp, stopped after, and its kernel drop count reported, since a dropped packet can hide a key
// or a prompt's first frames.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';

export interface CaptureStats {
  captured: number;
  /** Packets the kernel dropped because tcpdump did not keep up (its buffer was full). */
  droppedByKernel: number;
}

/** Why no capture can be taken here, or undefined when tcpdump is there. */
export function tcpdumpMissing(): string | undefined {
  try {
    execFileSync('sh', ['-c', 'command -v tcpdump'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'tcpdump is not installed: install tcpdump (apt-get install tcpdump) to measure key → audio from RTP';
  }
}

export class PacketCapture {
  private stderr = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * Starts tcpdump writing `file` (pcap) and resolves once it listens. `snaplen` must hold a whole
   * SIP message (the SDP) and an RTP packet's 160-byte payload; `bufferKiB` is the kernel buffer
   * (tcpdump -B) that rides out moments when tcpdump is not scheduled.
   */
  static async start(opts: {
    file: string;
    filter: string;
    iface?: string;
    snaplen?: number;
    bufferKiB?: number;
  }): Promise<PacketCapture> {
    const args = [
      '-i',
      opts.iface ?? 'lo',
      '-n',
      // Packets reach the file as they come, not a buffer block later: none is lost at stop.
      '--immediate-mode',
      '-s',
      String(opts.snaplen ?? 2048),
      '-B',
      String(opts.bufferKiB ?? 131072),
      '-w',
      opts.file,
      // As root, tcpdump would otherwise drop to its own user, who may not write in our folder.
      ...(process.getuid?.() === 0 ? ['-Z', 'root'] : []),
      opts.filter,
    ];
    const child = spawn('tcpdump', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const capture = new PacketCapture(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        reject(new Error(`tcpdump did not start listening in 10 s: ${capture.stderr.trim()}`));
      }, 10_000);
      const onData = () => {
        if (!capture.stderr.includes('listening on')) return;
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve();
      };
      child.stderr?.on('data', onData);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`tcpdump could not run: ${err.message}`));
      });
      void capture.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`tcpdump exited (${code}) before listening: ${capture.stderr.trim()}`));
      });
    });
    return capture;
  }

  /** Stops the capture (tcpdump flushes its file on SIGINT) and reads its counters. */
  async stop(): Promise<CaptureStats> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    const code = await this.exited;
    const n = (re: RegExp) => Number(re.exec(this.stderr)?.[1] ?? Number.NaN);
    const stats = {
      captured: n(/(\d+) packets? captured/),
      droppedByKernel: n(/(\d+) packets? dropped by kernel/),
    };
    if (code !== 0 || Number.isNaN(stats.captured)) {
      throw new Error(`tcpdump ended badly (${code}): ${this.stderr.trim()}`);
    }
    return stats;
  }
}
