// `cagri check [dir] [--sounds <dir>]`: validate a config folder without running anything.
// Prints each problem as `file:line:col: message` (editors and CI pick these up); exit 1 on any.
import type { Command } from 'commander';
import { formatConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/config-loader.ts';

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('validate a config folder: schemas, menu references, languages, prompt files')
    .argument('[dir]', 'the config folder (default: $CAGRI_CONFIG or ./config)')
    .option('--sounds <dir>', 'also check that every prompt file exists in this sounds folder')
    .action(async (dir: string | undefined, opts: { sounds?: string }) => {
      const folder = dir ?? process.env.CAGRI_CONFIG ?? 'config';
      const result = await loadConfig(folder, opts.sounds ? { soundsDir: opts.sounds } : {});
      if (!result.ok) {
        for (const e of result.errors) console.log(formatConfigError(e));
        const n = result.errors.length;
        console.error(`${folder}: ${n} error${n === 1 ? '' : 's'}`);
        process.exitCode = 1;
        return;
      }
      const c = result.config;
      const nodes = Object.keys(c.menus).length;
      const sounds = opts.sounds ? `, prompt files found in ${opts.sounds}` : '';
      console.log(
        `${folder}: OK (version ${c.version}): ${c.services.length} service(s) ` +
          `[${c.services.map((s) => `${s.number} ${s.id}`).join(', ')}], ${nodes} menu nodes, ` +
          `${c.queues.queues.length} queue(s), ${Object.keys(c.hours.profiles).length} hours profile(s), ` +
          `${c.holidays.length} holiday file(s)${sounds}`,
      );
    });
}
