// Which prompt files exist in a sounds folder. Asterisk names sounds without an extension and
// picks whichever format is there (`main-menu.wav`, `.ulaw`, `.gsm`…), so any extension counts.
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The names in `names` with no file of that name (any extension) under `soundsDir`. */
export async function missingSoundFiles(soundsDir: string, names: Iterable<string>): Promise<Set<string>> {
  const listings = new Map<string, Promise<Set<string>>>();
  const list = (dir: string) => {
    let p = listings.get(dir);
    if (!p) {
      p = readdir(dir)
        .then((entries) => new Set(entries.map((e) => e.replace(/\.[^.]+$/, ''))))
        .catch(() => new Set<string>());
      listings.set(dir, p);
    }
    return p;
  };
  const missing = new Set<string>();
  for (const name of new Set(names)) {
    const full = join(soundsDir, name);
    const present = await list(dirname(full));
    if (!present.has(basename(full))) missing.add(name);
  }
  return missing;
}
