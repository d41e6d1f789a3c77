// `cagri serve` (= `npm start`): the engine against the Asterisk named by ARI_URL. Keeps retrying
// ARI without crashing; SIGHUP reloads the config folder; SIGTERM/SIGINT shut down cleanly.
import type { Command } from 'commander';
import { ConfigLoadError } from '../config/config-store.ts';
import { EnvError, loadEnv } from '../config/env.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { type Cagri, startCagri } from '../main.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the engine: ARI, the admin API, the queue and the callbacks')
    .action(async () => {
      let env: ReturnType<typeof loadEnv>;
      try {
        env = loadEnv();
      } catch (err) {
        if (!(err instanceof EnvError)) throw err;
        console.error(err.message);
        process.exitCode = 2;
        return;
      }
      const logger = createLogger({ level: env.LOG_LEVEL });
      guardProcess(logger);
      let cagri: Cagri;
      try {
        cagri = await startCagri({ env, logger });
      } catch (err) {
        if (err instanceof ConfigLoadError) {
          console.error(err.message);
          process.exitCode = 2;
          return;
        }
        logger.fatal({ err }, 'could not start');
        process.exitCode = 1;
        return;
      }
      logger.info({ http: cagri.address, ari: env.ARI_URL, app: env.ARI_APP }, 'cagri is running');
      handleSignals(cagri, logger);
    });
}

export function handleSignals(cagri: Cagri, logger: Logger): void {
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
export function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception'));
}
