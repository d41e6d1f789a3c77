// `cagri simulator`: the fake Asterisk 22 (ARI + /sim control API) on one port, until SIGTERM or
// Ctrl-C. A port in use is said plainly (exit 2), never as a stack trace.
import type { Command } from 'commander';
import { describeListenError } from '../http/probe-server.ts';
import { startSimulator } from '../simulator/index.ts';
import { serviceProcess } from './engine-process.ts';
import { parsePortOption } from './port-option.ts';

export function registerSimulatorCommand(program: Command): void {
  program
    .command('simulator')
    .description('run the ARI simulator (a fake Asterisk 22.10.1) with its /sim control API')
    .option('--port <port>', 'port to listen on', '8088')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { port: string; host: string }) => {
      const port = parsePortOption('--port', opts.port);
      const { process: proc } = serviceProcess({ LOG_LEVEL: 'info' });
      const sim = await startSimulator({ host: opts.host, port }).catch((err: unknown) =>
        proc.fail(describeListenError(err, '--host/--port', opts.host, port).message),
      );
      proc.defer('simulator', () => sim.close());
      console.log(`ARI simulator (Asterisk 22.10.1) listening on ${sim.url}`);
      console.log(`  ARI:      ${sim.url}/ari  (user cagri, password cagri; app 'cagri' on 1655)`);
      console.log(`  control:  ${sim.url}/sim`);
      console.log(
        `  try:      curl -X POST ${sim.url}/sim/calls -H 'Content-Type: application/json' -d '{"from":"0501234567","to":"1655"}'`,
      );
    });
}
