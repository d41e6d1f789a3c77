// The admin API's OpenAPI document, generated from the route schemas (zod or JSON Schema), with
// Swagger UI at /docs. Registered before the routes so its onRoute hook sees all of them.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sharedPlugin } from './shared-plugin.ts';
import { zodToOpenApi } from './zod-validation.ts';

type RouteSchema = Record<string, unknown> & { response?: Record<string, unknown> };

function transformSchema(schema: RouteSchema | undefined, url: string): RouteSchema | undefined {
  if (!schema) return schema;
  const out: RouteSchema = { ...schema };
  for (const part of ['querystring', 'params', 'headers', 'body'] as const) {
    if (out[part] !== undefined) out[part] = zodToOpenApi(out[part], 'input');
  }
  if (out.response) {
    out.response = Object.fromEntries(
      Object.entries(out.response).map(([code, s]) => [code, zodToOpenApi(s, 'output')]),
    );
  }
  if (url.startsWith('/api')) out.security = [{ bearerAuth: [] }];
  return out;
}

export const openApiPlugin = sharedPlugin<{ version: string }>('cagri-openapi', async (app, opts) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cagri admin API',
        description: 'Calls, operators, callbacks and configuration of the cagri hotline engine.',
        version: opts.version,
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' } },
      },
    },
    transform: ({ schema, url }) => ({
      schema: transformSchema(schema as RouteSchema | undefined, url) as never,
      url,
    }),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
});
