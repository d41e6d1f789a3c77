// `cagri demo` (= `npm run demo`): the ARI simulator and the engine in one process, on the
// example config, so the whole hotline can be tried without Asterisk or Docker. `--at` starts the
// clock of both at a chosen instant, to rehearse nights, weekends and holidays.
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { seedDemoUsers } from '../accounts/demo-users.ts';
import { SystemClock } from '../domain/clock.ts';
import { OperatorId } from '../domain/ids.ts';
import { describeListenError } from '../http/probe-server.ts';
import { startSimulator } from '../simulator/index.ts';
import { webAppBuilt } from '../webapp/webapp-plugin.ts';
import { parseAtOption } from './at-option.ts';
import { envOrExit, serviceProcess, startEngine } from './engine-process.ts';
import { parsePortOption } from './port-option.ts';

const DEMO_TOKEN = 'demo-admin-token-change-me';
const DEMO_SESSION_SECRET = 'demo-session-secret-change-me-0123456789';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the engine on the built-in ARI simulator (no Asterisk needed)')
    .option('--at <iso-time>', 'start the clock at this instant, e.g. 2026-12-05T22:00:00+04:00')
    .option('--config <dir>', 'config folder', process.env.CAGRI_CONFIG ?? 'config')
    .option('--sim-port <port>', 'simulator port (ARI and /sim control API)', '8088')
    .option('--http-port <port>', 'admin API port', process.env.HTTP_PORT ?? '8080')
    .option('--no-login', 'leave the operators logged out')
    .action(
      async (opts: { at?: string; config: string; simPort: string; httpPort: string; login: boolean }) => {
        const startAt = parseAtOption(opts.at);
        if (startAt === null) {
          process.exitCode = 2;
          return;
        }
        const simPort = parsePortOption('--sim-port', opts.simPort);
        const clock = new SystemClock(startAt);
        const env = envOrExit({
          ...process.env,
          ARI_URL: `http://127.0.0.1:${simPort}`,
          ARI_USERNAME: 'cagri',
          ARI_PASSWORD: 'cagri',
          DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
          REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? DEMO_TOKEN,
          SESSION_SECRET: process.env.SESSION_SECRET ?? DEMO_SESSION_SECRET,
          CAGRI_CONFIG: opts.config,
          HTTP_PORT: opts.httpPort,
        });
        const { logger, process: proc } = serviceProcess(env);
        const sim = await startSimulator({
          host: '127.0.0.1',
          port: simPort,
          clock,
          defaultPlaybackMs: 1500,
        }).catch((err: unknown) =>
          proc.fail(describeListenError(err, '--sim-port', '127.0.0.1', simPort).message),
        );
        proc.defer('simulator', () => sim.close());
        const running = await startEngine(env, logger, proc, { clock });
        if (!running) return;
        const { cagri } = running;
        await cagri.telephony.waitUntilConnected(10_000);
        if (opts.login) {
          for (const op of cagri.config.current().queues.operators) {
            cagri.queue.operatorCommand(OperatorId(op.id), { kind: 'login' });
          }
        }
        // Demo accounts with known passwords, for signing in to the API and the web app.
        const demoUsers = await seedDemoUsers(cagri.db, clock.now()).catch((err: unknown) => {
          logger.warn({ err: (err as Error).message }, 'could not create the demo accounts');
          return [];
        });
        const api = `http://${env.HTTP_HOST}:${env.HTTP_PORT}`;
        const token = env.ADMIN_TOKEN === DEMO_TOKEN ? DEMO_TOKEN : '$ADMIN_TOKEN';
        const number = cagri.config.current().services[0]?.number ?? '1655';
        console.log(
          [
            '',
            'cagri demo is running',
            `  clock          ${DateTime.fromMillis(clock.now()).setZone('Asia/Baku').toFormat("ccc d LLL yyyy HH:mm:ss 'Baku'")}${startAt === undefined ? '' : ' (set by --at)'}`,
            `  ARI simulator  ${sim.url}/ari   (user cagri, password cagri)`,
            `  control API    ${sim.url}/sim`,
            `  admin API      ${api}/api   (Authorization: Bearer ${token}); docs at ${api}/docs`,
            `  web app        ${api}/desk   (operators; also /inbox, /wallboard, /reports, /admin: sign in with a demo account below)${webAppBuilt() ? '' : '\n                 not built yet: run npm run build:web first'}`,
            `  operators      ${opts.login ? 'logged in; unscripted phones answer after 1 s' : 'logged out (--no-login)'}`,
            '',
            'Place a test call, press 1 then 0, and see where it went:',
            `  curl -s -X POST ${sim.url}/sim/calls -H 'content-type: application/json' -d '{"from":"0501234567","to":"${number}"}'`,
            `  curl -s -X POST ${sim.url}/sim/calls/<id>/dtmf -H 'content-type: application/json' -d '{"digits":"10","gapMs":500}'`,
            `  curl -s ${sim.url}/sim/calls/<id>`,
            `  curl -s ${api}/api/calls -H 'authorization: Bearer ${token}'`,
            '',
            'Demo accounts (sign in: POST /api/session {"username","password"}):',
            ...demoUsers.map(
              (u) =>
                `  ${u.username.padEnd(12)} ${u.password.padEnd(22)} ${u.roles.join(',')}${u.operatorId ? ` (operator ${u.operatorId})` : ''}${u.unitIds ? ` (unit ${u.unitIds.join(',')})` : ''}`,
            ),
            '',
          ].join('\n'),
        );
      },
    );
}
