// Serves the built web app (web/dist, made by `npm run build:web`): the hashed assets with a long
// cache, and index.html for every page path so a reload or a bookmark of /desk works. Outside /api,
// so the API's auth hook never sees these requests; the app itself signs in through /api/session.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { PAGE_PATHS } from './page-paths.ts';

export const DEFAULT_WEB_ROOT = path.resolve(import.meta.dirname, '../../web/dist');

// React sets style through the CSSOM (allowed); SVG charts are inline elements, not data: URLs.
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Whether `npm run build:web` has made the app (the demo says so when it has not). */
export const webAppBuilt = (root = DEFAULT_WEB_ROOT) => existsSync(path.join(root, 'index.html'));

export function webappPlugin(opts: { root?: string } = {}): FastifyPluginAsync {
  const root = opts.root ?? DEFAULT_WEB_ROOT;
  return async (app) => {
    const built = webAppBuilt(root);
    const pages = ['/', ...Object.values(PAGE_PATHS)];
    if (!built) {
      // Said plainly rather than a bare 404: the API works, only the pages are missing.
      for (const url of pages) {
        app.get(url, { schema: { hide: true } }, async (_req, reply) =>
          reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send(`The web app is not built (no ${root}/index.html): run npm run build:web.\n`),
        );
      }
      return;
    }
    await app.register(fastifyStatic, {
      root,
      // Only the files present at start-up get routes: no catch-all that would shadow /api 404s.
      wildcard: false,
      index: false,
      setHeaders: (reply, file) => {
        const hashed = file.includes(`${path.sep}assets${path.sep}`);
        void reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    const sendIndex = (reply: FastifyReply) =>
      reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .sendFile('index.html');
    for (const url of pages) {
      app.get(url, { schema: { hide: true } }, async (_req, reply) => sendIndex(reply));
    }
  };
}
