// Redis is only a schedule, rebuilt from Postgres by the reconciler. Its periodic pass is minutes
// apart, so a Redis that came back empty (restarted without persistence, or flushed) is noticed
// here instead: on every reconnect, and when a marker key written at start is found missing, the
// reconciler runs at once and the callback jobs are back within seconds.
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';

export interface RedisLossWatchOptions {
  redis: Redis;
  /** Key prefix of this deployment (the marker lives next to the jobs). */
  prefix: string;
  logger: Logger;
  /** Rebuilds the jobs (the reconciler's pass). */
  rebuild: () => Promise<unknown>;
  /** How often the marker is checked, in real ms (default 2 s). */
  checkEveryMs?: number;
}

export class RedisLossWatch {
  private timer: NodeJS.Timeout | undefined;
  private readonly marker: string;
  private checking = false;
  private readonly onReady = () => void this.rebuild('redis reconnected');

  constructor(private readonly opts: RedisLossWatchOptions) {
    this.marker = `${opts.prefix}:cagri-schedule-marker`;
  }

  async start(): Promise<void> {
    this.opts.redis.on('ready', this.onReady);
    await this.opts.redis.set(this.marker, String(Date.now())).catch(() => undefined);
    this.timer = setInterval(() => void this.check(), this.opts.checkEveryMs ?? 2000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.opts.redis.off('ready', this.onReady);
  }

  private async check(): Promise<void> {
    if (this.checking || this.opts.redis.status !== 'ready') return;
    this.checking = true;
    try {
      const present = await this.opts.redis.exists(this.marker);
      if (present === 0) await this.rebuild('redis lost its data');
    } catch {
      // Unreachable: ioredis reconnects, and 'ready' triggers the rebuild.
    } finally {
      this.checking = false;
    }
  }

  private async rebuild(why: string): Promise<void> {
    const { logger, redis } = this.opts;
    logger.warn({ why }, 'rebuilding callback jobs from Postgres now');
    try {
      await this.opts.rebuild();
      await redis.set(this.marker, String(Date.now()));
    } catch (err) {
      logger.error({ err, why }, 'callback jobs not rebuilt; the periodic pass retries');
    }
  }
}
