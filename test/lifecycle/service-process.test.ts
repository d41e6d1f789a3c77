// ServiceProcess in a real child process: a stop that hangs is cut off at the deadline (exit 1), a
// second signal exits at once, an uncaught exception or unhandled rejection is logged and exits 1.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess } from './cli-process.ts';

const FIXTURE = resolve(import.meta.dirname, 'fixtures/service-fixture.ts');
const START_MS = 30_000;

const procs: CliProcess[] = [];
function fixture(...args: string[]): CliProcess {
  const p = new CliProcess(args, { PATH: process.env.PATH }, { script: FIXTURE });
  procs.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
});

describe('ServiceProcess', { timeout: 60_000 }, () => {
  it('SIGTERM with everything closing: exit 0', async () => {
    const p = fixture('clean');
    await p.line(/fixture ready/, START_MS);
    const exit = await p.stop('SIGTERM', 5000);
    expect(exit.code).toBe(0);
    expect(p.output).toContain('"msg":"shutting down"');
  });

  it('a part that never closes: exit 1 at the deadline, not never', async () => {
    const p = fixture('hang', '800');
    await p.line(/fixture ready/, START_MS);
    const exit = await p.stop('SIGTERM', 5000);
    expect(exit.code).toBe(1);
    expect(exit.ms).toBeGreaterThanOrEqual(700);
    expect(p.output).toContain('not stopped within 800 ms: exiting anyway');
  });

  it('a second signal while stopping: exit at once', async () => {
    const p = fixture('hang', '60000');
    await p.line(/fixture ready/, START_MS);
    p.signal('SIGTERM');
    await p.line(/shutting down/, 5000);
    const exit = await p.stop('SIGINT', 3000);
    expect(exit.code).toBe(1);
    expect(p.output).toContain('second SIGINT: exiting now');
  });

  it.each(['throw', 'reject'])('a fatal error (%s): logged, then exit 1', async (mode) => {
    const p = fixture(mode);
    const exit = await p.exit(START_MS);
    expect(exit.code).toBe(1);
    const fatal = await p.line(/"level":60/, 1000);
    expect(fatal).toMatch(mode === 'throw' ? /boom in a call handler/ : /a stray rejection/);
  });
});
