// The lost-call outbox: a lost call stored without its callback (the process died between the
// two, or Postgres went away in between) is found by the sweep and completed exactly once; one
// whose caller rang again and was served since is settled without a callback. Real engine,
// Postgres and Redis.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { QueueRepository } from '../../src/db/queue-repository.ts';
import { CallId } from '../../src/domain/ids.ts';
import { startScenario } from '../engine/queue-scenario.ts';
import { useScenario } from '../engine/scenario.ts';

const s = useScenario(() => startScenario());

/** A call and its lost-call row, as a process that died right after storing them leaves them. */
async function storedLostCall(number: string, hungUpAt: number): Promise<string> {
  const { h } = s;
  const callId = randomUUID();
  await h.cagri.db
    .insertInto('calls')
    .values({
      id: callId,
      channel_id: `ch-${callId}`,
      service_id: 'citizens',
      caller_number: number,
      dialled_number: '1655',
      started_at: new Date(hungUpAt - 30_000),
      ended_at: new Date(hungUpAt),
    })
    .execute();
  return new QueueRepository(h.cagri.db).recordLostCall({
    callId: CallId(callId),
    serviceId: 'citizens',
    callerNumber: number,
    language: 'az',
    waitedMs: 15_000,
    position: 1,
    hungUpAt,
  });
}

async function lostCallRow(id: string) {
  return s.h.cagri.db.selectFrom('lost_calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function callbacksTo(e164: string): Promise<number> {
  const rows = await s.h.cagri.db.selectFrom('callbacks').select('id').where('number', '=', e164).execute();
  return rows.length;
}

it('a lost call left without its callback is completed by the sweep, once', async () => {
  const lostId = await storedLostCall('0506665001', s.clock.now() - 60_000);
  expect((await lostCallRow(lostId)).callback_settled_at).toBeNull();

  expect(await s.h.cagri.outbox.kick()).toBe(1);
  const row = await lostCallRow(lostId);
  expect(row.callback_settled_at).not.toBeNull();
  expect(row.callback_id).not.toBeNull();
  expect(await callbacksTo('+994506665001')).toBe(1);

  expect(await s.h.cagri.outbox.kick()).toBe(0); // settled: a second sweep changes nothing
  expect(await callbacksTo('+994506665001')).toBe(1);
});

it('a lost call whose caller rang again and was served since is settled without a callback', async () => {
  const lostAt = s.clock.now() - 60_000;
  const lostId = await storedLostCall('0506665002', lostAt);
  const again = randomUUID();
  await s.h.cagri.db
    .insertInto('calls')
    .values({
      id: again,
      channel_id: `ch-${again}`,
      service_id: 'citizens',
      caller_number: '0506665002',
      dialled_number: '1655',
      started_at: new Date(lostAt + 20_000),
    })
    .execute();
  // ...and reached an operator on that call: served, so no callback is owed any more.
  await s.h.cagri.db
    .insertInto('queue_entries')
    .values({
      call_id: again,
      service_id: 'citizens',
      channel_id: `ch-${again}`,
      caller_number: '0506665002',
      language: 'az',
      urgent: false,
      joined_at: new Date(lostAt + 25_000),
      state: 'connected',
    })
    .execute();

  expect(await s.h.cagri.outbox.kick()).toBe(1);
  const row = await lostCallRow(lostId);
  expect(row.callback_settled_at).not.toBeNull();
  expect(row.callback_id).toBeNull();
  expect(await callbacksTo('+994506665002')).toBe(0);
});
