// Gives every test run a real Postgres and Redis: from DATABASE_URL / REDIS_URL when set,
// else started with testcontainers when a Docker engine is there, else a clear message.
import type { TestProject } from 'vitest/node';

type Stop = () => Promise<void>;

export default async function setup(project: TestProject): Promise<Stop> {
  const stops: Stop[] = [];
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    const docker = await dockerAvailable();
    if (!docker) {
      throw new Error(
        'Integration tests need Postgres and Redis. Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) ' +
          'and REDIS_URL (e.g. redis://127.0.0.1:6379), or run a Docker engine so testcontainers can start them.',
      );
    }
    const tc = await import('testcontainers');
    if (!databaseUrl) {
      const pg = await new tc.GenericContainer('postgres:16-alpine')
        .withEnvironment({ POSTGRES_PASSWORD: 'test', POSTGRES_DB: 'test' })
        .withExposedPorts(5432)
        .withWaitStrategy(tc.Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start();
      stops.push(async () => void (await pg.stop()));
      databaseUrl = `postgres://postgres:test@${pg.getHost()}:${pg.getMappedPort(5432)}/test`;
    }
    if (!redisUrl) {
      const redis = await new tc.GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
      stops.push(async () => void (await redis.stop()));
      redisUrl = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
    }
  }
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  return async () => {
    for (const stop of stops) await stop();
  };
}

async function dockerAvailable(): Promise<boolean> {
  try {
    const tc = await import('testcontainers');
    await tc.getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}
