// Accounts for tests: create a person with roles, sign them in through the real API, and send
// requests as them (session cookie + CSRF token), e.g. `const op = await signIn(h.cagri.http, 'op1', PASSWORD)`.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { hashPassword } from '../../src/accounts/password.ts';
import type { Language } from '../../src/accounts/principal.ts';
import type { Role } from '../../src/accounts/roles.ts';
import { type UserRecord, UserRepository } from '../../src/accounts/user-repository.ts';
import type { Database } from '../../src/db/schema.ts';

/** A password that passes the password rule, for tests that do not care which. */
export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestUser {
  username: string;
  password?: string;
  roles: Role[];
  operatorId?: string;
  unitIds?: string[];
  language?: Language;
  displayName?: string;
}

export async function createUser(db: Kysely<Database>, u: TestUser): Promise<UserRecord> {
  const result = await new UserRepository(db).create(
    {
      username: u.username,
      displayName: u.displayName ?? u.username,
      password: '',
      passwordHash: await hashPassword(u.password ?? TEST_PASSWORD),
      roles: u.roles,
      ...(u.operatorId !== undefined && { operatorId: u.operatorId }),
      unitIds: u.unitIds ?? [],
      language: u.language ?? 'az',
    },
    Date.now(),
  );
  if (!result.ok) throw new Error(`createUser ${u.username}: ${result.message}`);
  return result.user;
}

export interface SignedIn {
  /** `cagri_session=...`, for a `cookie` header. */
  cookie: string;
  csrfToken: string;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads JSON shapes freely
  principal: any;
  /** A request as this person (cookie, plus the CSRF token on changes). */
  inject(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<{
    status: number;
    // biome-ignore lint/suspicious/noExplicitAny: test code reads JSON shapes freely
    body: any;
  }>;
}

let addressSeq = 0;
function nextAddress(): string {
  addressSeq += 1;
  return `10.${(addressSeq >> 16) & 255}.${(addressSeq >> 8) & 255}.${addressSeq & 255}`;
}

/** Signs in through POST /api/session; throws with the server's reason when refused. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string = TEST_PASSWORD,
): Promise<SignedIn> {
  // Each sign-in from its own client address: tests stay clear of the per-IP sign-in limit.
  const remoteAddress = nextAddress();
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password },
    remoteAddress,
  });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username}: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name === 'cagri_session');
  if (!set) throw new Error(`sign-in as ${username}: no session cookie`);
  const cookie = `cagri_session=${set.value}`;
  const body = JSON.parse(res.body);
  return {
    cookie,
    csrfToken: body.csrfToken,
    principal: body.principal,
    async inject(method, url, payload) {
      const r = await app.inject({
        method,
        url,
        remoteAddress,
        headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': body.csrfToken }) },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined };
    },
  };
}
