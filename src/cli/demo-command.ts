import type { Command } from 'commander';

// Placeholder until this subcommand lands: it says so rather than pretending to work.
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('(not yet available)')
    .action(() => {
      console.error('cagri demo is not available yet');
      process.exitCode = 2;
    });
}
