// `cagri prompts` for real: espeak-ng and sox generate a few prompts into a temporary folder;
// soxi proves the format Asterisk wants (8000 Hz, mono, 16-bit); a rerun skips them; a changed
// text regenerates; a person's recording is never overwritten; a missing tool is a clear error.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CataloguedPrompt } from '../../src/prompts/prompt-catalogue.ts';
import { generatePrompts } from '../../src/prompts/prompt-generator.ts';
import { SpeechToolError, segments } from '../../src/prompts/speech-synth.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

const PROMPTS: CataloguedPrompt[] = [
  {
    file: 'cagri/az/language',
    language: 'az',
    text: 'Azərbaycan dili üçün 1. Для русского языка нажмите 2. For English, press 3.',
    source: {
      kind: 'config',
      file: 'config/menus/info.yaml',
      path: ['nodes', 'language', 'prompt', 'az', 'file'],
    },
  },
  {
    file: 'cagri/ru/queue-position',
    language: 'ru',
    text: 'Ваш номер в очереди:',
    source: { kind: 'engine', purpose: "the queue's position announcement" },
  },
  { file: 'cagri/az/say/9-loc', language: 'az', text: 'doqquzda', source: { kind: 'say' } },
];

async function soxi(
  file: string,
): Promise<{ rate: number; channels: number; bits: number; seconds: number }> {
  const field = async (flag: string) => Number((await run('soxi', [flag, file])).stdout.trim());
  return {
    rate: await field('-r'),
    channels: await field('-c'),
    bits: await field('-b'),
    seconds: await field('-D'),
  };
}

describe('prompt generator (espeak-ng → sox)', { timeout: 120_000 }, () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'cagri-prompts-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('generates 8 kHz mono 16-bit WAVs under <out>/cagri/<lang>/', async () => {
    const results = await generatePrompts(PROMPTS, out);
    expect(results.map((r) => r.outcome.kind)).toEqual(['generated', 'generated', 'generated']);
    for (const p of PROMPTS) {
      const f = await soxi(join(out, `${p.file}.wav`));
      expect(f).toMatchObject({ rate: 8000, channels: 1, bits: 16 });
      expect(f.seconds).toBeGreaterThan(0.3);
    }
    // Three sentences in three voices: longer than any one of them alone.
    expect((await soxi(join(out, 'cagri/az/language.wav'))).seconds).toBeGreaterThan(3);
  });

  it('is idempotent: a rerun skips what is up to date; a changed text regenerates', async () => {
    const before = (await stat(join(out, 'cagri/az/say/9-loc.wav'))).mtimeMs;
    const again = await generatePrompts(PROMPTS, out);
    expect(again.map((r) => r.outcome.kind)).toEqual(['up-to-date', 'up-to-date', 'up-to-date']);
    expect((await stat(join(out, 'cagri/az/say/9-loc.wav'))).mtimeMs).toBe(before);
    const changed = PROMPTS.map((p) =>
      p.file === 'cagri/ru/queue-position' ? { ...p, text: 'Ваше место в очереди:' } : p,
    );
    const r = await generatePrompts(changed, out);
    expect(r.find((x) => x.prompt.file === 'cagri/ru/queue-position')?.outcome.kind).toBe('generated');
    const manifest = JSON.parse(await readFile(join(out, '.cagri-prompts.json'), 'utf8'));
    expect(Object.keys(manifest).sort()).toEqual(PROMPTS.map((p) => p.file).sort());
  });

  it("never overwrites a person's recording, in any format", async () => {
    await mkdir(join(out, 'cagri/en'), { recursive: true });
    await writeFile(join(out, 'cagri/en/greeting.ulaw'), 'recorded');
    await writeFile(join(out, 'cagri/az/say/9-loc.wav'), 'a voice talent recorded this one');
    const r = await generatePrompts(
      [
        { file: 'cagri/en/greeting', language: 'en', text: 'Welcome.', source: { kind: 'say' } },
        ...PROMPTS.filter((p) => p.file === 'cagri/az/say/9-loc'),
      ],
      out,
    );
    expect(r.map((x) => x.outcome)).toEqual([
      { kind: 'recording-kept', existing: 'greeting.ulaw' },
      { kind: 'recording-kept', existing: '9-loc.wav' },
    ]);
    expect(await readFile(join(out, 'cagri/az/say/9-loc.wav'), 'utf8')).toBe(
      'a voice talent recorded this one',
    );
  });

  it('skips a prompt with no text, and says why', async () => {
    const [r] = await generatePrompts(
      [{ file: 'cagri/az/x', language: 'az', source: { kind: 'config', file: 'services.yaml', path: [] } }],
      out,
    );
    expect(r?.outcome).toEqual({ kind: 'skipped', reason: 'the config gives no `text` to speak; record it' });
  });

  it('a missing espeak-ng is a clear error, and nothing is written', async () => {
    const path = process.env.PATH;
    const empty = await mkdtemp(join(tmpdir(), 'cagri-nopath-'));
    process.env.PATH = empty;
    try {
      const target = await mkdtemp(join(tmpdir(), 'cagri-prompts-'));
      await expect(generatePrompts(PROMPTS, target)).rejects.toThrow(SpeechToolError);
      await expect(generatePrompts(PROMPTS, target)).rejects.toThrow(
        /espeak-ng is not installed \(Debian: apt-get install espeak-ng\)/,
      );
      await expect(stat(join(target, '.cagri-prompts.json'))).rejects.toThrow(/ENOENT/);
      await rm(target, { recursive: true });
    } finally {
      process.env.PATH = path;
      await rm(empty, { recursive: true });
    }
  });

  it('the CLI generates the shipped config’s whole catalogue; check --sounds then finds every prompt', async () => {
    // The whole catalogue, as `cagri prompts` writes it; counted, not listened to.
    const target = await mkdtemp(join(tmpdir(), 'cagri-prompts-cli-'));
    try {
      const r = await run(process.execPath, ['bin/cagri.js', 'prompts', 'config', '--out', target], {
        cwd: ROOT,
        timeout: 600_000,
      });
      expect(r.stdout).toMatch(
        /: (\d+) prompts: \1 generated, 0 up to date, 0 recordings kept, 0 skipped, 0 failed$/m,
      );
      expect(await soxi(join(target, 'cagri/az/say/month-12.wav'))).toMatchObject({
        rate: 8000,
        channels: 1,
      });
      const check = await run(process.execPath, ['bin/cagri.js', 'check', 'config', '--sounds', target], {
        cwd: ROOT,
      });
      expect(check.stdout).toMatch(/OK .*every prompt found in/);
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  }, 600_000);
});

describe('segments: each sentence in its own voice', () => {
  it('splits a mixed-language prompt by script and letters', () => {
    expect(
      segments('Azərbaycan dili üçün 1. Для русского языка нажмите 2. For English, press 3.', 'az'),
    ).toEqual([
      { language: 'az', text: 'Azərbaycan dili üçün 1.' },
      { language: 'ru', text: 'Для русского языка нажмите 2.' },
      { language: 'en', text: 'For English, press 3.' },
    ]);
    expect(segments('Zəng ödənişsizdir. Sağ olun.', 'az')).toEqual([
      { language: 'az', text: 'Zəng ödənişsizdir. Sağ olun.' },
    ]);
    expect(segments('1655.', 'ru')).toEqual([{ language: 'ru', text: '1655.' }]);
    expect(segments('Welcome to 1655.', 'en')).toEqual([{ language: 'en', text: 'Welcome to 1655.' }]);
  });
});
