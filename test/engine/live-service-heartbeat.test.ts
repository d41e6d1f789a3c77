// A crash must not count the engine's downtime as operators' live service time (the 36 h week).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRepository } from '../../src/db/call-repository.ts';
import { createDatabase } from '../../src/db/database.ts';
import { QueueRepository } from '../../src/db/queue-repository.ts';
import { FakeClock } from '../../src/domain/clock.ts';
import { OperatorId } from '../../src/domain/ids.ts';
import { DurableWrites } from '../../src/durability/durable-writes.ts';
import { postgresApplier } from '../../src/durability/write-applier.ts';
import { LiveServiceHeartbeat } from '../../src/engine/live-service-heartbeat.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

const T0 = Date.parse('2026-12-01T09:00:00+04:00');
const logger = createLogger({ level: 'silent' });

describe('live-service heartbeat', () => {
  let tdb: TestDatabase;
  let db: ReturnType<typeof createDatabase>;
  let repo: QueueRepository;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createDatabase(tdb.url);
    repo = new QueueRepository(db);
  });
  afterAll(async () => {
    await db.destroy();
    await tdb.drop();
  });

  it('stamps open intervals every minute; a new process closes them at the last stamp and reopens from now', async () => {
    const op1 = OperatorId('op1');
    const clock = new FakeClock(T0);
    const writes = DurableWrites.inMemory(logger);
    writes.start(
      postgresApplier({
        calls: new CallRepository(db),
        queue: repo,
        notifier: { send: async () => undefined },
      }),
    );
    await repo.openLiveInterval(op1, T0);
    const heartbeat = new LiveServiceHeartbeat(clock, writes);
    heartbeat.start();
    await clock.advanceAsync(10 * 60_000);
    await writes.idle();
    heartbeat.stop(); // the process dies here, at 09:10; it restarts at 13:00
    const restartAt = T0 + 4 * 3600_000;
    await LiveServiceHeartbeat.recover(
      repo,
      [{ operatorId: op1, state: 'available', since: T0 }],
      restartAt,
      logger,
    );
    const rows = await db
      .selectFrom('operator_live_intervals')
      .select(['started_at', 'ended_at'])
      .where('operator_id', '=', op1)
      .orderBy('started_at')
      .execute();
    expect(rows.map((r) => [r.started_at.getTime(), r.ended_at?.getTime() ?? null])).toEqual([
      [T0, T0 + 10 * 60_000],
      [restartAt, null],
    ]);
  });
});
