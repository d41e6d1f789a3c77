// Builds the real HTTP server for inject() tests, with a logger whose lines the test can read.
import { Writable } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { buildHttpServer, type HttpServerDeps } from '../../src/http/http-server.ts';
import { createLogger } from '../../src/log/logger.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

export interface TestServer {
  app: FastifyInstance;
  logLines: () => Record<string, unknown>[];
}

export async function buildTestServer(over: Partial<HttpServerDeps> = {}): Promise<TestServer> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildHttpServer({
    adminToken: ADMIN_TOKEN,
    logger: createLogger({ level: 'debug', destination: sink }),
    readiness: {},
    apiPlugins: [] as FastifyPluginAsync[],
    ...over,
  });
  await app.ready();
  return { app, logLines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
