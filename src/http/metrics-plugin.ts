// Prometheus metrics at /metrics: the process defaults plus HTTP request durations by route.
// The registry is passed in so the engine can add its own gauges (channels, queue length) to it.
import type { FastifyPluginAsync } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { sharedPlugin } from './shared-plugin.ts';

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cagri_' });
  return registry;
}

export const metricsPlugin: FastifyPluginAsync<{ registry: Registry }> = sharedPlugin<{ registry: Registry }>(
  'cagri-metrics',
  async (app, { registry }) => {
    const duration = new Histogram({
      name: 'cagri_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, never the raw URL: query strings can hold phone numbers.
      const route = request.routeOptions.url ?? 'unmatched';
      duration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    });
  },
);
