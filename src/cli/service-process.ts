// A long-running cagri process (`serve`, `demo`, `simulator`) behaving like a service: SIGTERM or
// SIGINT closes everything it opened, newest first, within a deadline and then exits anyway; a
// second signal exits at once; an uncaught exception or unhandled rejection is logged and ends the
// process with a non-zero code (a supervisor or the standby takes over; a half-broken engine that
// goes on answering calls is worse). A bad setting ends it at once with a plain message.
import closeWithGrace from 'close-with-grace';
import type { Logger } from '../log/logger.ts';

/** Exit codes: 0 stopped cleanly; 1 crashed or could not stop in time; 2 a setting to fix. */
export const ExitCode = { ok: 0, failure: 1, setting: 2 } as const;

export interface ServiceProcessOptions {
  /** How long a graceful stop may take before the process exits anyway. */
  graceMs?: number;
}

interface Closer {
  name: string;
  close(): Promise<void>;
}

export class ServiceProcess {
  /** Aborted when the process starts to stop: start-up waits end at once. */
  private readonly stopping = new AbortController();
  private readonly closers: Closer[] = [];
  private startup: Promise<unknown> = Promise.resolve();
  private grace: ReturnType<typeof closeWithGrace> | undefined;
  private readonly graceMs: number;
  private reload: (() => void) | undefined;

  constructor(
    private readonly logger: Logger,
    opts: ServiceProcessOptions = {},
  ) {
    this.graceMs = opts.graceMs ?? 10_000;
  }

  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Takes over SIGTERM, SIGINT and fatal errors for this process (SIGHUP stays a reload). */
  install(): this {
    const log = this.logger;
    // Listening from the start: SIGHUP's default action would end a process still starting up.
    process.on('SIGHUP', () => {
      if (this.reload) this.reload();
      else log.info('SIGHUP during start-up: nothing to reload yet');
    });
    this.grace = closeWithGrace(
      {
        delay: this.graceMs,
        skip: ['SIGHUP'],
        logger: { error: (m: unknown) => log.error({ detail: String(m) }, 'while shutting down') },
        onSecondSignal: (signal) => log.warn({ signal }, `second ${signal}: exiting now`),
        onSecondError: (err) => log.fatal({ err }, 'another fatal error while shutting down: exiting now'),
        onTimeout: (ms) => log.error({ graceMs: ms }, `not stopped within ${ms} ms: exiting anyway`),
      },
      async ({ signal, err }) => {
        if (err) log.fatal({ err }, 'fatal error (uncaught exception or unhandled rejection): shutting down');
        else log.info({ signal }, 'shutting down');
        await this.closeAll();
        if (!err) log.info('stopped');
      },
    );
    return this;
  }

  /** What SIGHUP does once the service is up (reload the config folder). */
  onReload(reload: () => void): void {
    this.reload = reload;
  }

  /** Registers something to close on the way out (closed newest first). */
  defer(name: string, close: () => Promise<void>): void {
    this.closers.push({ name, close });
  }

  /** A start-up in progress: a stop waits for it to settle, so what it opened is closed too. */
  track<T>(startup: Promise<T>): Promise<T> {
    this.startup = startup.catch(() => undefined);
    return startup;
  }

  /** Ends the process at once because of a setting to fix: `message` on stderr, no stack. */
  async fail(message: string, code: number = ExitCode.setting): Promise<never> {
    this.grace?.uninstall();
    this.logger.fatal({ exitCode: code }, message);
    console.error(message);
    const timer = setTimeout(() => process.exit(code), this.graceMs);
    timer.unref();
    await this.closeAll();
    process.exit(code);
  }

  private async closeAll(): Promise<void> {
    this.stopping.abort(new Error('shutting down'));
    await this.startup;
    for (const closer of this.closers.splice(0).reverse()) {
      try {
        await closer.close();
      } catch (err) {
        this.logger.error({ err, part: closer.name }, `closing ${closer.name} failed`);
      }
    }
  }
}
