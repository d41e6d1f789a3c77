import type { Command } from 'commander';

// Placeholder until this subcommand lands: it says so rather than pretending to work.
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('(not yet available)')
    .action(() => {
      console.error('cagri serve is not available yet');
      process.exitCode = 2;
    });
}
