// `cagri migrate`: applies the pending sql/ migrations to DATABASE_URL and says which. Only that
// one variable is read, so an admin can migrate before the rest of the environment is set.
import type { Command } from 'commander';
import { EnvError, EnvSchema } from '../config/env.ts';
import { MigrationError, migrate } from '../db/migrator.ts';

const MigrateEnvSchema = EnvSchema.pick({ DATABASE_URL: true });

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (sql/*.sql) to DATABASE_URL')
    .action(async () => {
      const parsed = MigrateEnvSchema.safeParse({ DATABASE_URL: process.env.DATABASE_URL || undefined });
      if (!parsed.success) {
        const missing = !process.env.DATABASE_URL;
        console.error(
          new EnvError([
            missing
              ? 'DATABASE_URL is not set'
              : `DATABASE_URL ${parsed.error.issues[0]?.message ?? 'is invalid'}`,
          ]).message,
        );
        process.exitCode = 2;
        return;
      }
      try {
        const { applied } = await migrate(parsed.data.DATABASE_URL);
        if (applied.length === 0) console.log('database is up to date; nothing to apply');
        else for (const name of applied) console.log(`applied ${name}`);
      } catch (err) {
        // MigrationError messages name the file and what to do; connection errors say what failed.
        const reason =
          err instanceof MigrationError
            ? err.message
            : `cannot migrate (DATABASE_URL): ${(err as Error).message}`;
        console.error(reason);
        process.exitCode = 1;
      }
    });
}
