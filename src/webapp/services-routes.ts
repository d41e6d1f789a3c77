// GET /api/services: the services of the running config (id, short number, name per language), for
// the pages that pick one (the reports page's service picker). Read per request: a reload shows.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ServiceConfig } from '../config/services-config.ts';
import { useZod } from '../http/zod-validation.ts';

export const ServiceEntrySchema = z.object({
  id: z.string().describe('service id (services.yaml)'),
  number: z.string().describe('the short number callers dial'),
  name: z.record(z.string(), z.string()).describe('the service name per language (az, ru, en)'),
});

export function servicesRoutes(deps: { services(): readonly ServiceConfig[] }): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    app.get(
      '/services',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          tags: ['config'],
          summary: 'The services of the running config; the first is the reports’ default',
          response: { 200: z.object({ services: z.array(ServiceEntrySchema) }) },
        },
      },
      async () => ({
        services: deps.services().map((s) => ({ id: s.id, number: s.number, name: { ...s.name } })),
      }),
    );
  };
}
