// `cagri seed-history`: a month (or any number of days) of simulated traffic through the real
// engine on the ARI simulator, time-compressed, into DATABASE_URL — so the reports and the
// wallboard of a demo have something true to show. Never point it at a production database.
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { createLogger } from '../log/logger.ts';
import { SeedRefused, seedHistory } from '../reports/history-seeder.ts';
import { envOrExit } from './engine-process.ts';

export function registerSeedHistoryCommand(program: Command): void {
  program
    .command('seed-history')
    .description('fill the (demo) database with days of simulated calls made by the engine on the simulator')
    .argument('[days]', 'how many days, e.g. 30 or 30d', '30d')
    .option('--until <day>', 'last day to fill (YYYY-MM-DD, local); default yesterday')
    .option('--calls-per-day <n>', 'calls on a working day (days off get a tenth)', '300')
    .option('--seed <n>', 'random seed (the same seed makes the same traffic)', '1')
    .option('--config <dir>', 'config folder', process.env.CAGRI_CONFIG ?? 'config')
    .option('--force', 'seed even where those days already have calls')
    .action(
      async (
        daysArg: string,
        opts: { until?: string; callsPerDay: string; seed: string; config: string; force?: boolean },
      ) => {
        const days = Number(/^(\d+)d?$/.exec(daysArg)?.[1] ?? Number.NaN);
        const callsPerDay = Number(opts.callsPerDay);
        const seed = Number(opts.seed);
        const until = opts.until ?? DateTime.now().setZone('Asia/Baku').minus({ days: 1 }).toISODate() ?? '';
        const problems = [
          !(days >= 1 && days <= 366) && `days must be 1–366 (got ${daysArg})`,
          !(Number.isInteger(callsPerDay) && callsPerDay >= 1 && callsPerDay <= 5000) &&
            `--calls-per-day must be 1–5000 (got ${opts.callsPerDay})`,
          !Number.isInteger(seed) && `--seed must be a whole number (got ${opts.seed})`,
          !DateTime.fromISO(until).isValid && `--until must be a day as YYYY-MM-DD (got ${until})`,
        ].filter(Boolean);
        if (problems.length) {
          for (const p of problems) console.error(p);
          process.exitCode = 2;
          return;
        }
        const env = envOrExit({
          ...process.env,
          // The simulator's address is filled in by the seeder; these only satisfy the schema.
          ARI_URL: 'http://127.0.0.1:1',
          ARI_USERNAME: 'cagri',
          ARI_PASSWORD: 'cagri',
          DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
          REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? 'seed-history-token-not-served',
          CAGRI_CONFIG: opts.config,
        });
        console.log(`seeding ${days} days up to ${until} into ${redact(env.DATABASE_URL)} (seed ${seed})`);
        const summary = await seedHistory({
          env,
          logger: createLogger({ level: process.env.LOG_LEVEL ?? 'silent' }),
          days,
          lastDay: until,
          callsPerDay,
          seed,
          force: opts.force === true,
          report: (line) => console.log(`  ${line}`),
        }).catch((err: unknown) => {
          if (!(err instanceof SeedRefused)) throw err;
          console.error(err.message);
          process.exitCode = 2;
          return undefined;
        });
        if (!summary) return;
        const b = summary.byPlan;
        console.log(
          [
            `made ${summary.calls} calls over ${summary.days} days in ${summary.seconds} s:`,
            `  ${b.answered} asked for an operator and waited, ${b.urgent} urgent, ${b.abandons} meant to hang up waiting,`,
            `  ${b['menu-only']} served by the menu, ${b.referred} referred, ${b['queue-callback']} booked from the queue, ${b['after-hours-booking']} booked after hours`,
            'see them in /api/reports/* (e.g. /api/reports/traffic?period=month)',
          ].join('\n'),
        );
      },
    );
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}
