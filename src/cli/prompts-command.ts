// `cagri prompts [dir] --out <folder>`: generates every prompt the config names (menus, service
// prompts), the engine's queue announcements and the say module's number/date fragments, in each
// language the services offer, as 8 kHz mono WAV under `<out>/cagri/<lang>/`. Idempotent: an
// unchanged prompt is skipped; a recording put there by a person is never overwritten.
import type { Command } from 'commander';
import { formatConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/config-loader.ts';
import { promptCatalogue } from '../prompts/prompt-catalogue.ts';
import { generatePrompts, type PromptResult } from '../prompts/prompt-generator.ts';
import { SpeechToolError } from '../prompts/speech-synth.ts';

interface PromptsOptions {
  out: string;
  verbose?: boolean;
}

export function registerPromptsCommand(program: Command): void {
  program
    .command('prompts')
    .description(
      'generate every prompt (menus, queue, callbacks, numbers and dates) with espeak-ng, as 8 kHz WAV',
    )
    .argument('[dir]', 'the config folder (default: $CAGRI_CONFIG or ./config)')
    .requiredOption(
      '--out <folder>',
      'the sounds folder to write into (files go to <out>/cagri/<lang>/<name>.wav)',
    )
    .option('--verbose', 'one line per prompt, also those skipped as up to date')
    .action(async (dir: string | undefined, opts: PromptsOptions) => {
      process.exitCode = await prompts(dir ?? process.env.CAGRI_CONFIG ?? 'config', opts);
    });
}

async function prompts(folder: string, opts: PromptsOptions): Promise<number> {
  const loaded = await loadConfig(folder);
  if (!loaded.ok) {
    for (const e of loaded.errors) console.log(formatConfigError(e));
    console.error(`${folder}: invalid config, no prompts generated`);
    return 1;
  }
  const catalogue = promptCatalogue(loaded.config);
  const show = (r: PromptResult) => {
    const o = r.outcome;
    if (o.kind === 'generated') console.log(`+ ${r.prompt.file}.wav`);
    else if (o.kind === 'failed') console.log(`! ${r.prompt.file}: ${o.reason}`);
    else if (o.kind === 'skipped') console.log(`- ${r.prompt.file}: ${o.reason}`);
    else if (opts.verbose && o.kind === 'recording-kept')
      console.log(`= ${r.prompt.file}: recording kept (${o.existing})`);
    else if (opts.verbose) console.log(`= ${r.prompt.file}: up to date`);
  };
  let results: PromptResult[];
  try {
    results = await generatePrompts(catalogue, opts.out, { onResult: show });
  } catch (err) {
    if (err instanceof SpeechToolError) {
      console.error(`cagri prompts: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const count = (k: PromptResult['outcome']['kind']) => results.filter((r) => r.outcome.kind === k).length;
  console.log(
    `${opts.out}: ${results.length} prompts: ${count('generated')} generated, ${count('up-to-date')} up to date, ` +
      `${count('recording-kept')} recordings kept, ${count('skipped')} skipped, ${count('failed')} failed`,
  );
  return count('failed') > 0 ? 1 : 0;
}
