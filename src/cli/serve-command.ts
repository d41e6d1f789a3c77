// `cagri serve` (= `npm start`): the engine against the Asterisk named by ARI_URL, started and
// stopped like a service (see engine-process.ts and service-process.ts).
import type { Command } from 'commander';
import { envOrExit, serviceProcess, startEngine } from './engine-process.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the engine: ARI, the admin API, the queue and the callbacks')
    .action(async () => {
      const env = envOrExit(process.env);
      const { logger, process: proc } = serviceProcess(env);
      const running = await startEngine(env, logger, proc);
      if (!running) return;
      logger.info({ http: running.cagri.address, ari: env.ARI_URL, app: env.ARI_APP }, 'cagri is running');
    });
}
