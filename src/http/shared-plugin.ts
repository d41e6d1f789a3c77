// Fastify encapsulates each plugin: hooks and decorators added inside stay inside. A plugin that
// must act on its parent's scope (auth for every /api route, swagger seeing every route) opts out
// with the same symbols `fastify-plugin` sets, without taking a dependency for two lines.
import type { FastifyPluginAsync } from 'fastify';

export function sharedPlugin<Options extends Record<string, unknown> = Record<never, never>>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  const marked = plugin as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  marked[Symbol.for('skip-override')] = true;
  marked[Symbol.for('fastify.display-name')] = name;
  return marked;
}
