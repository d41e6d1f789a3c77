// Builds the web app into web/dist for the browser tests, through Vite's API (a second or two),
// so `vitest run` needs no separate build step and never tests stale pages. Built beside, then
// swapped in with renames: other test files' engines may be reading web/dist at the same moment.
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

export const WEB_DIR = path.resolve(import.meta.dirname, '../../web');

export async function buildWebApp(): Promise<string> {
  const dist = path.join(WEB_DIR, 'dist');
  const fresh = path.join(WEB_DIR, `.dist-${process.pid}`);
  const old = path.join(WEB_DIR, `.dist-old-${process.pid}`);
  // Under vitest NODE_ENV is 'test', which would build React's development runtime: test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(WEB_DIR, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: fresh, emptyOutDir: true },
    });
    rmSync(old, { recursive: true, force: true });
    try {
      renameSync(dist, old);
    } catch {
      // No earlier build: nothing to move aside.
    }
    renameSync(fresh, dist);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(fresh, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
  return dist;
}
