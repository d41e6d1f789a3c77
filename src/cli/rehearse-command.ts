import type { Command } from 'commander';

// Placeholder until this subcommand lands: it says so rather than pretending to work.
export function registerRehearseCommand(program: Command): void {
  program
    .command('rehearse')
    .description('(not yet available)')
    .action(() => {
      console.error('cagri rehearse is not available yet');
      process.exitCode = 2;
    });
}
