// /api/users (admin): list, create, change roles/units/operator/language, disable, reset a
// password. Every change is written to the audit log with what it was before and after.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { isoTime } from '../http/api-time.ts';
import { useZod } from '../http/zod-validation.ts';
import type { AuditLog } from './audit-log.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { actorName } from './principal.ts';
import type { PgSessionStore } from './session-store.ts';
import type { UserRecord, UserRepository } from './user-repository.ts';
import { NewUserSchema, UserChangesSchema } from './user-schema.ts';

export interface UsersRoutesDeps {
  users: UserRepository;
  store: PgSessionStore;
  audit: AuditLog;
  clock: Clock;
}

const IdParamsSchema = z.strictObject({ id: z.uuid('must be a user id') });
const ResetBodySchema = z.strictObject({ password: z.string().max(1000) });

/** What the API and the audit log show of an account (never the hash). */
export function toUserDto(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    operatorId: u.operatorId,
    unitIds: u.unitIds,
    language: u.language,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil === null ? null : isoTime(u.lockedUntil),
    createdAt: isoTime(u.createdAt),
    updatedAt: isoTime(u.updatedAt),
  };
}

const summary = (u: UserRecord) => ({
  roles: u.roles,
  operatorId: u.operatorId,
  unitIds: u.unitIds,
  language: u.language,
  displayName: u.displayName,
  disabled: u.disabled,
});

export function usersRoutes(deps: UsersRoutesDeps): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    const admin = { roles: ['admin'] as const, audit: false };

    app.get(
      '/users',
      { config: admin, schema: { tags: ['users'], summary: 'Accounts, by username' } },
      async () => ({ users: (await deps.users.list()).map(toUserDto) }),
    );

    app.post(
      '/users',
      {
        config: admin,
        schema: {
          tags: ['users'],
          summary: 'Create an account',
          body: NewUserSchema,
        },
      },
      async (request, reply) => {
        const u = request.body;
        const problem = passwordProblem(u.password, u.username);
        if (problem) return reply.code(400).send({ message: problem });
        const result = await deps.users.create(
          { ...u, passwordHash: await hashPassword(u.password) },
          deps.clock.now(),
        );
        if (!result.ok) return reply.code(409).send({ message: result.message });
        await deps.audit.record({
          actor: actorName(request.principal),
          action: 'user.create',
          target: `user:${result.user.username}`,
          after: summary(result.user),
          requestId: request.id,
        });
        return reply.code(201).send({ user: toUserDto(result.user) });
      },
    );

    app.patch(
      '/users/:id',
      {
        config: admin,
        schema: {
          tags: ['users'],
          summary: 'Change roles, units, operator link, language, name; disable or enable',
          params: IdParamsSchema,
          body: UserChangesSchema,
        },
      },
      async (request, reply) => {
        const before = await deps.users.byId(request.params.id);
        if (!before) return reply.code(404).send({ message: `no user ${request.params.id}` });
        const result = await deps.users.update(request.params.id, request.body, deps.clock.now());
        if (!result.ok)
          return reply.code(result.kind === 'not-found' ? 404 : 409).send({ message: result.message });
        // A disabled account's sessions end now, not at their expiry.
        if (result.user.disabled) await deps.store.destroyUserSessions(result.user.id);
        await deps.audit.record({
          actor: actorName(request.principal),
          action: 'user.update',
          target: `user:${result.user.username}`,
          before: summary(before),
          after: summary(result.user),
          requestId: request.id,
        });
        return { user: toUserDto(result.user) };
      },
    );

    app.put(
      '/users/:id/password',
      {
        config: admin,
        schema: {
          tags: ['users'],
          summary: "Reset a person's password (their sessions end; a lockout is lifted)",
          params: IdParamsSchema,
          body: ResetBodySchema,
        },
      },
      async (request, reply) => {
        const user = await deps.users.byId(request.params.id);
        if (!user) return reply.code(404).send({ message: `no user ${request.params.id}` });
        const problem = passwordProblem(request.body.password, user.username);
        if (problem) return reply.code(400).send({ message: problem });
        await deps.users.setPassword(user.id, await hashPassword(request.body.password), deps.clock.now());
        await deps.store.destroyUserSessions(user.id);
        await deps.audit.record({
          actor: actorName(request.principal),
          action: 'user.password-reset',
          target: `user:${user.username}`,
          requestId: request.id,
        });
        return { reset: true };
      },
    );
  };
}
