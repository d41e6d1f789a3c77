// The config folder under attack: each attack gives file:line:col (or a file-level error), loads
// nothing, changes nothing in a running store, echoes nothing of a file beyond the offending key,
// and returns fast.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rename, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatConfigError } from '../../src/config/config-error.ts';
import { CONFIG_LIMITS } from '../../src/config/config-folder-reader.ts';
import { loadConfig } from '../../src/config/config-loader.ts';
import { ConfigStore } from '../../src/config/config-store.ts';
import { createLogger } from '../../src/log/logger.ts';
import { copyConfig, edit, removeDir, where } from './config-fixture.ts';

/** Every attack must be refused well within this (the 50 MB file froze the engine for minutes). */
const FAST_MS = 3000;

async function rejected(dir: string): Promise<{ lines: string[]; ms: number }> {
  const started = performance.now();
  const r = await loadConfig(dir);
  const ms = performance.now() - started;
  if (r.ok) throw new Error('expected the config to be rejected');
  return { lines: r.errors.map(formatConfigError), ms };
}

let dir: string;
let outside: string;
beforeEach(async () => {
  dir = await copyConfig();
  outside = await mkdtemp(join(tmpdir(), 'cagri-outside-'));
});
afterEach(async () => {
  await removeDir(dir);
  await removeDir(outside);
});

describe('a guarded config folder', () => {
  it('a 50 MB menu file: refused by its size before it is read', async () => {
    const file = join(dir, 'menus', 'huge.yaml');
    await writeFile(file, '');
    await truncate(file, 50 * 1024 * 1024);
    const { lines, ms } = await rejected(dir);
    expect(lines).toEqual([`${file}:1:1: is 50.0 MB; a config file may be at most 256 KB`]);
    expect(ms).toBeLessThan(FAST_MS);
    console.log(`config attack 50MB file: refused in ${Math.round(ms)} ms`);
  });

  it('more than 1 MB in the folder: the files past the limit are refused', async () => {
    const almostOneMb = `#${'x'.repeat(CONFIG_LIMITS.fileBytes - 10)}\n`;
    for (let i = 0; i < 11; i++)
      await writeFile(join(dir, 'holidays', `pad-${String(i).padStart(2, '0')}.yaml`), almostOneMb);
    const { lines, ms } = await rejected(dir);
    expect(lines.some((l) => l.includes('the config folder holds more than 1.0 MB of YAML'))).toBe(true);
    expect(ms).toBeLessThan(FAST_MS * 3);
  });

  it('flow collections nested 100k deep: refused by a linear pre-scan, at the bracket (the parser took ~30 s)', async () => {
    const file = join(dir, 'menus', 'deep.yaml');
    await writeFile(file, `nodes:\n  x: ${'['.repeat(100_000)}\n`);
    const { lines, ms } = await rejected(dir);
    expect(lines).toEqual([
      `${file}:2:70: YAML: [ ] and { } nested more than 64 levels deep; flatten the structure`,
    ]);
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('a FIFO named *.yaml: never opened, so the load returns (it used to block forever)', async () => {
    const fifo = join(dir, 'menus', 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const { lines, ms } = await rejected(dir);
    expect(lines).toEqual([`${fifo}:1:1: is a FIFO; only regular files are read`]);
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('a FIFO in place of services.yaml: a running store keeps its config', async () => {
    const store = await ConfigStore.open(dir, createLogger({ level: 'silent' }));
    const before = store.current().version;
    const services = join(dir, 'services.yaml');
    await rename(services, join(outside, 'services.yaml'));
    execFileSync('mkfifo', [services]);
    const r = await store.reload('test');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map(formatConfigError)).toEqual([
        `${services}:1:1: is a FIFO; only regular files are read`,
      ]);
    expect(store.current().version).toBe(before);
  });

  it('a symlink to a file outside (an /etc/shadow stand-in): not followed, its content never shown', async () => {
    const secret = join(outside, 'shadow');
    await writeFile(secret, 'root:$6$SECRETHASHSECRETHASH:19000:0:99999:7:::\n');
    const services = join(dir, 'services.yaml');
    await rename(services, join(outside, 'services.yaml'));
    await symlink(secret, services);
    const { lines } = await rejected(dir);
    expect(lines).toEqual([
      `${services}:1:1: is a symbolic link that leads outside the config folder; copy the file in instead`,
    ]);
    expect(lines.join('\n')).not.toContain('SECRETHASH');
  });

  it('a menus/ folder that is a symlink out: refused', async () => {
    await rename(join(dir, 'menus'), join(outside, 'menus'));
    await symlink(join(outside, 'menus'), join(dir, 'menus'));
    const { lines } = await rejected(dir);
    expect(lines).toContain(
      `${join(dir, 'menus')}:1:1: is a symbolic link that leads outside the config folder; copy the file in instead`,
    );
  });

  it('symlinks inside the folder (as a Kubernetes ConfigMap mounts it) are fine', async () => {
    const data = join(dir, '..data');
    execFileSync('mkdir', [data]);
    await rename(join(dir, 'services.yaml'), join(data, 'services.yaml'));
    await symlink(join('..data', 'services.yaml'), join(dir, 'services.yaml'));
    const r = await loadConfig(dir);
    expect(r.ok).toBe(true);
  });

  it('a prompt named cagri/../../etc/passwd: refused at its line and column', async () => {
    const file = await edit(dir, 'menus/info.yaml', (t) =>
      t.replace('file: cagri/az/info-hours', 'file: cagri/../../etc/passwd'),
    );
    const { lines } = await rejected(dir);
    const at = await where(file, 'cagri/../../etc/passwd');
    expect(lines).toEqual([
      `${at}: nodes.info.options.1.prompt.az.file: a sound name inside the sounds folder: no "..", "." or empty parts`,
    ]);
  });

  it('an alias bomb: file:line:col at the first alias, fast, no stack', async () => {
    const file = join(dir, 'menus', 'bomb.yaml');
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`,
      );
    }
    await writeFile(file, `${levels.join('\n')}\n`);
    const { lines, ms } = await rejected(dir);
    const at = await where(file, '*a');
    expect(lines).toEqual([
      `${at}: YAML: the aliases (*name) expand too much (over 100 times); write the values out instead`,
    ]);
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('thousands of mistakes: the first 50, then how many more', async () => {
    const fields = Array.from({ length: 120 }, (_, i) => `  junk${i}: 1`).join('\n');
    await writeFile(join(dir, 'menus', 'junk.yaml'), `nodes: {}\n${fields}\n`);
    const { lines } = await rejected(dir);
    expect(lines).toHaveLength(51);
    expect(lines[50]).toBe(`${dir}:1:1: and 70 more errors (fix these first)`);
  });

  it('a huge key: named by its start only, the rest of the file never echoed', async () => {
    const key = `k${'SECRET'.repeat(2000)}`;
    await writeFile(join(dir, 'menus', 'key.yaml'), `nodes: {}\n${key}: value-that-must-not-appear\n`);
    const { lines } = await rejected(dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(300);
    expect(lines[0]).not.toContain('value-that-must-not-appear');
  });
});
