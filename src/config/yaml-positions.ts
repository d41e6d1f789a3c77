// From a path inside parsed YAML (a zod issue path, a node id) back to the line and column the
// admin has to look at. Keys that are missing point at the map that should hold them.
import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export type YamlPath = readonly PropertyKey[];

export interface Position {
  line: number;
  col: number;
}

function keyString(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function at(
  lc: LineCounter,
  node: { range?: readonly number[] | null } | null | undefined,
): Position | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lc.linePos(offset);
}

/**
 * Where `path` is in `doc`: the value (default) or, with `on: 'key'`, the key of the last step.
 * With duplicate keys, the last one wins, as it does in the parsed value.
 */
export function locate(
  doc: Document,
  lc: LineCounter,
  path: YamlPath,
  on: 'key' | 'value' = 'value',
): Position {
  let node: unknown = doc.contents;
  let best = at(lc, doc.contents as Node | null) ?? { line: 1, col: 1 };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.findLast((p) => isPair(p) && keyString(p.key) === String(seg));
      if (!pair) return best;
      const keyPos = at(lc, pair.key as Node | null);
      if (last && on === 'key') return keyPos ?? best;
      const valuePos = at(lc, pair.value as Node | null);
      best = valuePos ?? keyPos ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return best;
      best = at(lc, item as Node | null) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

/** Keys of the map at `path`, in document order, duplicates included (as strings). */
export function rawKeys(doc: Document, path: YamlPath): string[] {
  const node = doc.getIn(path as PropertyKey[], true);
  if (!isMap(node)) return [];
  return node.items.filter(isPair).map((p) => keyString(p.key));
}

/** Every map key that appears twice in its map, with the path of the map holding it. */
export function duplicateKeys(doc: Document): { path: PropertyKey[]; key: string }[] {
  const found: { path: PropertyKey[]; key: string }[] = [];
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = keyString(pair.key);
        if (seen.has(key)) found.push({ path, key });
        seen.add(key);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item, [...path, i]);
      });
    }
  };
  walk(doc.contents, []);
  return found;
}
