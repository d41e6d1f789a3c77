// The engine as this process (`serve`, `demo`), started like a service: the environment and the
// config folder are checked first (a bad one ends the process at once, exit 2, no stack); then the
// HTTP port opens with the probes (a port in use: exit 2); Postgres and Redis are awaited with
// capped backoff and a line per attempt naming each and its variable; then the engine starts (ARI
// is awaited in the background, /readyz naming it until connected). SIGHUP reloads the config.
import { ConfigLoadError, ConfigStore } from '../config/config-store.ts';
import { type Env, EnvError, loadEnv } from '../config/env.ts';
import type { Clock } from '../domain/clock.ts';
import { ListenError, ProbeServer } from '../http/probe-server.ts';
import { postgresDependency, redisDependency } from '../lifecycle/dependency-checks.ts';
import { awaitDependency, DependencySettingError, reasonOf } from '../lifecycle/dependency-wait.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { type Cagri, startCagri } from '../main.ts';
import { ExitCode, ServiceProcess } from './service-process.ts';

export interface RunningEngine {
  cagri: Cagri;
  env: Env;
  logger: Logger;
  process: ServiceProcess;
}

/** The environment, or the process ends here with every problem named (exit 2). */
export function envOrExit(source: NodeJS.ProcessEnv): Env {
  try {
    return loadEnv(source);
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(err.message);
    process.exit(ExitCode.setting);
  }
}

/** A logger and a service process guarding this one (signals, fatal errors, deadline). */
export function serviceProcess(env: Pick<Env, 'LOG_LEVEL'>): { logger: Logger; process: ServiceProcess } {
  const logger = createLogger({ level: env.LOG_LEVEL });
  return { logger, process: new ServiceProcess(logger).install() };
}

/**
 * Starts the engine under `proc`; undefined when the process is stopping instead (a signal came
 * during start-up). Start-up failures end the process with a clear message.
 */
export async function startEngine(
  env: Env,
  logger: Logger,
  proc: ServiceProcess,
  opts: { clock?: Clock } = {},
): Promise<RunningEngine | undefined> {
  try {
    const cagri = await proc.track(startSteps(env, logger, proc, opts.clock));
    proc.onReload(() => {
      void cagri.config.reload('sighup').then((r) => {
        if (r.ok) logger.info({ version: r.version, changed: r.changed }, 'config reloaded (SIGHUP)');
      });
    });
    return { cagri, env, logger, process: proc };
  } catch (err) {
    // Stopping during start-up: the service process closes what was opened and exits.
    if (proc.signal.aborted) return undefined;
    if (
      err instanceof ConfigLoadError ||
      err instanceof ListenError ||
      err instanceof DependencySettingError
    ) {
      return proc.fail(err.message, ExitCode.setting);
    }
    logger.error({ err }, 'start-up failed');
    return proc.fail(`could not start: ${reasonOf(err)}`, ExitCode.failure);
  }
}

async function startSteps(env: Env, logger: Logger, proc: ServiceProcess, clock?: Clock): Promise<Cagri> {
  // The config before anything else: a bad folder is an admin's mistake, said at once.
  const config = await ConfigStore.open(env.CAGRI_CONFIG, logger, clock ? { clock } : {});
  const probe = await ProbeServer.listen(env.HTTP_HOST, env.HTTP_PORT);
  proc.defer('http', () => probe.close());
  logger.info({ http: probe.address }, 'probes listening; waiting for Postgres and Redis');
  for (const dep of [postgresDependency(env.DATABASE_URL), redisDependency(env.REDIS_URL)]) {
    const waitingFor = `${dep.name} (${dep.variable})`;
    probe.setState({ phase: 'starting', waitingFor });
    await awaitDependency(dep, {
      logger,
      signal: proc.signal,
      onRetry: (reason) => probe.setState({ phase: 'starting', waitingFor, reason }),
    });
  }
  probe.setState({ phase: 'starting' });
  proc.signal.throwIfAborted();
  const cagri = await startCagri({
    env,
    logger,
    config,
    probe,
    signal: proc.signal,
    ...(clock ? { clock } : {}),
  });
  proc.defer('engine', () => cagri.close());
  return cagri;
}
