// Temporary copies of the shipped config folder, with helpers to plant a mistake and to find the
// line and column where it was planted.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SHIPPED = resolve(import.meta.dirname, '../../config');

export async function copyConfig(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cagri-config-'));
  await cp(SHIPPED, dir, { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Rewrites a file; `edit` must change it (a test that plants nothing would prove nothing). */
export async function edit(dir: string, rel: string, change: (text: string) => string): Promise<string> {
  const file = join(dir, rel);
  const before = await readFile(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`edit of ${rel} changed nothing`);
  await writeFile(file, after);
  return file;
}

/** `file:line:col` of the first `needle` (after `after`, if given), plus `shift` columns. */
export async function where(
  file: string,
  needle: string,
  opts: { after?: string; shift?: number } = {},
): Promise<string> {
  const text = await readFile(file, 'utf8');
  const from = opts.after ? text.indexOf(opts.after) : 0;
  if (from < 0) throw new Error(`"${opts.after}" not in ${file}`);
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not in ${file}`);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const col = at - before.lastIndexOf('\n') + (opts.shift ?? 0);
  return `${file}:${line}:${col}`;
}
