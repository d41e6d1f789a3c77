// Who made a request: the automation token, or a person signed in with their own account.
// Every /api route declares the roles it admits (`config: { roles: [...] }`); the token admits all.
import type { Brand, OperatorId } from '../domain/ids.ts';
import type { Role } from './roles.ts';

export type UserId = Brand<string, 'UserId'>;
export const UserId = (s: string) => s as UserId;
export type UnitId = Brand<string, 'UnitId'>;
export const UnitId = (s: string) => s as UnitId;

export type Language = 'az' | 'ru' | 'en';

export type Principal =
  | { kind: 'token' }
  | {
      kind: 'user';
      userId: UserId;
      username: string;
      displayName: string;
      roles: readonly Role[];
      /** Set for operators: their id in queues.yaml (and SIP endpoint). */
      operatorId?: OperatorId;
      /** Units the person is a member of (role `unit`). */
      unitIds: readonly UnitId[];
      language: Language;
    };

export function hasRole(p: Principal, ...roles: readonly Role[]): boolean {
  return p.kind === 'token' || p.roles.some((r) => roles.includes(r));
}

/** Who to write in an audit trail: the username, or `token` for automation. */
export function actorName(p: Principal): string {
  return p.kind === 'token' ? 'token' : p.username;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Roles admitted to this /api route; every /api route must declare them. */
    roles?: readonly Role[];
    /** Reachable without signing in (only the sign-in route): `{ roles: [], public: true }`. */
    public?: boolean;
    /** False when the route writes its own, more telling audit entries (default: recorded generically). */
    audit?: boolean;
  }
  interface Session {
    /** The signed-in account (the session cookie carries only the session id). */
    userId?: string;
    /** The CSRF secret (@fastify/csrf-protection keeps it in the session). */
    _csrf?: string;
  }
}
