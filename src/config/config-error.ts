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

const MAX_MESSAGE_LENGTH = 300;

/** Errors reported at most; past that, one line says how many more (a broken folder can hold thousands). */
export const MAX_REPORTED_ERRORS = 50;

/** The first `max` errors, then `dir:1:1: and N more errors` when there were more. */
export function limitConfigErrors(
  errors: readonly ConfigError[],
  dir: string,
  max = MAX_REPORTED_ERRORS,
): ConfigError[] {
  // A message may quote a value from the file (an unknown node id): never more than a line of it.
  const shown = errors
    .slice(0, max)
    .map((e) =>
      e.message.length > MAX_MESSAGE_LENGTH
        ? { ...e, message: `${e.message.slice(0, MAX_MESSAGE_LENGTH)}…` }
        : e,
    );
  if (errors.length <= max) return shown;
  const more = errors.length - max;
  return [
    ...shown,
    {
      file: dir,
      line: 1,
      col: 1,
      message: `and ${more} more error${more === 1 ? '' : 's'} (fix these first)`,
    },
  ];
}
