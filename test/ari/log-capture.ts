// A pino destination that keeps every line, so tests can wait on what the adapter logs.
import { createLogger, type Logger } from '../../src/log/logger.ts';

export type LogLine = Record<string, unknown> & { level: number; msg: string };

export class LogCapture {
  readonly lines: LogLine[] = [];
  readonly logger: Logger;
  private waiters: Array<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];

  constructor(level = 'debug') {
    this.logger = createLogger({
      level,
      destination: {
        write: (text: string) => {
          const line = JSON.parse(text) as LogLine;
          this.lines.push(line);
          for (const w of [...this.waiters]) {
            if (w.match(line)) {
              this.waiters = this.waiters.filter((x) => x !== w);
              w.resolve(line);
            }
          }
        },
      },
    });
  }

  count(msg: string): number {
    return this.lines.filter((l) => l.msg === msg).length;
  }

  /** The `n`-th line (1-based) with this message, already logged or still to come. */
  waitFor(msg: string, n = 1, timeoutMs = 5000): Promise<LogLine> {
    const match = () => this.lines.filter((l) => l.msg === msg).length >= n;
    const found = () => this.lines.filter((l) => l.msg === msg)[n - 1] as LogLine;
    if (match()) return Promise.resolve(found());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`log line "${msg}" #${n} not seen within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        match: (l: LogLine) => l.msg === msg && match(),
        resolve: () => {
          clearTimeout(timer);
          resolve(found());
        },
      };
      this.waiters.push(waiter);
    });
  }
}
