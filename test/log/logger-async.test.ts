// The default destination writes standard output asynchronously; a process that logs and exits
// at once (a fatal start-up error, `process.exit`) still gets every line out, and flushLog waits.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger, flushLog } from '../../src/log/logger.ts';

const run = promisify(execFile);
const LOGGER = path.resolve(import.meta.dirname, '../../src/log/logger.ts');

describe('asynchronous logging', () => {
  it('loses no line when the process exits right after logging', async () => {
    const script = `
      import { createLogger } from ${JSON.stringify(LOGGER)};
      const log = createLogger({ level: 'info' });
      for (let i = 0; i < 3000; i++) log.info({ i }, 'line');
      log.fatal('last words');
      process.exit(3);`;
    const out = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { code: number; stdout: string }) => err);
    expect((out as { code?: number }).code).toBe(3);
    const lines = (out as { stdout: string }).stdout.trim().split('\n');
    expect(lines).toHaveLength(3001);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ level: 60, msg: 'last words' });
  });

  it('flushLog resolves for the default and for a given destination', async () => {
    await flushLog(createLogger({ level: 'silent' }));
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(s) } });
    log.info('x');
    await flushLog(log);
    expect(lines).toHaveLength(1);
  });
});
