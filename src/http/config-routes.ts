// POST /api/config/reload: validate the config folder and swap it in, or say exactly what is wrong.
import type { FastifyPluginAsync } from 'fastify';
import { formatConfigError } from '../config/config-error.ts';
import type { ReloadResult } from '../config/config-store.ts';

export interface ConfigControl {
  reload(reason: string): Promise<ReloadResult>;
  current(): { version: string };
}

export function configRoutes(store: ConfigControl): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/config',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: { tags: ['config'], summary: 'The running config version' },
      },
      async () => ({ version: store.current().version }),
    );
    app.post(
      '/config/reload',
      { config: { roles: ['admin'] }, schema: { tags: ['config'], summary: 'Reload the config folder' } },
      async (_req, reply) => {
        const result = await store.reload('api');
        if (result.ok) return { ok: true, version: result.version, changed: result.changed };
        return reply.code(422).send({
          ok: false,
          message: 'the config was rejected; the running one stays',
          version: store.current().version,
          errors: result.errors.map(formatConfigError),
        });
      },
    );
  };
}
