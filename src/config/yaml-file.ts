// One YAML file of the config folder: read, parsed with positions kept, checked against its zod
// schema. Every problem comes back as a ConfigError pointing at the line and column to fix.
import { readFile } from 'node:fs/promises';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ConfigError } from './config-error.ts';
import { duplicateKeys, locate, type YamlPath } from './yaml-positions.ts';

export interface YamlSource {
  /** As shown in errors (config dir joined with the relative path). */
  file: string;
  text: string;
  doc: Document;
  lc: LineCounter;
}

export type Parsed<T> =
  | { ok: true; value: T; source: YamlSource }
  | { ok: false; errors: ConfigError[]; source?: YamlSource };

export async function readYaml(
  file: string,
): Promise<{ ok: true; source: YamlSource } | { ok: false; errors: ConfigError[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(e)})`;
    return { ok: false, errors: [{ file, line: 1, col: 1, message: why }] };
  }
  const lc = new LineCounter();
  // uniqueKeys off: duplicates are reported by us, with a message that says which key and where.
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const source: YamlSource = { file, text, doc, lc };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ file, ...lc.linePos(e.pos[0]), message: `YAML: ${e.message}` })),
    };
  }
  return { ok: true, source };
}

/** Where a dotted path is, for messages: `services[0].prompts.greeting`. */
export function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** zod issues → positioned errors, phrased for someone editing the YAML. */
export function schemaErrors(
  source: YamlSource,
  raw: unknown,
  issues: readonly z.core.$ZodIssue[],
): ConfigError[] {
  const out: ConfigError[] = [];
  const push = (path: YamlPath, message: string, on: 'key' | 'value' = 'value') =>
    out.push({ file: source.file, ...locate(source.doc, source.lc, path, on), message });
  for (const issue of issues) {
    const where = pathText(issue.path);
    const prefix = where ? `${where}: ` : '';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) push([...issue.path, key], `${prefix}unknown field "${key}"`, 'key');
    } else if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message;
      push(issue.path, `${prefix}invalid key: ${inner}`, 'key');
    } else if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) {
      push(issue.path.slice(0, -1), `${prefix}is required (${issue.expected})`);
    } else {
      push(issue.path, `${prefix}${issue.message}`);
    }
  }
  return out;
}

/** Read a file and check it against its schema. `skipDuplicates` leaves some maps to the validator. */
export async function parseYaml<S extends z.ZodType>(
  file: string,
  schema: S,
  skipDuplicates: (path: readonly PropertyKey[]) => boolean = () => false,
): Promise<Parsed<z.output<S>>> {
  const read = await readYaml(file);
  if (!read.ok) return read;
  const { source } = read;
  const errors: ConfigError[] = [];
  for (const dup of duplicateKeys(source.doc)) {
    if (skipDuplicates(dup.path)) continue;
    errors.push({
      file,
      ...locate(source.doc, source.lc, [...dup.path, dup.key], 'key'),
      message: `${pathText([...dup.path, dup.key])}: "${dup.key}" appears twice in the same map`,
    });
  }
  const raw: unknown = source.doc.toJS();
  const parsed = schema.safeParse(raw);
  if (!parsed.success) errors.push(...schemaErrors(source, raw, parsed.error.issues));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors, source };
  return { ok: true, value: parsed.data, source };
}
