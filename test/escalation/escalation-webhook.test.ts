// The escalation webhook as a durable BullMQ job on the real Redis and Postgres: delivered to a
// local HTTP server, retried after a 500, exactly one delivery recorded; a job lost with Redis
// is rebuilt from Postgres by the reconciler; the list route shows rungs and delivery.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRepository } from '../../src/db/call-repository.ts';
import { createDatabase } from '../../src/db/database.ts';
import { QueueRepository } from '../../src/db/queue-repository.ts';
import type { Database } from '../../src/db/schema.ts';
import { FakeClock } from '../../src/domain/clock.ts';
import { CallId } from '../../src/domain/ids.ts';
import { createEscalations, type Escalations } from '../../src/escalation/create-escalations.ts';
import { webhookJobId } from '../../src/escalation/escalation-webhook-jobs.ts';
import { createLogger } from '../../src/log/logger.ts';
import {
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  testRedisPrefix,
} from '../support/services.ts';

let tdb: TestDatabase;
let db: Kysely<Database>;
let redis: Redis;
let hook: Server;
let url: string;
/** Status codes the hook answers with, in turn (then 204). */
const answers: number[] = [];
const received: Array<{ body: unknown; key: string | undefined }> = [];
const clock = new FakeClock(Date.parse('2026-12-01T03:00:00+04:00'));
const logger = createLogger({ level: 'silent' });

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createDatabase(tdb.url);
  redis = createTestRedis();
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const code = answers.shift() ?? 204;
      if (code < 300)
        received.push({ body: JSON.parse(body), key: req.headers['idempotency-key'] as string });
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/escalations`;
});

afterAll(async () => {
  await new Promise((resolve) => hook?.close(resolve));
  await redis?.quit();
  await db?.destroy();
  await tdb?.drop();
});

async function raise(id: string, callId: string): Promise<void> {
  await new CallRepository(db).insertStarted({
    id: callId,
    channel_id: `ch-${callId}`,
    service_id: 'citizens',
    caller_number: '+994501112233',
    dialled_number: '1655',
    language: 'az',
    config_version: null,
    started_at: new Date(clock.now()),
  });
  await new QueueRepository(db).recordEscalation({
    id,
    callId: CallId(callId),
    serviceId: 'citizens',
    callerNumber: '+994501112233',
    reason: 'threat-to-life-health-liberty',
    raisedAt: clock.now(),
    language: 'az',
    choice: { reason: 'threat-to-life-health-liberty', menuPath: ['main'], collected: {} },
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const row = (id: string) => db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirst();

describe('the escalation webhook job', () => {
  let esc: Escalations;
  const prefix = testRedisPrefix();

  it('is retried after a 500 and delivered exactly once', async () => {
    esc = createEscalations({ db, redis, prefix, clock, logger, webhookBackoffMs: 20 });
    await esc.start();
    await raise('esc-1', 'call-1');
    answers.push(500);
    await esc.jobs.send('esc-1', url, 3);
    await esc.jobs.send('esc-1', url, 3); // the journal replays the write: still one job
    const done = await until('delivered', async () => {
      const r = await row('esc-1');
      return r?.webhook_status === 'delivered' ? r : undefined;
    });
    expect(done).toMatchObject({ webhook_attempts: 2, webhook_last_error: 'HTTP 500', webhook_url: url });
    expect(received).toEqual([
      {
        key: 'esc-1',
        body: expect.objectContaining({
          escalationId: 'esc-1',
          callId: 'call-1',
          callerNumber: '+994501112233',
          reason: 'threat-to-life-health-liberty',
          menuPath: ['main'],
        }),
      },
    ]);
    // A job run again (Redis redelivery, the reconciler) posts nothing more.
    await esc.jobs.schedule('esc-1', 3);
    expect(await esc.reconciler.runOnce()).toBe(0);
    await until('job gone', async () => !(await esc.jobs.queue.getJob(webhookJobId('esc-1'))));
    expect(received).toHaveLength(1);
    await esc.close();
  });

  it('gives up after its retries, recording why', async () => {
    esc = createEscalations({ db, redis, prefix, clock, logger, webhookBackoffMs: 10 });
    await esc.start();
    await raise('esc-2', 'call-2');
    answers.push(503, 503);
    await esc.jobs.send('esc-2', url, 1);
    const failed = await until('failed', async () => {
      const r = await row('esc-2');
      return r?.webhook_status === 'failed' ? r : undefined;
    });
    expect(failed).toMatchObject({ webhook_attempts: 2, webhook_last_error: 'HTTP 503' });
    await esc.close();
  });

  it('a job lost with Redis is rebuilt from Postgres at start', async () => {
    await raise('esc-3', 'call-3');
    const stopped = createEscalations({ db, redis, prefix, clock, logger });
    await stopped.jobs.send('esc-3', url, 2); // stored and queued, but no worker runs
    await stopped.jobs.queue.obliterate({ force: true }); // Redis loses it
    await stopped.jobs.close();
    expect((await row('esc-3'))?.webhook_status).toBe('pending');

    esc = createEscalations({ db, redis, prefix, clock, logger, webhookBackoffMs: 10 });
    await esc.start(); // the reconciler re-adds the job
    await until(
      'delivered after the rebuild',
      async () => (await row('esc-3'))?.webhook_status === 'delivered',
    );
    expect(received.filter((r) => r.key === 'esc-3')).toHaveLength(1);
    await esc.close();
  });

  it('no webhook url: recorded as none, no job', async () => {
    esc = createEscalations({ db, redis, prefix, clock, logger });
    await raise('esc-4', 'call-4');
    await esc.jobs.send('esc-4', undefined, 5);
    expect((await row('esc-4'))?.webhook_status).toBe('none');
    expect(await esc.jobs.queue.getJob(webhookJobId('esc-4'))).toBeUndefined();
    await esc.jobs.close();
  });

  it('GET /api/escalations lists them with their rungs, for supervisors and admins', async () => {
    const { escalationsRoutes } = await import('../../src/escalation/escalation-routes.ts');
    const { EscalationRepository } = await import('../../src/escalation/escalation-repository.ts');
    const repo = new EscalationRepository(db);
    await repo.saveRung({
      escalationId: 'esc-1',
      attempt: 1,
      round: 1,
      rung: 0,
      endpoint: 'PJSIP/duty',
      name: 'duty officer',
      rungAt: clock.now(),
    });
    await repo.endRung({
      escalationId: 'esc-1',
      attempt: 1,
      outcome: 'no-answer',
      endedAt: clock.now() + 15_000,
    });
    await repo.endRung({
      escalationId: 'esc-1',
      attempt: 1,
      outcome: 'answered',
      endedAt: clock.now() + 16_000,
    });
    const list = await repo.list({ limit: 10 });
    const one = list.find((e) => e.id === 'esc-1');
    expect(one).toMatchObject({
      state: 'unanswered', // no queue entry waits: the caller is gone
      webhookStatus: 'delivered',
      rungs: [expect.objectContaining({ endpoint: 'PJSIP/duty', outcome: 'no-answer' })], // first outcome wins
    });
    expect((await repo.list({ state: 'open', limit: 10 })).map((e) => e.id)).toEqual([]);
    expect(typeof escalationsRoutes(repo)).toBe('function');
  });
});
