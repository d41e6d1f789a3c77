// `cagri check --sounds` covers every prompt the engine can play: the config's prompts at their
// YAML lines, and the engine's own (queue announcements, say fragments) at the services.yaml
// `languages` entry that brings them in, with a message that says they are built in.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config-loader.ts';
import { builtInSoundErrors } from '../../src/config/sound-files.ts';
import { promptCatalogue } from '../../src/prompts/prompt-catalogue.ts';
import { SHIPPED, where } from './config-fixture.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['bin/cagri.js', 'check', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) => {
        done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

/** A sounds folder holding an (empty) file for every catalogued prompt except `leaveOut`. */
async function soundsFolder(leaveOut: (file: string) => boolean): Promise<string> {
  const loaded = await loadConfig(SHIPPED);
  if (!loaded.ok) throw new Error('the shipped config does not load');
  const dir = await mkdtemp(join(tmpdir(), 'cagri-sounds-'));
  for (const p of promptCatalogue(loaded.config)) {
    if (leaveOut(p.file)) continue;
    await mkdir(dirname(join(dir, p.file)), { recursive: true });
    await writeFile(join(dir, `${p.file}.wav`), '');
  }
  return dir;
}

const QUEUE = /^cagri\/[a-z]{2}\/(queue-position|queue-estimated-wait|minutes)$/;

describe('cagri check --sounds', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  let complete: string;
  let noQueue: string;
  beforeAll(async () => {
    complete = await soundsFolder(() => false);
    noQueue = await soundsFolder((f) => QUEUE.test(f));
    dirs.push(complete, noQueue);
  });
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('passes when every prompt, engine prompt and say fragment is there', async () => {
    const r = await check(SHIPPED, '--sounds', complete);
    expect(r.stdout).toMatch(/OK .*every prompt found in/);
    expect(r.code).toBe(0);
  });

  it('reports the queue prompts missing, at the languages line, as built into the engine', async () => {
    const r = await check(SHIPPED, '--sounds', noQueue);
    expect(r.code).toBe(1);
    const services = join(SHIPPED, 'services.yaml');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(9); // 3 prompts × az, ru, en
    for (const [lang, shift] of [
      ['az', 0],
      ['ru', 4],
      ['en', 8],
    ] as const) {
      const at = await where(services, 'languages: [az', { shift: 12 + shift });
      for (const name of ['queue-position', 'queue-estimated-wait', 'minutes']) {
        expect(lines).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^${at}: sound file "cagri/${lang}/${name}" not found in ${noQueue}: .*built into the engine for language "${lang}"; generate it with \`cagri prompts`,
            ),
          ),
        );
      }
    }
  });

  it('summarises missing say fragments per language, naming the first few', async () => {
    const loaded = await loadConfig(SHIPPED);
    if (!loaded.ok) throw new Error('the shipped config does not load');
    const noRussianNumbers = await soundsFolder((f) => f.startsWith('cagri/ru/say/'));
    dirs.push(noRussianNumbers);
    const errors = await builtInSoundErrors(loaded.config, noRussianNumbers);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(
      /^(\d+) of \1 say fragments for language "ru" \(the numbers, dates and times the engine composes\) not found in .*: cagri\/ru\/say\/\S+, .* and \d+ more; generate them with/,
    );
  });
});
