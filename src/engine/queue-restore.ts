// The queue machine's state at start: operators' presence and this week's live-service time
// from Postgres (an open interval a crash left is closed at its last heartbeat first).
import type { QueueState, QueuesFile } from '../queue/index.ts';
import { createQueueState } from '../queue/index.ts';
import { LiveServiceHeartbeat } from './live-service-heartbeat.ts';
import type { QueueRuntimeDeps } from './queue-runtime.ts';

export async function restoreQueueState(
  deps: Pick<QueueRuntimeDeps, 'clock' | 'repo' | 'logger'>,
  config: QueuesFile,
  timeZone: string,
  queueZones?: ReadonlyMap<string, string>,
): Promise<QueueState> {
  const now = deps.clock.now();
  const restored = await deps.repo.restoredOperators();
  await LiveServiceHeartbeat.recover(deps.repo, restored, now, deps.logger);
  const liveIntervals = await deps.repo.liveIntervalsSince(now - 8 * 24 * 3600_000);
  const mono = deps.clock.monotonic();
  return createQueueState({ config, timeZone, queueZones, now, mono, operators: restored, liveIntervals });
}
