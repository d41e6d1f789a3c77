// `cagri serve` (= `npm start`): the engine against the Asterisk named by ARI_URL. Keeps retrying
// ARI without crashing; SIGHUP reloads the config folder; SIGTERM/SIGINT shut down cleanly.
import type { Command } from 'commander';
import { handleSignals, startFromEnv } from './engine-process.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the engine: ARI, the admin API, the queue and the callbacks')
    .action(async () => {
      const running = await startFromEnv(process.env);
      if (!running) return;
      const { cagri, env, logger } = running;
      logger.info({ http: cagri.address, ari: env.ARI_URL, app: env.ARI_APP }, 'cagri is running');
      handleSignals(cagri, logger);
    });
}
