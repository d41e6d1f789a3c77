// `cagri check` as an admin runs it: exit 0 and a summary when clean, exit 1 and one
// `file:line:col: message` line per problem otherwise.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyConfig, edit, removeDir, SHIPPED, where } from './config-fixture.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function cagri(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['bin/cagri.js', ...args],
      { cwd: ROOT, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe('cagri check', { timeout: 90_000 }, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await copyConfig();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('exits 0 on the shipped config, with a one-line summary', async () => {
    const r = await cagri('check', SHIPPED);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/OK \(version [0-9a-f]{12}\): 1 service\(s\) \[1655 citizens\]/);
  });

  it('exits 1 and prints file:line:col for each problem', async () => {
    const f = await edit(dir, 'menus/after-hours.yaml', (t) =>
      t
        .replace('"9": { action: repeat }', '"0": { action: repeat }')
        .replace('node: info }', 'node: infos }'),
    );
    const r = await cagri('check', dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${await where(f, 'infos')}: unknown node "infos"`)),
      expect.stringMatching(new RegExp(`^${await where(f, '"0"')}: key 0 is reserved`)),
    ]);
    expect(r.stderr).toContain('2 errors');
  });

  it('--sounds checks the prompt files', async () => {
    const r = await cagri('check', dir, '--sounds', `${dir}/no-such-sounds`);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/main\.yaml:\d+:\d+: sound file "cagri\/az\/main-menu" not found in /);
    // Every prompt is missing here: the first 50 are listed, then how many more.
    expect(r.stdout).toMatch(/:1:1: and \d+ more errors \(fix these first\)$/m);
  });
});
