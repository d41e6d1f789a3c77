// The shipped config loads clean; each kind of mistake planted in a copy is reported at its
// file:line:col, and nothing is loaded.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serviceByNumber } from '../../src/config/cagri-config.ts';
import { formatConfigError } from '../../src/config/config-error.ts';
import { loadConfig } from '../../src/config/config-loader.ts';
import { nodePrompts, servicePrompts } from '../../src/menu/menu-prompts.ts';
import { copyConfig, edit, removeDir, SHIPPED, where } from './config-fixture.ts';

async function errorsOf(dir: string, soundsDir?: string): Promise<string[]> {
  const r = await loadConfig(dir, soundsDir ? { soundsDir } : {});
  if (r.ok) throw new Error('expected the config to be rejected');
  return r.errors.map(formatConfigError);
}

describe('the shipped config', () => {
  it('loads clean, with every part composed', async () => {
    const r = await loadConfig(SHIPPED);
    if (!r.ok) throw new Error(r.errors.map(formatConfigError).join('\n'));
    const c = r.config;
    expect(c.version).toMatch(/^[0-9a-f]{12}$/);
    const s = serviceByNumber(c, '1655');
    expect(s).toMatchObject({
      id: 'citizens',
      languages: ['az', 'ru', 'en'],
      menu: 'main',
      afterHoursMenu: 'after-hours',
    });
    expect(c.menus['appeal-status']).toMatchObject({ kind: 'input', store: 'appealNumber' });
    expect(c.queues.queues[0]?.id).toBe('general');
    expect(Object.keys(c.hours.profiles)).toContain('working-days');
    expect(c.holidays.length).toBeGreaterThanOrEqual(2);
    expect(c.callbacks.maxAttempts).toBeGreaterThan(0);
    expect(Object.isFrozen(c.menus)).toBe(true);
  });

  it('the same content gives the same version', async () => {
    const a = await loadConfig(SHIPPED);
    const dir = await copyConfig();
    try {
      const b = await loadConfig(dir);
      expect(a.ok && b.ok && a.config.version === b.config.version).toBe(true);
    } finally {
      await removeDir(dir);
    }
  });
});

