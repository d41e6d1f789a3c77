// Passwords: argon2id hashes (OWASP's first choice) through @node-rs/argon2, and the one rule a
// new password must pass, stated so a person can act on it.
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export function hashPassword(password: string): Promise<string> {
  // The library's defaults are argon2id, m=19 MiB, t=2, p=1 (the OWASP recommendation).
  return hash(password);
}

/** False for a wrong password and for a hash this library cannot read (never throws). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.toLowerCase().includes(username.toLowerCase()))
    return 'a password must not contain the username';
  if (new Set(password).size < 4) return 'a password needs at least 4 different characters';
  return undefined;
}

// A hash of a random password: a sign-in for an unknown username verifies against it, so the
// answer takes as long as for a known one and does not reveal which usernames exist.
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hash(`decoy-${Math.random()}-${process.pid}`);
  return decoy;
}
