import type { Command } from 'commander';

// Placeholder until this subcommand lands: it says so rather than pretending to work.
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('(not yet available)')
    .action(() => {
      console.error('cagri check is not available yet');
      process.exitCode = 2;
    });
}
