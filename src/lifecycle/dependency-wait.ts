// Start-up waits for a dependency (Postgres, Redis) with capped backoff, one log line per attempt
// naming the dependency and the variable that points at it, and stops at once when the process is
// told to stop. A failure that waiting cannot cure (wrong password, no such database) ends the wait
// as a DependencySettingError instead of retrying forever.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log/logger.ts';

export interface Dependency {
  /** e.g. `postgres`. */
  name: string;
  /** The environment variable that points at it, e.g. `DATABASE_URL`. */
  variable: string;
  /** Resolves when the dependency answers; throws with the driver's reason when not. */
  check(): Promise<void>;
  /** A reason when `err` is a wrong setting rather than an outage (retrying would not help). */
  settingProblem?(err: unknown): string | undefined;
}

export class DependencySettingError extends Error {
  override readonly name = 'DependencySettingError';
}

export interface WaitOptions {
  logger: Logger;
  /** Aborting ends the wait with the signal's reason (shutdown during start-up). */
  signal?: AbortSignal;
  /** Told about each failed attempt (the probes show it). */
  onRetry?(reason: string): void;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return reasonOf(err.errors[0]);
  const message = err instanceof Error ? err.message : String(err);
  return (message || (err as NodeJS.ErrnoException).code || 'no answer').split('\n')[0]!.slice(0, 300);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10}s`;
}

/** Resolves once `dep` answers; retries forever with capped backoff until aborted. */
export async function awaitDependency(dep: Dependency, opts: WaitOptions): Promise<void> {
  const { logger, signal } = opts;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  let delay = opts.initialDelayMs ?? 500;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      await dep.check();
      if (attempt > 1) {
        logger.info(
          { dependency: dep.name, variable: dep.variable, attempts: attempt, waitedMs: Date.now() - started },
          `${dep.name} reachable (${dep.variable}) after ${attempt} attempts`,
        );
      }
      return;
    } catch (err) {
      const reason = reasonOf(err);
      const setting = dep.settingProblem?.(err);
      if (setting) throw new DependencySettingError(`${dep.name} (${dep.variable}): ${setting}: ${reason}`);
      opts.onRetry?.(reason);
      logger.warn(
        { dependency: dep.name, variable: dep.variable, attempt, retryInMs: delay },
        `${dep.name} unreachable (${dep.variable}): ${reason}; retrying in ${seconds(delay)}`,
      );
    }
    signal?.throwIfAborted();
    await sleep(delay, undefined, signal ? { signal } : {});
    delay = Math.min(delay * 2, maxDelay);
  }
}
