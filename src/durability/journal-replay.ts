// At start-up the journal of a previous run is applied before the queue restores from Postgres.
import type { Logger } from '../log/logger.ts';
import type { DurableWrites } from './durable-writes.ts';

/** Waits for the replay of the journal, but not for ever (a new outage must not hold start-up). */
export async function replayed(writes: DurableWrites, logger: Logger): Promise<void> {
  if (writes.backlog === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 30_000)));
  const late = await Promise.race([writes.idle().then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) logger.warn({ backlog: writes.backlog }, 'journal replay still running; starting anyway');
}
