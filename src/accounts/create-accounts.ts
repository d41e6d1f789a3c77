// Accounts wired together: the user store, sign-in with lockout, Postgres sessions, the audit
// log, and the routes (session, users, audit, me). main.ts hands `auth` to the HTTP server and
// `routes(...)` to the /api scope.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { UnitsFile } from '../appeals/units-config.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { AccountsAuth } from '../http/auth-plugin.ts';
import type { OperatorsControl } from '../http/operators-routes.ts';
import type { Logger } from '../log/logger.ts';
import type { QueuesFile } from '../queue/queue-config.ts';
import { configRefs } from './account-config-refs.ts';
import { AuditLog } from './audit-log.ts';
import { auditRoutes } from './audit-routes.ts';
import { meRoutes } from './me-routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { PgSessionStore } from './session-store.ts';
import { DEFAULT_SIGN_IN_POLICY, SignIn, type SignInPolicy } from './sign-in.ts';
import { UserRepository } from './user-repository.ts';
import { usersRoutes } from './users-routes.ts';

export interface AccountsOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** SESSION_SECRET; without it a random one (sessions end when the process does). */
  sessionSecret?: string;
  cookieSecure: boolean;
  sessionMaxAgeMs?: number;
  signInPolicy?: SignInPolicy;
  /** Sign-in attempts per client IP. */
  signInPerIp?: { max: number; timeWindowMs: number };
}

export interface Accounts {
  users: UserRepository;
  audit: AuditLog;
  store: PgSessionStore;
  signIn: SignIn;
  auth: AccountsAuth;
  routes(deps: {
    queue: OperatorsControl;
    queuesFile: () => QueuesFile;
    /** units.yaml as it is now: the units an account may belong to. */
    unitsFile: () => UnitsFile;
    /** Zone of the days in audit filters (default Asia/Baku). */
    timeZone?: string;
  }): FastifyPluginAsync[];
  close(): void;
}

const SWEEP_EVERY_MS = 10 * 60 * 1000;

export function createAccounts(opts: AccountsOptions): Accounts {
  const now = () => opts.clock.now();
  const users = new UserRepository(opts.db);
  const audit = new AuditLog(opts.db, now);
  const sessionMaxAgeMs = opts.sessionMaxAgeMs ?? 12 * 60 * 60 * 1000;
  const store = new PgSessionStore(opts.db, now, sessionMaxAgeMs);
  const signIn = new SignIn(users, opts.clock, opts.signInPolicy ?? DEFAULT_SIGN_IN_POLICY);
  let sessionSecret = opts.sessionSecret;
  if (!sessionSecret) {
    opts.logger.warn('SESSION_SECRET is not set: using a random one; sign-ins end when this process does');
    sessionSecret = randomBytes(32).toString('hex');
  }
  // Expired sessions are never read; this only keeps the table small.
  const sweep = setInterval(() => {
    store
      .sweepExpired()
      .catch((err) => opts.logger.warn({ err: (err as Error).message }, 'session sweep failed'));
  }, SWEEP_EVERY_MS);
  sweep.unref();
  return {
    users,
    audit,
    store,
    signIn,
    auth: {
      users,
      store,
      sessionSecret,
      cookieSecure: opts.cookieSecure,
      sessionMaxAgeMs,
      audit,
    },
    routes: ({ queue, queuesFile, unitsFile, timeZone }) => [
      sessionRoutes({
        signIn,
        users,
        store,
        audit,
        clock: opts.clock,
        ...(opts.signInPerIp && { perIp: opts.signInPerIp }),
      }),
      usersRoutes({
        users,
        store,
        audit,
        clock: opts.clock,
        configRefs: () => configRefs(queuesFile(), unitsFile()),
      }),
      auditRoutes(audit, timeZone),
      meRoutes({ queue, queuesFile, audit }),
    ],
    close: () => clearInterval(sweep),
  };
}
