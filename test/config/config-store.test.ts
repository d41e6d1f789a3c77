// Hot reload: a valid change is swapped in atomically (calls keep the object they hold), an
// invalid one is rejected with its errors and the running config stays; file changes trigger it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CagriConfig } from '../../src/config/cagri-config.ts';
import { ConfigLoadError, ConfigStore } from '../../src/config/config-store.ts';
import { createLogger } from '../../src/log/logger.ts';
import { copyConfig, edit, removeDir } from './config-fixture.ts';

function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

/** Resolves with the next config swapped in, or fails after `ms`. */
function nextChange(store: ConfigStore, ms = 10_000): Promise<CagriConfig> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no config change within the time limit'));
    }, ms);
    const off = store.onChange((config) => {
      clearTimeout(timer);
      off();
      resolve(config);
    });
  });
}

describe('ConfigStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await copyConfig();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('refuses to open an invalid folder, listing every problem', async () => {
    await edit(dir, 'services.yaml', (t) => t.replace('queue: general ', 'queue: nope '));
    const { logger } = memoryLogger();
    await expect(ConfigStore.open(dir, logger)).rejects.toBeInstanceOf(ConfigLoadError);
    await expect(ConfigStore.open(dir, logger)).rejects.toThrow(
      /services\.yaml:\d+:\d+: unknown queue "nope"/,
    );
  });

  it('swaps a valid change in; the old object is untouched for calls that hold it', async () => {
    const { logger } = memoryLogger();
    const store = await ConfigStore.open(dir, logger);
    const before = store.current();
    const changed = nextChange(store);
    await edit(dir, 'menus/main.yaml', (t) => t.replace('timeoutSec: 6', 'timeoutSec: 7'));
    const r = await store.reload('api');
    expect(r).toMatchObject({ ok: true, changed: true });
    const after = await changed;
    expect(after).toBe(store.current());
    expect(after.version).not.toBe(before.version);
    expect(before.menus.main?.timeoutSec).toBe(6);
    expect(after.menus.main?.timeoutSec).toBe(7);
    expect(await store.reload('api')).toMatchObject({ ok: true, changed: false });
  });

  it('rejects an invalid reload with its errors, logs them, and keeps the running config', async () => {
    const { logger, lines } = memoryLogger();
    const store = await ConfigStore.open(dir, logger);
    const before = store.current();
    await edit(dir, 'menus/main.yaml', (t) =>
      t.replace('"9": { action: repeat }', '"0": { action: repeat }'),
    );
    const r = await store.reload('sighup');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      expect.objectContaining({
        file: join(dir, 'menus/main.yaml'),
        message: expect.stringContaining('key 0 is reserved'),
      }),
    ]);
    expect(store.current()).toBe(before);
    const logged = lines.find((l) => l.msg === 'config reload rejected; the running config stays');
    expect(logged).toMatchObject({ reason: 'sighup', version: before.version });
  });

  it('reloads when a file in the folder changes (debounced)', async () => {
    const { logger } = memoryLogger();
    const store = await ConfigStore.open(dir, logger, { debounceMs: 50 });
    const stop = store.watch();
    try {
      const changed = nextChange(store);
      await edit(dir, 'menus/info.yaml', (t) => t.replace('Əvvəlki menyu', 'Əvvəlki  menyu'));
      const config = await changed;
      expect(config.version).not.toBe(undefined);
      expect(store.current()).toBe(config);
      // A broken save is not swapped in.
      const version = config.version;
      await writeFile(join(dir, 'menus/info.yaml'), 'nodes: [');
      const rejected = await store.reload('test');
      expect(rejected.ok).toBe(false);
      expect(store.current().version).toBe(version);
    } finally {
      stop();
    }
  });
});