describe('planted mistakes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await copyConfig();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('YAML syntax error', async () => {
    const f = await edit(dir, 'menus/info.yaml', (t) =>
      t.replace('  language:\n', '  language:\n   bad: [1, 2\n'),
    );
    const errors = await errorsOf(dir);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(new RegExp(`^${f}:\\d+:\\d+: YAML: `));
  });

  it('schema: wrong type, unknown field, missing field, unknown action', async () => {
    const f = await edit(dir, 'menus/main.yaml', (t) =>
      t
        .replace('    timeoutSec: 6\n', '    timeoutSec: soon\n    colour: red\n')
        .replace('"9": { action: repeat }', '"9": { action: replay }')
        .replace('    store: appealNumber\n', ''),
    );
    const errors = await errorsOf(dir);
    expect(errors).toContain(
      `${await where(f, 'soon')}: nodes.main.timeoutSec: Invalid input: expected number, received string`,
    );
    expect(errors).toContain(`${await where(f, 'colour')}: nodes.main: unknown field "colour"`);
    expect(errors.find((e) => e.includes('nodes.main.options.9.action'))).toMatch(
      new RegExp(`^${await where(f, 'replay')}: .*Invalid discriminator value`),
    );
    expect(errors).toContain(
      `${await where(f, 'kind: input')}: nodes.appeal-status.store: is required (string)`,
    );
  });

  it('goto to an unknown node', async () => {
    const f = await edit(dir, 'menus/main.yaml', (t) => t.replace('node: question }', 'node: questions }'));
    expect(await errorsOf(dir)).toEqual([
      `${await where(f, 'questions')}: unknown node "questions" (known nodes: after-hours, appeal-status, appeals, complaint, info, language, main, other-bodies, question)`,
      // …and `question` is now reachable from nowhere.
      `${await where(f, 'question:\n')}: node "question" is unreachable: no service root or goto leads to it`,
    ]);
  });

  it('service → unknown menu, queue and hours profile', async () => {
    const f = await edit(dir, 'services.yaml', (t) =>
      t
        .replace('menu: main ', 'menu: mian ')
        .replace('queue: general ', 'queue: genral ')
        .replace('hours: working-days ', 'hours: workdays '),
    );
    const errors = await errorsOf(dir);
    expect(errors).toContain(
      `${await where(f, 'workdays')}: unknown hours profile "workdays" (hours.yaml has: working-days, always)`,
    );
    expect(errors).toContain(
      `${await where(f, 'genral')}: unknown queue "genral" (queues.yaml has: general)`,
    );
    const mian = await where(f, 'mian');
    expect(errors.find((e) => e.startsWith(`${mian}: unknown node "mian"`))).toBeDefined();
  });

  it('an unreachable node', async () => {
    const f = await edit(
      dir,
      'menus/info.yaml',
      (t) =>
        `${t}\n  orphan:\n    prompt: { az: { file: x/a }, ru: { file: x/r }, en: { file: x/e } }\n    options: { "1": { action: operator } }\n`,
    );
    expect(await errorsOf(dir)).toEqual([
      `${await where(f, 'orphan:')}: node "orphan" is unreachable: no service root or goto leads to it`,
    ]);
  });

  it('a dead end', async () => {
    const f = await edit(dir, 'menus/main.yaml', (t) =>
      t
        .replace(
          '"3": { action: goto, node: other-bodies }',
          '"3": { action: goto, node: other-bodies }\n      "4": { action: goto, node: loop }',
        )
        .concat(
          '\n  loop:\n    prompt: { az: { file: x/a }, ru: { file: x/r }, en: { file: x/e } }\n' +
            '    options: { "1": { action: repeat }, "2": { action: play, prompt: { az: { file: x/a }, ru: { file: x/r }, en: { file: x/e } } } }\n',
        ),
    );
    expect(await errorsOf(dir)).toEqual([
      `${await where(f, 'loop:\n')}: node "loop" is a dead end: no option leads on to an operator, a callback, urgent, goodbye or a referral (only 0 or hanging up gets the caller out)`,
    ]);
  });

  it('a node with no options is a dead end', async () => {
    const f = await edit(dir, 'menus/info.yaml', (t) =>
      t
        .replace(/ {6}"1": \{ action: language, language: az \}\n[\s\S]*$/, '      {}\n')
        .replace('    options:\n      {}', '    options: {}'),
    );
    expect(await errorsOf(dir)).toEqual([
      `${await where(f, 'language:\n')}: node "language" is a dead end: it has no options (only 0 or hanging up gets the caller out)`,
    ]);
  });

  it('digit clashes: a key written twice, also as 1 and "1"', async () => {
    const f = await edit(dir, 'menus/main.yaml', (t) =>
      t
        .replace('"9": { action: repeat }', '"9": { action: repeat }\n      "9": { action: goodbye }')
        .replace(
          '"2": { action: goto, node: question }',
          '2: { action: operator }\n      "2": { action: goto, node: question }',
        ),
    );
    expect(await errorsOf(dir)).toEqual([
      `${await where(f, '"9": { action: goodbye }')}: key 9 is bound twice in node "main"`,
      `${await where(f, '"2": { action: goto, node: question }')}: key 2 is bound twice in node "appeals"`,
    ]);
  });

  it('0 taken by a node', async () => {
    const f = await edit(dir, 'menus/after-hours.yaml', (t) =>
      t.replace('"9": { action: repeat }', '"0": { action: repeat }'),
    );
    expect(await errorsOf(dir)).toEqual([
      `${await where(f, '"0"')}: key 0 is reserved: it connects to an operator from every node of the service (the callback offer after hours); choose another key`,
    ]);
  });

  it('a prompt missing in a declared language', async () => {
    const f = await edit(dir, 'menus/info.yaml', (t) =>
      t.replace(/^ +ru: \{ file: cagri\/ru\/info-hours.*\n/m, ''),
    );
    expect(await errorsOf(dir)).toEqual([
      `${await where(f, 'az: { file: cagri/az/info-hours')}: node "info": prompt has no "ru" version (service "citizens" offers az, ru, en)`,
    ]);
  });

  it('a service prompt missing in a declared language, and a language the service does not offer', async () => {
    const f = await edit(dir, 'services.yaml', (t) =>
      t.replace(/ {8}en: \{ file: cagri\/en\/goodbye.*\n/, ''),
    );
    const m = await edit(dir, 'menus/info.yaml', (t) => t.replace('language: en }', 'language: de }'));
    expect(await errorsOf(dir)).toEqual([
      `${await where(m, 'de }')}: language "de" is not offered by service "citizens" (az, ru, en)`,
      `${await where(f, 'az: { file: cagri/az/goodbye')}: prompt "goodbye": prompt has no "en" version (service "citizens" offers az, ru, en)`,
    ]);
  });

  it('a node defined in two files', async () => {
    const f = await edit(dir, 'menus/after-hours.yaml', (t) =>
      t.concat(
        '\n  question:\n    prompt: { az: { file: x/a }, ru: { file: x/r }, en: { file: x/e } }\n    options: { "1": { action: operator } }\n',
      ),
    );
    // Files are read in name order: after-hours.yaml before main.yaml.
    const main = join(dir, 'menus/main.yaml');
    expect(await errorsOf(dir)).toEqual([
      `${await where(main, 'question:\n')}: node "question" is already defined in ${f}`,
    ]);
  });

  it('a prompt file missing from the sounds folder', async () => {
    const loaded = await loadConfig(dir);
    if (!loaded.ok) throw new Error('copy should load');
    const sounds = join(dir, '..', `${dir.split('/').pop()}-sounds`);
    const names = [
      ...loaded.config.services.flatMap((s, i) => servicePrompts(i, s)),
      ...Object.entries(loaded.config.menus).flatMap(([id, n]) => nodePrompts(id, n)),
    ].flatMap((p) => Object.values(p.prompt).map((x) => x.file));
    try {
      for (const name of new Set(names)) {
        if (name === 'cagri/ru/appeals') continue; // the one that is missing
        const file = join(sounds, `${name}.${name.endsWith('main-menu') ? 'ulaw' : 'wav'}`);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, '');
      }
      const f = join(dir, 'menus/main.yaml');
      expect(await errorsOf(dir, sounds)).toEqual([
        `${await where(f, 'cagri/ru/appeals')}: sound file "cagri/ru/appeals" not found in ${sounds}`,
      ]);
      await writeFile(join(sounds, 'cagri/ru/appeals.gsm'), '');
      expect((await loadConfig(dir, { soundsDir: sounds })).ok).toBe(true);
    } finally {
      await removeDir(sounds);
    }
  });

  it('a missing file, and a holiday country with no files', async () => {
    const { rm } = await import('node:fs/promises');
    await rm(join(dir, 'callbacks.yaml'));
    expect(await errorsOf(dir)).toEqual([`${join(dir, 'callbacks.yaml')}:1:1: file not found`]);
    await writeFile(join(dir, 'callbacks.yaml'), 'maxAttempts: 3\n');
    const h = await edit(dir, 'hours.yaml', (t) => t.replace('holidays: az', 'holidays: tr'));
    expect(await errorsOf(dir)).toEqual([
      `${await where(h, 'tr\n')}: profiles.working-days.holidays: no holidays/tr-<year>.yaml file in the folder`,
    ]);
  });
});
