import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAppealMetrics } from '../../src/appeals/appeal-metrics.ts';
import { ReminderJob } from '../../src/appeals/reminder-job.ts';
import { MailReminderSender } from '../../src/appeals/reminder-sender.ts';
import { ReminderSweep } from '../../src/appeals/reminder-sweep.ts';
import type { UnitsFile } from '../../src/appeals/units-config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createTestRedis, testRedisPrefix } from '../support/services.ts';
import { appealFixture, person } from './appeal-fixture.ts';
import { startSmtpSink } from './smtp-sink.ts';

let f: Awaited<ReturnType<typeof appealFixture>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let hook: Server;
const hooked: unknown[] = [];
const logger = createLogger({ level: 'silent' });
let units: UnitsFile;

beforeAll(async () => {
  f = await appealFixture('2026-12-01T10:00:00+04:00');
  sink = await startSmtpSink();
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hooked.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  units = {
    units: [
      {
        id: 'housing',
        name: { az: 'Mənzil', en: 'Housing' },
        head: 'h1',
        members: ['h1'],
        email: 'housing@example.test',
      },
      {
        id: 'roads',
        name: { az: 'Yollar' },
        head: 'r1',
        members: [],
        email: 'roads@example.test',
        webhook: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      },
    ],
  };
});
afterAll(async () => {
  await sink?.close();
  hook?.close();
  await f?.close();
});

const sweep = () =>
  new ReminderSweep({
    db: f.db,
    clock: f.clock,
    calendars: { calendarFor: () => f.calendar },
    units: () => units,
    sender: new MailReminderSender({ smtpUrl: sink.url, from: 'cagri@example.test', logger }),
    nearDays: 2,
    logger,
  });

describe('appeal deadline reminders', () => {
  it('an overdue appeal is reminded once a day: exactly one mail, even after a restart', async () => {
    const op = person('op1', ['operator']);
    const r = await f.service.register(
      {
        serviceId: 'citizens',
        citizenNumber: '+994501112233',
        language: 'az',
        category: 'complaint',
        summary: 'Leaking roof',
      },
      op,
    );
    if (!r.ok) throw new Error(r.reason);
    await f.service.transition(r.value.regNo, { to: 'forwarded', unitId: 'housing' }, op);
    // Nothing is due yet.
    expect((await sweep().run()).reminded).toEqual([]);
    // Past the deadline (23 Dec 2026 00:00 Baku): Wed 23 Dec, 10:00.
    f.clock.advance(Date.parse('2026-12-23T10:00:00+04:00') - f.clock.now());
    const first = await sweep().run();
    expect(first.reminded).toEqual([{ unitId: 'housing', regNos: [r.value.regNo], channels: ['email'] }]);
    await sink.waitForMail(1);
    // Same day, a new process: nothing more.
    expect((await sweep().run()).reminded).toEqual([]);
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]?.to).toEqual(['housing@example.test']);
    expect(sink.mails[0]?.raw).toContain(r.value.regNo);
    expect(sink.mails[0]?.raw).toContain('OVERDUE');
    const got = await f.service.get(r.value.regNo);
    expect(got?.history.at(-1)).toMatchObject({ actor: 'system', what: 'reminded' });

    // Metrics: one overdue appeal for housing.
    const registry = new Registry();
    registerAppealMetrics(registry, {
      db: f.db,
      clock: f.clock,
      calendars: { calendarFor: () => f.calendar },
      nearDays: 2,
    });
    expect(await registry.metrics()).toContain('cagri_appeals_deadline{unit="housing",state="overdue"} 1');

    // The next working day it is reminded again.
    f.clock.advance(24 * 3600_000);
    expect((await sweep().run()).reminded).toHaveLength(1);
    await sink.waitForMail(2);
  });

  it('a unit with a webhook gets the reminder posted; a near deadline counts too', async () => {
    const op = person('op1', ['operator']);
    const r = await f.service.register(
      {
        serviceId: 'citizens',
        citizenNumber: '+994501110000',
        language: 'ru',
        category: 'question',
        summary: 'Pothole',
        unitId: 'roads',
      },
      op,
    );
    if (!r.ok) throw new Error(r.reason);
    await f.service.transition(r.value.regNo, { to: 'forwarded', unitId: 'roads' }, op);
    // Two working days before the deadline.
    const cal = f.calendar;
    let t = r.value.deadline - 3600_000;
    let left = 0;
    while (left < 2) {
      t -= 24 * 3600_000;
      if (cal.liveWindowsOn(cal.localDate(t)).length) left++;
    }
    f.clock.advance(t - f.clock.now());
    const out = await sweep().run();
    expect(out.reminded.find((x) => x.unitId === 'roads')).toEqual({
      unitId: 'roads',
      regNos: [r.value.regNo],
      channels: ['email', 'webhook'],
    });
    expect(hooked).toHaveLength(1);
    expect(hooked[0]).toMatchObject({ unit: 'roads', appeals: [{ regNo: r.value.regNo, state: 'near' }] });
  });

  it('a failed delivery is retried at the next run', async () => {
    const failing = new ReminderSweep({
      db: f.db,
      clock: f.clock,
      calendars: { calendarFor: () => f.calendar },
      units: () => units,
      sender: { send: () => Promise.reject(new Error('smtp down')) },
      nearDays: 2,
      logger,
    });
    f.clock.advance(24 * 3600_000);
    const before = sink.mails.length;
    const out = await failing.run();
    expect(out.failed.length).toBeGreaterThan(0);
    expect((await sweep().run()).reminded.length).toBeGreaterThan(0);
    await sink.waitForMail(before + 1);
  });

  it('the BullMQ schedule runs the sweep', async () => {
    const redis = createTestRedis();
    let runs = 0;
    let job: ReminderJob | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no sweep ran')), 10_000);
        job = new ReminderJob({
          connection: redis,
          prefix: testRedisPrefix(),
          everyMs: 50,
          sweep: { run: async () => ({ reminded: [], failed: [] }) },
          logger,
          onRun: () => {
            if (++runs === 2) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
        job.start().catch(reject);
      });
      expect(runs).toBeGreaterThanOrEqual(2);
    } finally {
      await job?.close();
      await redis.quit();
    }
  });
});
