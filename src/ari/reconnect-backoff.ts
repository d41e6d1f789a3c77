// The retry schedule for (re)connecting to Asterisk, and how loudly to say so. It never gives up
// (ari-client's own reconnect stops for good after 10 tries, NOTES §1.4); the delay doubles up
// to a cap; the log gets the first failure, one line per backoff step while the delay grows,
// then one line per minute, so an absent Asterisk cannot flood it.

export interface BackoffOptions {
  initialMs?: number;
  maxMs: number;
  /** Once the delay is capped, at most one log line per this many ms. */
  quietLogEveryMs?: number;
}

export interface RetryStep {
  /** Consecutive failures so far, this one included. */
  failures: number;
  /** Wait this long before the next attempt. */
  delayMs: number;
  /** Whether this failure deserves a log line. */
  log: boolean;
  /** Failures not logged since the last line (to say "N more failures"). */
  suppressed: number;
}

export class ReconnectBackoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly quietLogEveryMs: number;
  private failures = 0;
  private lastLogAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(opts: BackoffOptions) {
    this.maxMs = Math.max(1, opts.maxMs);
    this.initialMs = Math.min(opts.initialMs ?? 250, this.maxMs);
    this.quietLogEveryMs = opts.quietLogEveryMs ?? 60_000;
  }

  /** The delay before retry number `failures` (1-based). */
  delayFor(failures: number): number {
    const exp = Math.min(failures - 1, 30);
    return Math.min(this.maxMs, this.initialMs * 2 ** exp);
  }

  /** Records a failed attempt at monotonic time `now`; says how long to wait and whether to log. */
  failed(now: number): RetryStep {
    this.failures++;
    const delayMs = this.delayFor(this.failures);
    // A "step" is a failure whose delay differs from the previous one: the growing phase, plus
    // the first time the cap is reached.
    const isStep = this.failures === 1 || delayMs !== this.delayFor(this.failures - 1);
    const log = isStep || now - this.lastLogAt >= this.quietLogEveryMs;
    const suppressed = this.suppressed;
    if (log) {
      this.lastLogAt = now;
      this.suppressed = 0;
    } else {
      this.suppressed++;
    }
    return { failures: this.failures, delayMs, log, suppressed: log ? suppressed : 0 };
  }

  /** Records a success; returns how many failures preceded it. */
  succeeded(): number {
    const failures = this.failures;
    this.failures = 0;
    this.suppressed = 0;
    this.lastLogAt = Number.NEGATIVE_INFINITY;
    return failures;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
