// Reads the files of a config folder without trusting it: only regular files, only inside the
// folder (a symlink may point elsewhere in it, as Kubernetes ConfigMap mounts do, never outside),
// a FIFO or device is never opened (it would block the reload, and SIGTERM, forever), and sizes
// are capped per file and per folder before a byte is parsed. Each refusal is a ConfigError at the
// file, saying why without showing anything of the file itself.
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ConfigError } from './config-error.ts';

// The YAML parser runs on the engine's event loop at ~0.1–0.5 MB/s (flow maps are the slow part),
// so these bound how long a reload can stall calls: ~20x the shipped example (48 KB in all).
export const CONFIG_LIMITS = {
  /** One YAML file; the shipped ones are 1–20 KB. */
  fileBytes: 256 * 1024,
  /** All the files of one load together. */
  folderBytes: 1024 * 1024,
  /** YAML files in one sub-folder (menus/, holidays/). */
  filesPerFolder: 500,
} as const;

export type ReadResult = { ok: true; text: string } | { ok: false; error: ConfigError };

const mb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

export class ConfigFolderReader {
  private root: Promise<string> | undefined;
  private bytes = 0;

  constructor(readonly dir: string) {}

  /** The YAML files in `subdir` (names, sorted), or a reason the folder cannot be listed. */
  async yamlFiles(subdir: string): Promise<{ names: string[]; error?: ConfigError }> {
    const folder = join(this.dir, subdir);
    const fail = (message: string) => ({ names: [], error: { file: folder, line: 1, col: 1, message } });
    let entries: string[];
    try {
      const outside = await this.outside(folder);
      if (outside) return fail(outside);
      entries = await readdir(folder);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { names: [] };
      return fail(`cannot list the folder (${errnoText(e)})`);
    }
    const names = entries.filter((f) => /\.ya?ml$/.test(f)).sort();
    if (names.length > CONFIG_LIMITS.filesPerFolder) {
      return fail(
        `${names.length} YAML files; a config folder may hold at most ${CONFIG_LIMITS.filesPerFolder}`,
      );
    }
    return { names };
  }

  /** The text of `file` (a path inside the folder), or why it was not read. */
  async read(file: string): Promise<ReadResult> {
    const fail = (message: string): ReadResult => ({ ok: false, error: { file, line: 1, col: 1, message } });
    let st: Stats;
    try {
      st = await lstat(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return fail(code === 'ENOENT' ? 'file not found' : `cannot read the file (${errnoText(e)})`);
    }
    let real = file;
    try {
      const outside = await this.outside(file);
      if (outside) return fail(outside);
      real = await realpath(file);
      if (st.isSymbolicLink()) st = await stat(real);
    } catch (e) {
      return fail(`is a symbolic link to nothing readable (${errnoText(e)})`);
    }
    if (!st.isFile()) return fail(`is ${kindOf(st)}; only regular files are read`);
    const tooBig = this.sizeProblem(st.size);
    if (tooBig) return fail(tooBig);
    // Non-blocking: if the file was swapped for a FIFO since lstat, open() still returns at once.
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
      const now = await handle.stat();
      if (!now.isFile()) return fail(`is ${kindOf(now)}; only regular files are read`);
      const buffer = Buffer.alloc(Math.min(now.size, CONFIG_LIMITS.fileBytes) + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      const grew = this.sizeProblem(length);
      if (grew || length > CONFIG_LIMITS.fileBytes) return fail(grew ?? 'grew while being read; try again');
      this.bytes += length;
      return { ok: true, text: buffer.subarray(0, length).toString('utf8') };
    } catch (e) {
      return fail(`cannot read the file (${errnoText(e)})`);
    } finally {
      await handle?.close();
    }
  }

  private sizeProblem(size: number): string | undefined {
    if (size > CONFIG_LIMITS.fileBytes) {
      return `is ${mb(size)}; a config file may be at most ${mb(CONFIG_LIMITS.fileBytes)}`;
    }
    if (this.bytes + size > CONFIG_LIMITS.folderBytes) {
      return `the config folder holds more than ${mb(CONFIG_LIMITS.folderBytes)} of YAML; this file was not read`;
    }
    return undefined;
  }

  /** Why `path` is not inside the folder once symlinks are followed; undefined when it is. */
  private async outside(path: string): Promise<string | undefined> {
    this.root ??= realpath(this.dir);
    const root = await this.root;
    let real: string;
    try {
      real = await realpath(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const rel = relative(root, real);
    const inside = rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
    return inside
      ? undefined
      : 'is a symbolic link that leads outside the config folder; copy the file in instead';
  }
}
