// A problem in the config folder, pointing at the place to fix: `file:line:col: message`, the
// format editors and CI annotate. `file` is the config folder as given
// joined with the file's place in it (`config/menus/main.yaml`), so an editor can jump there.

export interface ConfigError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  message: string;
}

export function formatConfigError(e: ConfigError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`;
}

/** Errors in reading order (file, line, column), each once. */
export function sortConfigErrors(errors: readonly ConfigError[]): ConfigError[] {
  const seen = new Set<string>();
  return [...errors]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col)
    .filter((e) => {
      const key = formatConfigError(e);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
