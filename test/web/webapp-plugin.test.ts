// The web app's server side without a browser: pages answer index.html (with a CSP), hashed assets
// are cached for good, unknown paths and /api stay as they were, an unbuilt app says how to build
// it; and GET /api/calendar gives the calendar view its year.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCalendar } from '../../src/calendar/service-calendar.ts';
import { loadConfig } from '../../src/config/config-loader.ts';
import { FakeClock } from '../../src/domain/clock.ts';
import { buildHttpServer } from '../../src/http/http-server.ts';
import { createLogger } from '../../src/log/logger.ts';
import { calendarRoutes } from '../../src/webapp/calendar-routes.ts';
import { webappPlugin } from '../../src/webapp/webapp-plugin.ts';

const TOKEN = 'webapp-test-token-0123456789';
const REPO = path.resolve(import.meta.dirname, '../..');
let root: string;

async function server(webRoot: string): Promise<FastifyInstance> {
  const loaded = await loadConfig(path.join(REPO, 'config'));
  if (!loaded.ok) throw new Error('the example config does not load');
  const config = loaded.config;
  const profile = config.hours.profiles['working-days']!;
  return buildHttpServer({
    adminToken: TOKEN,
    logger: createLogger({ level: 'silent' }),
    readiness: {},
    apiPlugins: [
      calendarRoutes({
        calendarFor: (id) => (id === 'citizens' ? new ServiceCalendar(profile, config.holidays) : undefined),
        serviceIds: () => ['citizens'],
        clock: new FakeClock(Date.parse('2026-12-01T10:00:00+04:00')),
      }),
    ],
    webApp: webappPlugin({ root: webRoot }),
  });
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cagri-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>cagri</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the web app plugin', () => {
  it('answers every page path with index.html, not cached, with a CSP', async () => {
    const app = await server(root);
    for (const url of ['/', '/login', '/desk', '/inbox', '/wallboard', '/reports', '/admin']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    await app.close();
  });

  it('serves hashed assets with a long cache', async () => {
    const app = await server(root);
    const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    await app.close();
  });

  it('leaves unknown paths and the API alone', async () => {
    const app = await server(root);
    const unknown = await app.inject({ method: 'GET', url: '/no-such-page' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('no route');
    // An unknown /api path still meets the API's auth first.
    const api = await app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(api.statusCode).toBe(401);
    await app.close();
  });

  it('says how to build the app when it is not built', async () => {
    const app = await server(path.join(root, 'missing'));
    const res = await app.inject({ method: 'GET', url: '/desk' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    await app.close();
  });
});

describe('GET /api/calendar', () => {
  it("gives the service's year day by day", async () => {
    const app = await server(root);
    const res = await app.inject({
      method: 'GET',
      url: '/api/calendar?year=2026',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.serviceId).toBe('citizens');
    expect(body.days).toHaveLength(365);
    const day = (d: string) => body.days.find((x: { date: string }) => x.date === d);
    expect(day('2026-01-01')).toEqual({ date: '2026-01-01', kind: 'holiday', name: 'New Year' });
    expect(day('2026-01-03').kind).toBe('weekend'); // a Saturday
    expect(day('2026-01-05').kind).toBe('working'); // a Monday
    expect(body.missingHolidayYears).toEqual([]);
    await app.close();
  });

  it('refuses a bad year with a reason', async () => {
    const app = await server(root);
    const res = await app.inject({
      method: 'GET',
      url: '/api/calendar?year=1999',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBeTruthy();
    await app.close();
  });
});
