import type { Command } from 'commander';
import { startSimulator } from '../simulator/index.ts';

// `cagri simulator`: the fake Asterisk 22 (ARI + /sim control API) on one port, until Ctrl-C.
export function registerSimulatorCommand(program: Command): void {
  program
    .command('simulator')
    .description('run the ARI simulator (a fake Asterisk 22.10.1) with its /sim control API')
    .option('--port <port>', 'port to listen on', '8088')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { port: string; host: string }) => {
      const port = Number.parseInt(opts.port, 10);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`--port must be a number from 0 to 65535, got '${opts.port}'`);
        process.exitCode = 2;
        return;
      }
      const sim = await startSimulator({ host: opts.host, port });
      console.log(`ARI simulator (Asterisk 22.10.1) listening on ${sim.url}`);
      console.log(`  ARI:      ${sim.url}/ari  (user cagri, password cagri; app 'cagri' on 1655)`);
      console.log(`  control:  ${sim.url}/sim`);
      console.log(
        `  try:      curl -X POST ${sim.url}/sim/calls -H 'Content-Type: application/json' -d '{"from":"0501234567","to":"1655"}'`,
      );
      const stop = async () => {
        await sim.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
