// Signing in with a username and password: verifies the argon2 hash, counts failures towards a
// lockout (per account, in Postgres, so every engine sees it) and throttles attempts per username
// (in memory, per engine; the per-IP limit is the route's rate limit).
import type { Clock } from '../domain/clock.ts';
import { decoyHash, verifyPassword } from './password.ts';
import type { UserRecord, UserRepository } from './user-repository.ts';

export interface SignInPolicy {
  /** Failed sign-ins in a row that lock the account. */
  maxFailures: number;
  lockMinutes: number;
  /** Attempts per username per minute, right or wrong. */
  perUsernamePerMinute: number;
}

export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = {
  maxFailures: 5,
  lockMinutes: 15,
  perUsernamePerMinute: 10,
};

export type SignInResult =
  | { ok: true; user: UserRecord }
  | { ok: false; kind: 'invalid' | 'disabled'; message: string }
  | { ok: false; kind: 'locked' | 'throttled'; message: string; retryAfterSec: number };

const WRONG = 'wrong username or password';

export class SignIn {
  private readonly attempts = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly users: Pick<UserRepository, 'credentialsOf' | 'recordFailure' | 'clearFailures'>,
    private readonly clock: Clock,
    readonly policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
  ) {}

  async attempt(username: string, password: string): Promise<SignInResult> {
    const now = this.clock.now();
    const throttled = this.throttle(username.toLowerCase(), now);
    if (throttled) return throttled;
    const found = await this.users.credentialsOf(username);
    if (!found) {
      await verifyPassword(await decoyHash(), password);
      return { ok: false, kind: 'invalid', message: WRONG };
    }
    const { user, passwordHash } = found;
    if (user.lockedUntil !== null && user.lockedUntil > now) return locked(user.lockedUntil, now);
    if (!(await verifyPassword(passwordHash, password))) {
      const lockUntil = now + this.policy.lockMinutes * 60_000;
      const after = await this.users.recordFailure(user.id, this.policy.maxFailures, now, lockUntil);
      if (after.lockedUntil !== null && after.lockedUntil > now) return locked(after.lockedUntil, now);
      // The same words as for an unknown username: the answer does not tell which usernames exist.
      return { ok: false, kind: 'invalid', message: WRONG };
    }
    if (user.disabled)
      return { ok: false, kind: 'disabled', message: 'this account is disabled; ask an admin' };
    if (user.failedLogins > 0 || user.lockedUntil !== null) await this.users.clearFailures(user.id);
    return { ok: true, user: { ...user, failedLogins: 0, lockedUntil: null } };
  }

  private throttle(key: string, now: number): SignInResult | undefined {
    const w = this.attempts.get(key);
    if (!w || now - w.windowStart >= 60_000) {
      this.attempts.set(key, { windowStart: now, count: 1 });
      if (this.attempts.size > 10_000) this.forgetOld(now);
      return undefined;
    }
    w.count += 1;
    if (w.count <= this.policy.perUsernamePerMinute) return undefined;
    const retryAfterSec = Math.ceil((w.windowStart + 60_000 - now) / 1000);
    return {
      ok: false,
      kind: 'throttled',
      message: `too many sign-in attempts for this username; try again in ${retryAfterSec} s`,
      retryAfterSec,
    };
  }

  private forgetOld(now: number): void {
    for (const [k, w] of this.attempts) if (now - w.windowStart >= 60_000) this.attempts.delete(k);
  }
}

function locked(until: number, now: number): SignInResult {
  const retryAfterSec = Math.ceil((until - now) / 1000);
  return {
    ok: false,
    kind: 'locked',
    message: `this account is locked after too many failed sign-ins; try again in ${Math.ceil(retryAfterSec / 60)} min or ask an admin`,
    retryAfterSec,
  };
}
