// Which prompt files exist in a sounds folder. Asterisk names sounds without an extension and
// picks whichever format is there (`main-menu.wav`, `.ulaw`, `.gsm`…), so any extension counts.
// The config's own prompts are checked by the loader (at their YAML lines); the engine's built-in
// ones (queue announcements, say fragments) here.
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { offeredLanguages, promptCatalogue } from '../prompts/prompt-catalogue.ts';
import type { CagriConfig } from './cagri-config.ts';
import type { ConfigError } from './config-error.ts';
import { readYaml } from './yaml-file.ts';
import { locate } from './yaml-positions.ts';

/** The names in `names` with no file of that name (any extension) under `soundsDir`. */
export async function missingSoundFiles(soundsDir: string, names: Iterable<string>): Promise<Set<string>> {
  const listings = new Map<string, Promise<Set<string>>>();
  const list = (dir: string) => {
    let p = listings.get(dir);
    if (!p) {
      p = readdir(dir)
        .then((entries) => new Set(entries.map((e) => e.replace(/\.[^.]+$/, ''))))
        .catch(() => new Set<string>());
      listings.set(dir, p);
    }
    return p;
  };
  const missing = new Set<string>();
  for (const name of new Set(names)) {
    const full = join(soundsDir, name);
    const present = await list(dirname(full));
    if (!present.has(basename(full))) missing.add(name);
  }
  return missing;
}

/** Missing names listed in one message at most; the rest are counted. */
const LISTED = 5;

/**
 * The prompts no config file names but the engine plays (the queue's announcements, the say
 * module's number and date fragments), missing from `soundsDir`. Each is reported at the
 * `languages` entry of services.yaml that makes the engine need it, since that is the config
 * line that brings them in; the message says they are built into the engine and how to make them.
 */
export async function builtInSoundErrors(config: CagriConfig, soundsDir: string): Promise<ConfigError[]> {
  const builtIn = promptCatalogue(config).filter((p) => p.source.kind !== 'config');
  const missing = await missingSoundFiles(
    soundsDir,
    builtIn.map((p) => p.file),
  );
  if (missing.size === 0) return [];
  const servicesFile = join(config.dir, 'services.yaml');
  const read = await readYaml(servicesFile);
  const where = (language: string) => {
    const i = config.services.findIndex((s) => s.languages.includes(language));
    const path = ['services', i, 'languages', config.services[i]?.languages.indexOf(language) ?? 0];
    const pos = read.ok && i >= 0 ? locate(read.source.doc, read.source.lc, path) : { line: 1, col: 1 };
    return { file: servicesFile, ...pos };
  };
  const hint = (n: number) =>
    `generate ${n === 1 ? 'it' : 'them'} with \`cagri prompts ${config.dir} --out ${soundsDir}\` or record ${n === 1 ? 'it' : 'them'}`;
  const errors: ConfigError[] = [];
  for (const language of offeredLanguages(config)) {
    const mine = builtIn.filter((p) => p.language === language);
    for (const p of mine) {
      if (p.source.kind === 'engine' && missing.has(p.file)) {
        errors.push({
          ...where(language),
          message: `sound file "${p.file}" not found in ${soundsDir}: ${p.source.purpose}, built into the engine for language "${language}"; ${hint(1)}`,
        });
      }
    }
    const say = mine.filter((p) => p.source.kind === 'say');
    const gone = say.filter((p) => missing.has(p.file)).map((p) => p.file);
    if (gone.length > 0) {
      const more = gone.length > LISTED ? `, … and ${gone.length - LISTED} more` : '';
      errors.push({
        ...where(language),
        message:
          `${gone.length} of ${say.length} say fragments for language "${language}" (the numbers, dates and times ` +
          `the engine composes) not found in ${soundsDir}: ${gone.slice(0, LISTED).join(', ')}${more}; ${hint(gone.length)}`,
      });
    }
  }
  return errors;
}
