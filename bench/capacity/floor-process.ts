// Starts the floor (ari-floor.ts) as a process of its own against the rig's Asterisk, so the
// benchmark can read its CPU from /proc as it reads Asterisk's.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { AsteriskInstance } from '../../test/real/asterisk-instance.ts';

/** The number the floor answers (native-menu.conf: Stasis(cagri-floor)). */
export const FLOOR_NUMBER = '1698';

export interface FloorProcess {
  pid: number;
  stop(): Promise<void>;
}

/** `http`: node:http with a keep-alive agent, as cagri's client; `raw`: pipelined on raw sockets. */
export type FloorTransport = 'http' | 'raw';

export async function startFloor(
  ast: AsteriskInstance,
  transport: FloorTransport = 'http',
  timeoutMs = 20_000,
): Promise<FloorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'ari-floor.ts')], {
    env: {
      ...process.env,
      ARI_URL: ast.ariUrl,
      ARI_USERNAME: ast.ariUsername,
      ARI_PASSWORD: ast.ariPassword,
      FLOOR_TRANSPORT: transport,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the floor was not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ready')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the floor exited (${code}) before it was ready`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the floor has no process id');
  return { pid, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
