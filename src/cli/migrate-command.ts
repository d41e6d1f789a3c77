import type { Command } from 'commander';

// Placeholder until this subcommand lands: it says so rather than pretending to work.
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('(not yet available)')
    .action(() => {
      console.error('cagri migrate is not available yet');
      process.exitCode = 2;
    });
}
