// One YAML file of the config folder: read, parsed with positions kept, checked against its zod
// schema. Every problem comes back as a ConfigError pointing at the line and column to fix.
import { readFile } from 'node:fs/promises';
import { type Document, isAlias, LineCounter, type Node, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import type { ConfigError } from './config-error.ts';
import type { ReadResult } from './config-folder-reader.ts';
import { excessiveFlowNesting, MAX_FLOW_DEPTH } from './yaml-depth.ts';
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

/** How a file's text is read: the config loader passes its guarded folder reader. */
export type FileReader = (file: string) => Promise<ReadResult>;

async function plainRead(file: string): Promise<ReadResult> {
  try {
    return { ok: true, text: await readFile(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(e)})`;
    return { ok: false, error: { file, line: 1, col: 1, message: why } };
  }
}

/** Parser messages can quote the source; keep them to a line, never a screenful of someone's file. */
const MAX_MESSAGE = 160;
const clip = (text: string) => {
  const line = text.split('\n')[0] ?? '';
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
};

/** A key as shown in a message: as written when short, cut when someone pasted a novel into it. */
export function keyText(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

export async function readYaml(
  file: string,
  read: FileReader = plainRead,
): Promise<{ ok: true; source: YamlSource } | { ok: false; errors: ConfigError[] }> {
  const got = await read(file);
  if (!got.ok) return { ok: false, errors: [got.error] };
  const { text } = got;
  const lc = new LineCounter();
  const deep = excessiveFlowNesting(text);
  if (deep !== undefined) {
    lc.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0 && i < deep; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
    const message = `YAML: [ ] and { } nested more than ${MAX_FLOW_DEPTH} levels deep; flatten the structure`;
    return { ok: false, errors: [{ file, ...lc.linePos(deep), message }] };
  }
  let doc: Document;
  try {
    // uniqueKeys off: duplicates are reported by us, with a message that says which key and where.
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  } catch (e) {
    // e.g. nesting deep enough to exhaust the stack: a file-level error, never a crash.
    return {
      ok: false,
      errors: [{ file, line: 1, col: 1, message: `YAML: cannot be parsed (${clip(String(e))})` }],
    };
  }
  const source: YamlSource = { file, text, doc, lc };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ file, ...lc.linePos(e.pos[0]), message: `YAML: ${clip(e.message)}` })),
    };
  }
  return { ok: true, source };
}

/** Aliases expanded beyond this count are refused (an alias bomb would take all memory). */
export const MAX_ALIAS_COUNT = 100;

/** The parsed value, or an error at the first alias when the aliases expand too much. */
function toValue(source: YamlSource): { ok: true; value: unknown } | { ok: false; error: ConfigError } {
  try {
    return { ok: true, value: source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    let first: Node | undefined;
    visit(source.doc, {
      Alias(_, node) {
        first = node;
        return visit.BREAK;
      },
    });
    const offset = first && isAlias(first) ? first.range?.[0] : undefined;
    const at = offset === undefined ? { line: 1, col: 1 } : source.lc.linePos(offset);
    const message =
      e instanceof ReferenceError
        ? `YAML: the aliases (*name) expand too much (over ${MAX_ALIAS_COUNT} times); write the values out instead`
        : `YAML: cannot be read as data (${clip(String(e))})`;
    return { ok: false, error: { file: source.file, ...at, message } };
  }
}

/** Where a dotted path is, for messages: `services[0].prompts.greeting`. */
export function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${keyText(String(p))}`))
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
      for (const key of issue.keys)
        push([...issue.path, key], `${prefix}unknown field "${keyText(key)}"`, 'key');
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
  reader?: FileReader,
): Promise<Parsed<z.output<S>>> {
  const read = await readYaml(file, reader);
  if (!read.ok) return read;
  const { source } = read;
  const value = toValue(source);
  if (!value.ok) return { ok: false, errors: [value.error], source };
  const errors: ConfigError[] = [];
  let duplicates: ReturnType<typeof duplicateKeys>;
  try {
    duplicates = duplicateKeys(source.doc);
  } catch (e) {
    const message = `YAML: nested too deeply to check (${clip(String(e))})`;
    return { ok: false, errors: [{ file, line: 1, col: 1, message }], source };
  }
  for (const dup of duplicates) {
    if (skipDuplicates(dup.path)) continue;
    errors.push({
      file,
      ...locate(source.doc, source.lc, [...dup.path, dup.key], 'key'),
      message: `${pathText([...dup.path, dup.key])}: "${keyText(dup.key)}" appears twice in the same map`,
    });
  }
  const raw: unknown = value.value;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) errors.push(...schemaErrors(source, raw, parsed.error.issues));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors, source };
  return { ok: true, value: parsed.data, source };
}
