// Demo accounts for `cagri demo`: one per role, the operators linked to the example queues.yaml
// operators. Known passwords, printed at start — for the demo database only, never production.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { hashPassword } from './password.ts';
import type { Role } from './roles.ts';
import { UserRepository } from './user-repository.ts';
import type { NewUser } from './user-schema.ts';

export interface DemoUser {
  username: string;
  password: string;
  roles: Role[];
  operatorId?: string;
  unitIds?: string[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', password: 'demo-admin-pass', roles: ['admin'] },
  { username: 'supervisor', password: 'demo-supervisor-pass', roles: ['supervisor'] },
  { username: 'op1', password: 'demo-op1-pass', roles: ['operator'], operatorId: 'op1' },
  { username: 'op2', password: 'demo-op2-pass', roles: ['operator'], operatorId: 'op2' },
  { username: 'op3', password: 'demo-op3-pass', roles: ['operator'], operatorId: 'op3' },
  { username: 'social', password: 'demo-social-pass', roles: ['unit'], unitIds: ['social'] },
];

/** Creates the demo accounts, or resets their passwords when they exist; returns them. */
export async function seedDemoUsers(db: Kysely<Database>, now: number): Promise<readonly DemoUser[]> {
  const users = new UserRepository(db);
  for (const d of DEMO_USERS) {
    const passwordHash = await hashPassword(d.password);
    const existing = await users.credentialsOf(d.username);
    if (existing) {
      await users.setPassword(existing.user.id, passwordHash, now);
      continue;
    }
    const u: NewUser = {
      username: d.username,
      password: d.password,
      roles: d.roles,
      unitIds: d.unitIds ?? [],
      language: 'az',
      ...(d.operatorId && { operatorId: d.operatorId }),
    };
    const r = await users.create({ ...u, passwordHash }, now);
    if (!r.ok) throw new Error(`demo user ${d.username}: ${r.message}`);
  }
  return DEMO_USERS;
}
