import type { Command } from 'commander';

// Placeholder until this subcommand lands: it says so rather than pretending to work.
export function registerSimulatorCommand(program: Command): void {
  program
    .command('simulator')
    .description('(not yet available)')
    .action(() => {
      console.error('cagri simulator is not available yet');
      process.exitCode = 2;
    });
}
