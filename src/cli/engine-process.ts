// The engine as this process (`serve`, `demo`): read the environment, make the logger, guard the
// process, start; reload on SIGHUP and shut down cleanly on SIGTERM/SIGINT. A bad environment or
// config folder is said plainly (exit code 2), never as a stack trace.
import { ConfigLoadError } from '../config/config-store.ts';
import { type Env, EnvError, loadEnv } from '../config/env.ts';
import type { Clock } from '../domain/clock.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { type Cagri, startCagri } from '../main.ts';

export interface RunningEngine {
  cagri: Cagri;
  env: Env;
  logger: Logger;
}

/** Starts the engine from `source`; undefined (with the exit code set) when it could not start. */
export async function startFromEnv(
  source: NodeJS.ProcessEnv,
  opts: { clock?: Clock } = {},
): Promise<RunningEngine | undefined> {
  let env: Env;
  try {
    env = loadEnv(source);
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(err.message);
    process.exitCode = 2;
    return undefined;
  }
  const logger = createLogger({ level: env.LOG_LEVEL });
  guardProcess(logger);
  try {
    return { cagri: await startCagri({ env, logger, clock: opts.clock }), env, logger };
  } catch (err) {
    if (err instanceof ConfigLoadError) {
      console.error(err.message);
      process.exitCode = 2;
      return undefined;
    }
    logger.fatal({ err }, 'could not start');
    process.exitCode = 1;
    return undefined;
  }
}

export function handleSignals(cagri: Pick<Cagri, 'config' | 'close'>, logger: Logger): void {
  process.on('SIGHUP', () => {
    void cagri.config.reload('sighup').then((r) => {
      if (r.ok) logger.info({ version: r.version, changed: r.changed }, 'config reloaded (SIGHUP)');
    });
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void cagri.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** A stray rejection or exception is logged; a call-handling bug must not silently kill every call. */
function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception'));
}
