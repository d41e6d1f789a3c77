// ARI authentication: Basic, or `api_key=user:pass` when there is no Authorization header
// (res_ari.c splits api_key at the first colon).
import type { IncomingMessage } from 'node:http';

export interface Credentials {
  username: string;
  password: string;
}

export function isAuthorized(req: IncomingMessage, url: URL, creds: Credentials): boolean {
  const header = req.headers.authorization;
  let pair: string | undefined;
  if (header) {
    const m = /^Basic\s+(.+)$/i.exec(header);
    if (!m?.[1]) return false;
    pair = Buffer.from(m[1], 'base64').toString('utf8');
  } else {
    pair = url.searchParams.get('api_key') ?? undefined;
  }
  if (pair === undefined) return false;
  const colon = pair.indexOf(':');
  if (colon < 0) return false;
  return pair.slice(0, colon) === creds.username && pair.slice(colon + 1) === creds.password;
}

export const UNAUTHORIZED_BODY = JSON.stringify({ message: 'Authentication required' });
export const WWW_AUTHENTICATE = 'Basic realm="Asterisk REST Interface"';
