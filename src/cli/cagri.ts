// The `cagri` command line: each subcommand lives in its own file and registers itself here.
import { Command } from 'commander';
import { registerCheckCommand } from './check-command.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerPromptsCommand } from './prompts-command.ts';
import { registerRehearseCommand } from './rehearse-command.ts';
import { registerSeedHistoryCommand } from './seed-history-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerSimulatorCommand } from './simulator-command.ts';
import { registerUsersCommand } from './users-command.ts';

const program = new Command('cagri')
  .description('IVR and call-centre engine for short-number hotlines, driving Asterisk over ARI')
  .showHelpAfterError();

registerServeCommand(program);
registerMigrateCommand(program);
registerSimulatorCommand(program);
registerDemoCommand(program);
registerSeedHistoryCommand(program);
registerCheckCommand(program);
registerRehearseCommand(program);
registerPromptsCommand(program);
registerUsersCommand(program);

await program.parseAsync(process.argv);
