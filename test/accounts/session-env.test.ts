// SESSION_SECRET and COOKIE_SECURE in the environment: required and long enough in production,
// reported by name and never by value.
import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../../src/config/env.ts';

const base = {
  ARI_USERNAME: 'cagri',
  ARI_PASSWORD: 'cagri',
  DATABASE_URL: 'postgres://x@127.0.0.1/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ADMIN_TOKEN: 'an-admin-token-0123456789',
};

describe('session settings in the environment', () => {
  it('outside production both are optional; COOKIE_SECURE defaults to false', () => {
    const env = loadEnv(base);
    expect(env.SESSION_SECRET).toBeUndefined();
    expect(env.COOKIE_SECURE).toBe(false);
    expect(loadEnv({ ...base, COOKIE_SECURE: 'true' }).COOKIE_SECURE).toBe(true);
  });

  it('in production SESSION_SECRET is required', () => {
    expect(() => loadEnv({ ...base, NODE_ENV: 'production' })).toThrow(EnvError);
    expect(() => loadEnv({ ...base, NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is not set/);
    const secret = 'a'.repeat(32);
    expect(loadEnv({ ...base, NODE_ENV: 'production', SESSION_SECRET: secret }).SESSION_SECRET).toBe(secret);
  });

  it('refuses a short secret and a COOKIE_SECURE that is not true/false, without echoing values', () => {
    try {
      loadEnv({ ...base, SESSION_SECRET: 'too-short-secret', COOKIE_SECURE: 'yes' });
      expect.unreachable();
    } catch (err) {
      const e = err as EnvError;
      expect(e.problems).toEqual([
        'SESSION_SECRET must be at least 32 characters (generate one: openssl rand -hex 32)',
        'COOKIE_SECURE must be true or false',
      ]);
      expect(e.message).not.toContain('too-short-secret');
    }
  });
});
