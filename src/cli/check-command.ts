// `cagri check [dir] [--sounds <dir>]`: validate a config folder without running anything.
// Prints each problem as `file:line:col: message` (editors and CI pick these up); exit 1 on any.
// With --sounds, every prompt the engine can play is looked for: the config's (menus, services,
// callbacks) and the engine's own (queue announcements, the say module's number/date fragments).
import type { Command } from 'commander';
import { missingHolidayYears } from '../calendar/missing-holiday-years.ts';
import { ServiceCalendar } from '../calendar/service-calendar.ts';
import { hoursOf } from '../config/cagri-config.ts';
import { type ConfigError, formatConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/config-loader.ts';
import { builtInSoundErrors } from '../config/sound-files.ts';

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('validate a config folder: schemas, menu references, languages, prompt files')
    .argument('[dir]', 'the config folder (default: $CAGRI_CONFIG or ./config)')
    .option('--sounds <dir>', 'also check that every prompt the engine can play exists in this sounds folder')
    .action(async (dir: string | undefined, opts: { sounds?: string }) => {
      const folder = dir ?? process.env.CAGRI_CONFIG ?? 'config';
      const result = await loadConfig(folder, opts.sounds ? { soundsDir: opts.sounds } : {});
      const errors: ConfigError[] = result.ok ? [] : [...result.errors];
      if (opts.sounds) {
        // Missing config prompts fail the load; the built-in ones are still worth listing then.
        const base = result.ok ? result : await loadConfig(folder);
        if (base.ok) errors.push(...(await builtInSoundErrors(base.config, opts.sounds)));
      }
      if (result.ok) {
        // Holidays of a missing year would silently count as working days.
        const c = result.config;
        const calendars = c.services.map((svc) => {
          const profile = hoursOf(c, svc);
          return { serviceId: svc.id, calendar: profile && new ServiceCalendar(profile, c.holidays) };
        });
        for (const m of missingHolidayYears(calendars, Date.now())) {
          errors.push({
            file: `${folder}/holidays`,
            line: 1,
            col: 1,
            message: `service ${m.serviceId}: no holiday file for ${m.year} (add holidays/<country>-${m.year}.yaml); its holidays would count as working days`,
          });
        }
      }
      if (errors.length > 0 || !result.ok) {
        for (const e of errors) console.log(formatConfigError(e));
        const n = errors.length;
        console.error(`${folder}: ${n} error${n === 1 ? '' : 's'}`);
        process.exitCode = 1;
        return;
      }
      const c = result.config;
      const nodes = Object.keys(c.menus).length;
      const sounds = opts.sounds ? `, every prompt found in ${opts.sounds}` : '';
      console.log(
        `${folder}: OK (version ${c.version}): ${c.services.length} service(s) ` +
          `[${c.services.map((s) => `${s.number} ${s.id}`).join(', ')}], ${nodes} menu nodes, ` +
          `${c.queues.queues.length} queue(s), ${Object.keys(c.hours.profiles).length} hours profile(s), ` +
          `${c.holidays.length} holiday file(s)${sounds}`,
      );
    });
}
