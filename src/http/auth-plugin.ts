// Bearer-token authentication for the admin API. Registered inside the /api scope, so it guards
// every route there and nothing outside it. The token is compared as SHA-256 digests with
// timingSafeEqual: equal-length inputs, so neither the content nor the length leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import { sharedPlugin } from './shared-plugin.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function tokenMatches(expectedDigest: Buffer, presented: string): boolean {
  return timingSafeEqual(expectedDigest, digest(presented));
}

export const authPlugin = sharedPlugin<{ adminToken: string }>('cagri-auth', async (app, opts) => {
  if (opts.adminToken.length === 0) throw new Error('adminToken must not be empty');
  const expected = digest(opts.adminToken);
  // preParsing: after the rate limiter (onRequest), before the body is read or validated, so an
  // unauthenticated request costs little and gets 401 rather than a 400 about its body.
  app.addHook('preParsing', async (request, reply) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
    if (!match || !tokenMatches(expected, match[1]!)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="cagri"')
        .send({
          message: match
            ? 'invalid bearer token'
            : 'missing bearer token (Authorization: Bearer <ADMIN_TOKEN>)',
        });
    }
  });
});
