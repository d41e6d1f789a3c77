import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallId, ServiceId } from '../../src/domain/ids.ts';
import { callbacksRoutes } from '../../src/http/callbacks-routes.ts';
import { auth, buildTestServer } from '../http/http-support.ts';
import { createKit, type Kit } from './callback-fixture.ts';

let kit: Kit;
let app: FastifyInstance;
const ids: Record<string, string> = {};

beforeAll(async () => {
  kit = await createKit({ startAt: '2026-12-01T20:00:00+04:00' }); // Tuesday evening
  const book = async (number: string) => {
    const r = await kit.service.book({
      callId: CallId(`c-${number}`),
      serviceId: ServiceId('citizens'),
      number,
      language: 'az',
    });
    if (!r.ok) throw new Error(r.reason);
    ids[number] = (await kit.repo.findOpen('citizens', `+994${number.slice(1)}`))!.id;
  };
  await book('0501110001'); // due Wednesday 2 December
  await book('0501110002');
  await kit.service.cancel(ids['0501110002']!, 'admin', 'duplicate');
  kit.clock.advance(24 * 3600_000);
  await book('0501110003'); // booked Wednesday evening: due Thursday 3 December
  ({ app } = await buildTestServer({
    apiPlugins: [
      callbacksRoutes({
        repo: kit.repo,
        cancel: (id, by, note) => kit.service.cancel(id, by, note),
        timeZone: 'Asia/Baku',
      }),
    ],
  }));
});
afterAll(async () => {
  await app?.close();
  await kit?.close();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: auth });
const numbers = (body: { callbacks: Array<{ number: string }> }) => body.callbacks.map((c) => c.number);

describe('GET /api/callbacks', () => {
  it('lists callbacks earliest due first, with every field', async () => {
    const res = await get('/api/callbacks');
    expect(res.statusCode).toBe(200);
    // The first two are due at the same time (ties are ordered by id).
    const listed = numbers(res.json());
    expect([...listed.slice(0, 2)].sort()).toEqual(['+994501110001', '+994501110002']);
    expect(listed[2]).toBe('+994501110003');
    expect(res.json().callbacks.find((c: { number: string }) => c.number === '+994501110001')).toEqual({
      id: ids['0501110001'],
      kind: 'booked',
      serviceId: 'citizens',
      number: '+994501110001',
      language: 'az',
      status: 'scheduled',
      dueFrom: '2026-12-02T05:00:00.000Z',
      dueUntil: '2026-12-02T14:00:00.000Z',
      nextAttemptAt: '2026-12-02T05:00:00.000Z',
      attempts: 0,
      maxAttempts: 3,
      sourceCallId: null,
      operatorId: null,
      createdAt: '2026-12-01T16:00:00.000Z',
      updatedAt: '2026-12-01T16:00:00.000Z',
    });
  });

  it('filters by status, kind and the local day the callback is due', async () => {
    expect(numbers((await get('/api/callbacks?status=scheduled')).json())).toEqual([
      '+994501110001',
      '+994501110003',
    ]);
    expect(numbers((await get('/api/callbacks?status=cancelled')).json())).toEqual(['+994501110002']);
    expect(numbers((await get('/api/callbacks?kind=lost-call')).json())).toEqual([]);
    expect(numbers((await get('/api/callbacks?date=2026-12-03')).json())).toEqual(['+994501110003']);
    expect(numbers((await get('/api/callbacks?date=2026-12-01')).json())).toEqual([]);
    expect(
      numbers((await get('/api/callbacks?date=2026-12-02&status=scheduled&kind=booked')).json()),
    ).toEqual(['+994501110001']);
  });

  it.each([
    ['status=open', 'status'],
    ['kind=later', 'kind'],
    ['date=2026-13-01', 'date: is not a real calendar day'],
    ['date=tomorrow', 'date: must be a day as YYYY-MM-DD'],
    ['limit=0', 'limit: must be at least 1'],
    ['colour=red', 'colour'],
  ])('rejects ?%s with 400 and the reason', async (query, reason) => {
    const res = await get(`/api/callbacks?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^invalid querystring: /);
    expect(res.json().message).toContain(reason);
  });

  it('requires the admin token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/callbacks' })).statusCode).toBe(401);
  });
});

describe('GET /api/callbacks/:id', () => {
  it('returns the callback with its audit trail', async () => {
    const res = await get(`/api/callbacks/${ids['0501110002']}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.callback.status).toBe('cancelled');
    expect(body.audit).toEqual([
      {
        at: '2026-12-01T16:00:00.000Z',
        from: null,
        to: 'scheduled',
        attempt: 0,
        reason: 'booked-after-hours',
      },
      {
        at: '2026-12-01T16:00:00.000Z',
        from: 'scheduled',
        to: 'cancelled',
        attempt: 0,
        reason: 'cancelled by admin: duplicate',
      },
    ]);
    expect(body.attempts).toEqual([]);
  });

  it('404 for an unknown id, 400 for one that cannot be an id', async () => {
    const missing = await get('/api/callbacks/00000000-0000-0000-0000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toMatch(/no callback/);
    const bad = await get('/api/callbacks/a%20b');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('id: must be a callback id');
  });
});

describe('POST /api/callbacks/:id/cancel', () => {
  const cancel = (id: string, payload?: unknown) =>
    app.inject({
      method: 'POST',
      url: `/api/callbacks/${id}/cancel`,
      headers: auth,
      ...(payload !== undefined && { payload: payload as object }),
    });

  it('cancels an open callback with the reason, and says 409 the second time', async () => {
    const id = ids['0501110003']!;
    const res = await cancel(id, { reason: 'reached by e-mail', by: 'supervisor' });
    expect(res.statusCode).toBe(200);
    expect(res.json().callback).toMatchObject({ id, status: 'cancelled' });
    const audit = (await get(`/api/callbacks/${id}`)).json().audit;
    expect(audit.at(-1).reason).toBe('cancelled by supervisor: reached by e-mail');
    const again = await cancel(id, { reason: 'again' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/is already cancelled; nothing to cancel/);
  });

  it('404 for an unknown callback; 400 without a reason; nothing changes', async () => {
    expect((await cancel('no-such-callback', { reason: 'x' })).statusCode).toBe(404);
    const id = ids['0501110001']!;
    for (const payload of [undefined, {}, { reason: '  ' }, { reason: 'x', extra: 1 }]) {
      const res = await cancel(id, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/^invalid body/);
    }
    expect((await kit.repo.get(id))?.status).toBe('scheduled');
  });
});
