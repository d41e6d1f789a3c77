// The HTTP side of cagri: health probes, metrics, docs and the authenticated admin API. Building
// is separate from listening so tests drive the same server through inject().
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  LogController,
} from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';
import { type AccountsAuth, authPlugin } from './auth-plugin.ts';
import { installErrorHandler } from './error-handler.ts';
import { healthRoutes, type ReadinessChecks } from './health-routes.ts';
import { createMetricsRegistry, metricsPlugin } from './metrics-plugin.ts';
import { openApiPlugin } from './openapi-plugin.ts';
import type { ProbeServer } from './probe-server.ts';
import { requestLogPlugin } from './request-log-plugin.ts';

export interface HttpServerDeps {
  adminToken: string;
  /** People's sign-in (session cookie, CSRF, audit); without it only the bearer token works. */
  accounts?: AccountsAuth;
  logger: Logger;
  /** name → check that throws when that dependency is down (e.g. ari, postgres, redis). */
  readiness: ReadinessChecks;
  /** Shown on /readyz without deciding readiness (the write journal's backlog). */
  readinessDetails?: () => Record<string, unknown>;
  /** Registered inside the authenticated /api scope, each as its own plugin. */
  apiPlugins: FastifyPluginAsync[];
  /** Bound on each readiness check; default 2000 ms. */
  readinessTimeoutMs?: number;
  /** Where /metrics reads from; give the engine's registry to expose its metrics too. */
  metricsRegistry?: Registry;
  /** Per client IP on /api; default 300 requests a minute. */
  rateLimit?: { max: number; timeWindowMs: number };
  /** Shown in the OpenAPI document. */
  version?: string;
  /** Serve on this already-listening socket (probes first at start-up) instead of `listenHttp`. */
  server?: ProbeServer;
  /** /readyz per client IP; default 300 requests a minute (its checks are cached for a second). */
  readinessRateLimit?: { max: number; timeWindowMs: number };
  /** The web app's pages and assets, outside /api (src/webapp). */
  webApp?: FastifyPluginAsync;
}

export async function buildHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino 10's Logger is a superset of what fastify (typed against its own pino) needs.
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Fastify's own per-request lines log raw URLs (phone numbers in query strings): ours log routes.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    ...(deps.server ? { serverFactory: deps.server.factory() } : {}),
    // Deliberately no trustProxy: the rate limit keys on the socket address.
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(app);
  await app.register(requestLogPlugin);
  await app.register(metricsPlugin, { registry: deps.metricsRegistry ?? createMetricsRegistry() });
  await app.register(openApiPlugin, { version: deps.version ?? '0.0.0' });
  await app.register(
    healthRoutes({
      readiness: deps.readiness,
      timeoutMs: deps.readinessTimeoutMs ?? 2000,
      ...(deps.readinessDetails && { details: deps.readinessDetails }),
      ...(deps.readinessRateLimit && { rateLimit: deps.readinessRateLimit }),
    }),
  );
  await app.register(
    async (api) => {
      await api.register(rateLimit, {
        max: deps.rateLimit?.max ?? 300,
        timeWindow: deps.rateLimit?.timeWindowMs ?? 60_000,
      });
      await api.register(authPlugin, {
        adminToken: deps.adminToken,
        ...(deps.accounts && { accounts: deps.accounts }),
      });
      for (const plugin of deps.apiPlugins) await api.register(plugin);
      // Unknown /api paths go through the auth hook too, so they don't reveal which routes exist.
      api.setNotFoundHandler((request, reply) => {
        void reply.code(404).send({ message: `no route ${request.method} ${request.url.split('?')[0]}` });
      });
    },
    { prefix: '/api' },
  );
  if (deps.webApp) await app.register(deps.webApp);
  return app;
}

/** Starts listening; resolves with the bound address (port 0 picks a free one). */
export async function listenHttp(app: FastifyInstance, host: string, port: number): Promise<string> {
  return app.listen({ host, port });
}
