// /api/users (admin): list, create, change roles/units/operator/language, disable, reset a
// password. Every change is written to the audit log with what it was before and after.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { isoTime } from '../http/api-time.ts';
import { useZod } from '../http/zod-validation.ts';
import { type ConfigRefs, unknownConfigRef } from './account-config-refs.ts';
import type { AuditEntry, AuditLog } from './audit-log.ts';
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
  /** The operator and unit ids of the running config (queues.yaml, units.yaml) an account may name. */
  configRefs: () => ConfigRefs;
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
    /** The options of a route on one account, named by its id in the path. */
    const onUser = <Body extends z.ZodType>(summary: string, body: Body) => ({
      config: admin,
      schema: { tags: ['users'], summary, params: IdParamsSchema, body },
    });
    /** Writes what an admin did to an account to the audit log. */
    const audit = (
      request: FastifyRequest,
      action: string,
      user: UserRecord,
      change: Pick<AuditEntry, 'before' | 'after'> = {},
    ) =>
      deps.audit.record({
        actor: actorName(request.principal),
        action,
        target: `user:${user.username}`,
        ...change,
        requestId: request.id,
      });

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
        const problem = passwordProblem(u.password, u.username) ?? unknownConfigRef(u, deps.configRefs());
        if (problem) return reply.code(400).send({ message: problem });
        const result = await deps.users.create(
          { ...u, passwordHash: await hashPassword(u.password) },
          deps.clock.now(),
        );
        if (!result.ok) return reply.code(409).send({ message: result.message });
        await audit(request, 'user.create', result.user, { after: summary(result.user) });
        return reply.code(201).send({ user: toUserDto(result.user) });
      },
    );

    app.patch(
      '/users/:id',
      onUser('Change roles, units, operator link, language, name; disable or enable', UserChangesSchema),
      async (request, reply) => {
        const before = await deps.users.byId(request.params.id);
        if (!before) return reply.code(404).send({ message: `no user ${request.params.id}` });
        const unknown = unknownConfigRef(request.body, deps.configRefs());
        if (unknown) return reply.code(400).send({ message: unknown });
        const result = await deps.users.update(request.params.id, request.body, deps.clock.now());
        if (!result.ok)
          return reply.code(result.kind === 'not-found' ? 404 : 409).send({ message: result.message });
        // A disabled account's sessions end now, not at their expiry.
        if (result.user.disabled) await deps.store.destroyUserSessions(result.user.id);
        await audit(request, 'user.update', result.user, {
          before: summary(before),
          after: summary(result.user),
        });
        return { user: toUserDto(result.user) };
      },
    );

    app.put(
      '/users/:id/password',
      onUser("Reset a person's password (their sessions end; a lockout is lifted)", ResetBodySchema),
      async (request, reply) => {
        const user = await deps.users.byId(request.params.id);
        if (!user) return reply.code(404).send({ message: `no user ${request.params.id}` });
        const problem = passwordProblem(request.body.password, user.username);
        if (problem) return reply.code(400).send({ message: problem });
        await deps.users.setPassword(user.id, await hashPassword(request.body.password), deps.clock.now());
        await deps.store.destroyUserSessions(user.id);
        await audit(request, 'user.password-reset', user);
        return { reset: true };
      },
    );
  };
}
