// `cagri prompts`: speaks every catalogued prompt into `<out>/<file>.wav`. Idempotent: a manifest
// (`<out>/.cagri-prompts.json`) records what each generated file says, so an unchanged prompt is
// skipped and a changed text regenerates it; a file the manifest does not know (a voice talent's
// recording, in any format, or a generated file replaced since) is never overwritten.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CataloguedPrompt } from './prompt-catalogue.ts';
import { hasVoice, SYNTH_SETTINGS, speechTools, synthesize } from './speech-synth.ts';

const MANIFEST = '.cagri-prompts.json';

export type PromptOutcome =
  | { kind: 'generated' }
  | { kind: 'up-to-date' }
  /** A file of that name exists that cagri did not generate: a recording, kept. */
  | { kind: 'recording-kept'; existing: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string };

export interface PromptResult {
  prompt: CataloguedPrompt;
  outcome: PromptOutcome;
}

export interface GenerateOptions {
  /** Parallel syntheses (default 2). */
  concurrency?: number;
  /** Called after each prompt, for progress output. */
  onResult?: (r: PromptResult) => void;
}

/** Sound name → what was generated: the hash of its language, text and tools, and its size. */
type Manifest = Record<string, { hash: string; bytes: number }>;

async function readManifest(outDir: string): Promise<Manifest> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(outDir, MANIFEST), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Manifest) : {};
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(
      `${join(outDir, MANIFEST)} is unreadable (${(err as Error).message}); delete it to regenerate all prompts`,
    );
  }
}

/** Files in the prompt's folder with its name and any extension (Asterisk plays any of them). */
async function existingFiles(outDir: string, file: string): Promise<string[]> {
  const dir = dirname(join(outDir, file));
  const name = basename(file);
  try {
    return (await readdir(dir)).filter((e) => e.replace(/\.[^.]+$/, '') === name && !e.endsWith('.partial'));
  } catch {
    return [];
  }
}

export async function generatePrompts(
  prompts: readonly CataloguedPrompt[],
  outDir: string,
  opts: GenerateOptions = {},
): Promise<PromptResult[]> {
  const tools = await speechTools(); // fails first, with the install hint, when one is missing
  const manifest = await readManifest(outDir);
  const results: PromptResult[] = [];
  const hashOf = (p: CataloguedPrompt) =>
    createHash('sha256')
      .update(JSON.stringify([p.language, p.text, tools, SYNTH_SETTINGS]))
      .digest('hex')
      .slice(0, 16);

  const one = async (p: CataloguedPrompt): Promise<PromptOutcome> => {
    if (!p.text) {
      const where =
        p.source.kind === 'config' ? 'the config gives no `text`' : 'cagri has no text in this language';
      return { kind: 'skipped', reason: `${where} to speak; record it` };
    }
    if (!hasVoice(p.language)) return { kind: 'skipped', reason: `no voice for language "${p.language}"` };
    const hash = hashOf(p);
    const existing = await existingFiles(outDir, p.file);
    const target = join(outDir, `${p.file}.wav`);
    const known = manifest[p.file];
    if (existing.length > 0) {
      const bytes = await stat(target).then(
        (s) => s.size,
        () => -1,
      );
      const ours = known !== undefined && existing.length === 1 && bytes === known.bytes;
      if (!ours) return { kind: 'recording-kept', existing: existing.join(', ') };
      if (known.hash === hash) return { kind: 'up-to-date' };
    }
    await mkdir(dirname(target), { recursive: true });
    try {
      await synthesize(p.text, p.language, target);
    } catch (err) {
      return { kind: 'failed', reason: (err as Error).message };
    }
    manifest[p.file] = { hash, bytes: (await stat(target)).size };
    return { kind: 'generated' };
  };

  // Workers finish in any order; results are kept in the catalogue's order.
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < prompts.length; i = next++) {
      const p = prompts[i]!;
      const r = { prompt: p, outcome: await one(p) };
      results[i] = r;
      opts.onResult?.(r);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  } finally {
    // Whatever was generated before a failure is recorded, so a rerun does not redo it.
    await mkdir(outDir, { recursive: true });
    const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
    await writeFile(join(outDir, MANIFEST), `${JSON.stringify(sorted, null, 2)}\n`);
  }
  return results;
}
