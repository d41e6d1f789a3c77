// One backoff for every write while the database is away: the first failure closes the gate for a
// delay that doubles up to a cap, and every queued write waits at it, so an outage costs one probe
// per delay instead of one retry loop per call.
export class RetryGate {
  private delay = 0;
  private closedUntil: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private release_: (() => void) | undefined;
  private down = false;

  constructor(
    private readonly minDelayMs: number,
    private readonly maxDelayMs: number,
  ) {}

  wait(): Promise<void> {
    return this.closedUntil ?? Promise.resolve();
  }

  /** A write failed: close for the next delay. Returns true when this starts an outage. */
  failed(): boolean {
    const starts = !this.down;
    this.down = true;
    if (!this.closedUntil) {
      this.delay = this.delay === 0 ? this.minDelayMs : Math.min(this.maxDelayMs, this.delay * 2);
      this.closedUntil = new Promise<void>((resolve) => {
        this.release_ = resolve;
        this.timer = setTimeout(() => this.release(), this.delay);
      });
    }
    return starts;
  }

  /** A write went through: open, delays start small again. Returns true when this ends an outage. */
  succeeded(): boolean {
    const ended = this.down;
    this.down = false;
    this.delay = 0;
    return ended;
  }

  /** Opens now (the delay is over, or we are shutting down). */
  release(): void {
    clearTimeout(this.timer);
    const r = this.release_;
    this.closedUntil = undefined;
    this.release_ = undefined;
    r?.();
  }
}
