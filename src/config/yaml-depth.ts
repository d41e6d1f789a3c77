// A linear pre-scan before YAML parsing: flow collections (`[`/`{`) nested deeper than anyone writes
// a menu. The parser recurses on them; a megabyte of `[` took it ~30 s to give up, with the engine
// frozen meanwhile. Quoted scalars and comments are skipped so brackets inside text do not count.

/** Deeper than any real config (the shipped one nests flow collections 3 deep). */
export const MAX_FLOW_DEPTH = 64;

/** The offset of the first bracket past `max` levels of flow nesting, or undefined. */
export function excessiveFlowNesting(text: string, max = MAX_FLOW_DEPTH): number | undefined {
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === "'") {
      i++;
      // '' is an escaped quote inside a single-quoted scalar.
      while (i < n && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      depth++;
      if (depth > max) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
    i++;
  }
  return undefined;
}
