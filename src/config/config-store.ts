// The running config, swapped atomically on reload (SIGHUP, POST /api/config/reload, a file
// change). A reload validates the whole folder first; an invalid one is rejected with its errors
// (logged and returned) and the running config stays. Calls hold on to the CagriConfig they
// started with, so a swap never changes a call in progress.
import { type FSWatcher, watch as fsWatch } from 'node:fs';
import { type Clock, SystemClock, type TimerHandle } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import type { CagriConfig } from './cagri-config.ts';
import { type ConfigError, formatConfigError } from './config-error.ts';
import { type LoadOptions, loadConfig } from './config-loader.ts';

export type ReloadResult =
  | { ok: true; version: string; changed: boolean }
  | { ok: false; errors: ConfigError[] };

export type ConfigListener = (config: CagriConfig, previous: CagriConfig) => void;

export class ConfigLoadError extends Error {
  override readonly name = 'ConfigLoadError';
  constructor(
    readonly dir: string,
    readonly errors: ConfigError[],
  ) {
    super(`invalid config in ${dir}:\n${errors.map((e) => `  ${formatConfigError(e)}`).join('\n')}`);
  }
}

export interface ConfigStoreOptions extends LoadOptions {
  clock?: Clock;
  /** Quiet time after the last file change before reloading (editors write in bursts). */
  debounceMs?: number;
}

export class ConfigStore {
  private config: CagriConfig;
  private readonly listeners = new Set<ConfigListener>();
  /** Reloads run one after another, so an older read can never replace a newer one. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly opts: ConfigStoreOptions,
    initial: CagriConfig,
  ) {
    this.config = initial;
  }

  /** Loads the folder; throws ConfigLoadError (with every problem) when it is invalid. */
  static async open(dir: string, logger: Logger, opts: ConfigStoreOptions = {}): Promise<ConfigStore> {
    const result = await loadConfig(dir, opts);
    if (!result.ok) throw new ConfigLoadError(dir, result.errors);
    const log = logger.child({ component: 'config' });
    log.info({ dir, version: result.config.version }, 'config loaded');
    return new ConfigStore(dir, log, opts, result.config);
  }

  current(): CagriConfig {
    return this.config;
  }

  /** Re-reads the folder; swaps only if it is valid. `reason` is logged (sighup, api, file-change). */
  reload(reason: string): Promise<ReloadResult> {
    const run = this.queue.then(() => this.reloadNow(reason));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reloadNow(reason: string): Promise<ReloadResult> {
    let result: Awaited<ReturnType<typeof loadConfig>>;
    try {
      result = await loadConfig(this.dir, this.opts);
    } catch (e) {
      result = {
        ok: false,
        errors: [{ file: this.dir, line: 1, col: 1, message: `reload failed: ${String(e)}` }],
      };
    }
    if (!result.ok) {
      this.logger.error(
        { reason, version: this.config.version, errors: result.errors.map(formatConfigError) },
        'config reload rejected; the running config stays',
      );
      return { ok: false, errors: result.errors };
    }
    const previous = this.config;
    if (result.config.version === previous.version) {
      this.logger.info({ reason, version: previous.version }, 'config reload: no change');
      return { ok: true, version: previous.version, changed: false };
    }
    this.config = result.config;
    this.logger.info({ reason, from: previous.version, to: result.config.version }, 'config reloaded');
    for (const listener of this.listeners) {
      try {
        listener(result.config, previous);
      } catch (e) {
        this.logger.error({ err: e }, 'config change listener failed');
      }
    }
    return { ok: true, version: result.config.version, changed: true };
  }

  /** Called after each successful swap; returns the unsubscribe function. */
  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reload when a file in the folder changes (debounced); returns the function that stops it. */
  watch(): () => void {
    const clock = this.opts.clock ?? new SystemClock();
    const debounceMs = this.opts.debounceMs ?? 300;
    let pending: TimerHandle | undefined;
    let watcher: FSWatcher | undefined;
    try {
      watcher = fsWatch(this.dir, { recursive: true }, () => {
        clock.clearTimeout(pending);
        pending = clock.setTimeout(() => {
          pending = undefined;
          void this.reload('file-change');
        }, debounceMs);
      });
      watcher.on('error', (err) =>
        this.logger.warn({ err }, 'config folder watch failed; reload by SIGHUP or API'),
      );
    } catch (err) {
      this.logger.warn({ err }, 'cannot watch the config folder; reload by SIGHUP or API');
    }
    return () => {
      clock.clearTimeout(pending);
      watcher?.close();
    };
  }
}
