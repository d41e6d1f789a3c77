// CPU time of processes from /proc/<pid>/stat (utime + stime, every thread), for CPU per call.
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every common build). */
const TICK_MS = 10;

/** CPU milliseconds the process has used so far; 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start at state: utime is 14th, stime 15th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The Postgres backends serving `database` now (the engine's pool). */
export async function postgresBackends(adminUrl: string, database: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const res = await c.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return res.rows.map((r) => r.pid);
  } finally {
    await c.end();
  }
}

/** CPU of a changing set of processes between two moments; pids seen at either end count. */
export class CpuMeter {
  private start = new Map<number, number>();

  constructor(private readonly pids: () => Promise<number[]>) {}

  async begin(): Promise<void> {
    this.start = new Map((await this.pids()).map((pid) => [pid, processCpuMs(pid)]));
  }

  async endMs(): Promise<number> {
    const now = await this.pids();
    let total = 0;
    for (const pid of new Set([...this.start.keys(), ...now])) {
      total += Math.max(0, processCpuMs(pid) - (this.start.get(pid) ?? 0));
    }
    return total;
  }
}
