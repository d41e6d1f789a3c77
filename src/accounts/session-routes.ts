// /api/session: sign in with a username and password (the only /api route open without a
// principal), who am I (with a fresh CSRF token), sign out, and change one's own password.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { useZod } from '../http/zod-validation.ts';
import type { AuditLog } from './audit-log.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';
import { ROLES } from './roles.ts';
import type { PgSessionStore } from './session-store.ts';
import type { SignIn } from './sign-in.ts';
import { principalOf, type UserRepository } from './user-repository.ts';

export interface SessionRoutesDeps {
  signIn: SignIn;
  users: UserRepository;
  store: PgSessionStore;
  audit: AuditLog;
  clock: Clock;
  /** Sign-in attempts per client IP (default 20 a minute). */
  perIp?: { max: number; timeWindowMs: number };
}

const SignInBodySchema = z.strictObject({
  username: z.string().trim().min(1, 'give your username').max(100),
  password: z.string().min(1, 'give your password').max(1000),
});

const PasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().max(1000),
});

function describePrincipal(p: Principal) {
  return p.kind === 'token'
    ? { kind: 'token' as const }
    : { ...p, roles: [...p.roles], unitIds: [...p.unitIds] };
}

export function sessionRoutes(deps: SessionRoutesDeps): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);

    app.post(
      '/session',
      {
        config: {
          roles: [],
          public: true,
          audit: false,
          rateLimit: { max: deps.perIp?.max ?? 20, timeWindow: deps.perIp?.timeWindowMs ?? 60_000 },
        },
        schema: {
          tags: ['session'],
          summary: 'Sign in: sets the session cookie; returns who you are and a CSRF token',
          body: SignInBodySchema,
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const result = await deps.signIn.attempt(username, password);
        if (!result.ok) {
          request.log.warn({ username, refused: result.kind }, 'sign-in refused');
          if (result.kind === 'locked' || result.kind === 'throttled') {
            reply.header('retry-after', String(result.retryAfterSec));
            return reply.code(result.kind === 'locked' ? 423 : 429).send({ message: result.message });
          }
          return reply.code(401).send({ message: result.message });
        }
        // A fresh session id at sign-in: an id planted before cannot be ridden afterwards.
        await request.session.regenerate();
        request.session.userId = result.user.id;
        const principal = principalOf(result.user);
        await deps.audit.record({
          actor: result.user.username,
          action: 'session.sign-in',
          target: `user:${result.user.username}`,
          requestId: request.id,
        });
        return { principal: describePrincipal(principal), csrfToken: reply.generateCsrf() };
      },
    );

    app.get(
      '/session',
      {
        config: { roles: ROLES },
        schema: { tags: ['session'], summary: 'Who am I, with a fresh CSRF token for changes' },
      },
      async (request, reply) => ({
        principal: describePrincipal(request.principal),
        ...(request.principal.kind === 'user' && { csrfToken: reply.generateCsrf() }),
      }),
    );

    app.delete(
      '/session',
      {
        config: { roles: ROLES, audit: false },
        schema: { tags: ['session'], summary: 'Sign out: ends the session' },
      },
      async (request, reply) => {
        if (request.principal.kind !== 'user') {
          return reply.code(400).send({ message: 'the bearer token has no session to end' });
        }
        await request.session.destroy();
        await deps.audit.record({
          actor: request.principal.username,
          action: 'session.sign-out',
          target: `user:${request.principal.username}`,
          requestId: request.id,
        });
        void reply.clearCookie('cagri_session', { path: '/api' });
        return { signedOut: true };
      },
    );

    app.put(
      '/session/password',
      {
        config: { roles: ROLES, audit: false },
        schema: {
          tags: ['session'],
          summary: 'Change your own password (other sessions of yours end)',
          body: PasswordBodySchema,
        },
      },
      async (request, reply) => {
        const p = request.principal;
        if (p.kind !== 'user') {
          return reply
            .code(400)
            .send({ message: 'the bearer token has no password; use PUT /api/users/:id/password' });
        }
        const current = await deps.users.passwordHashOf(p.userId);
        if (!current || !(await verifyPassword(current, request.body.currentPassword))) {
          return reply.code(403).send({ message: 'the current password is wrong' });
        }
        const problem = passwordProblem(request.body.newPassword, p.username);
        if (problem) return reply.code(400).send({ message: problem });
        await deps.users.setPassword(
          p.userId,
          await hashPassword(request.body.newPassword),
          deps.clock.now(),
        );
        // This session stays; the others (perhaps someone who knew the old password) end.
        await deps.store.destroyUserSessions(p.userId, request.session.sessionId);
        await deps.audit.record({
          actor: p.username,
          action: 'user.password-change',
          target: `user:${p.username}`,
          requestId: request.id,
        });
        return { changed: true };
      },
    );
  };
}
