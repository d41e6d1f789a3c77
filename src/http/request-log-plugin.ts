// One log line per request, by route pattern rather than raw URL (a query string can carry a
// phone number). Probes (/healthz, /readyz, /metrics) log at debug so they don't flood the log.
import { sharedPlugin } from './shared-plugin.ts';

const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

export const requestLogPlugin = sharedPlugin('cagri-request-log', async (app) => {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const entry = {
      method: request.method,
      route,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (QUIET.has(route) && reply.statusCode < 500) request.log.debug(entry, 'request');
    else request.log.info(entry, 'request');
  });
});
