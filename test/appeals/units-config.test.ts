import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config-loader.ts';
import { copyConfig, edit, removeDir, where } from '../config/config-fixture.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await removeDir(dir);
  dir = undefined;
});

describe('units.yaml', () => {
  it('the shipped units load', async () => {
    dir = await copyConfig();
    const r = await loadConfig(dir);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.config.units.units.map((u) => u.id)).toEqual(['housing', 'social']);
  });

  it('a bad e-mail is reported at file:line:col and nothing loads', async () => {
    dir = await copyConfig();
    const file = await edit(dir, 'units.yaml', (t) => t.replace('social@example.gov.az', 'not-an-address'));
    const r = await loadConfig(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.file === file);
    expect(`${e?.file}:${e?.line}:${e?.col}`).toBe(await where(file, 'not-an-address'));
    expect(e?.message).toMatch(/e-mail/);
  });

  it('a duplicate unit id is refused where it is written', async () => {
    dir = await copyConfig();
    const file = await edit(dir, 'units.yaml', (t) => t.replace('id: social', 'id: housing'));
    const r = await loadConfig(dir);
    expect(!r.ok && r.errors.find((x) => x.file === file)?.message).toMatch(/duplicate unit id "housing"/);
  });

  it('a folder without units.yaml has no units', async () => {
    dir = await copyConfig();
    await rm(join(dir, 'units.yaml'));
    const r = await loadConfig(dir);
    expect(r.ok && r.config.units.units).toEqual([]);
  });
});

describe('the appeal-status menu action', () => {
  it('is refused outside an input node, at file:line:col', async () => {
    dir = await copyConfig();
    const file = await edit(dir, 'menus/main.yaml', (t) =>
      t.replace('"3": { action: goto, node: appeal-status }', '"3": { action: appeal-status }'),
    );
    const r = await loadConfig(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.message.includes('appeal-status reads'));
    expect(e && `${e.file}:${e.line}:${e.col}`).toBe(await where(file, 'appeal-status }'));
  });
});
