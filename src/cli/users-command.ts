// `cagri users add|passwd|list`: accounts from the command line, for the first admin (the API
// needs someone signed in, or the token). Reads only DATABASE_URL. The password comes from
// --password-stdin, else CAGRI_USER_PASSWORD, else a prompt that does not echo it. An --operator
// or --unit is checked against queues.yaml / units.yaml of the config folder (--config).
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { type ConfigRefs, configRefs, unknownConfigRef } from '../accounts/account-config-refs.ts';
import { hashPassword, passwordProblem } from '../accounts/password.ts';
import { ROLES } from '../accounts/roles.ts';
import { PgSessionStore } from '../accounts/session-store.ts';
import { UserRepository } from '../accounts/user-repository.ts';
import { NewUserSchema } from '../accounts/user-schema.ts';
import { formatConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/config-loader.ts';
import { createDatabase } from '../db/database.ts';
import { migrate } from '../db/migrator.ts';
import type { Database } from '../db/schema.ts';

export interface AddUserInput {
  username: string;
  password: string;
  roles: string[];
  name?: string;
  operator?: string;
  units: string[];
  language?: string;
}

export type CliResult = { ok: true; message: string } | { ok: false; message: string };

/**
 * Creates the account; with `known`, its operator and unit ids must be in the config (the CLI
 * passes the config folder's whenever it is given an operator or a unit).
 */
export async function addUser(
  db: Kysely<Database>,
  input: AddUserInput,
  now: number,
  known?: ConfigRefs,
): Promise<CliResult> {
  const parsed = NewUserSchema.safeParse({
    username: input.username,
    password: input.password,
    roles: input.roles,
    unitIds: input.units,
    ...(input.name && { displayName: input.name }),
    ...(input.operator && { operatorId: input.operator }),
    ...(input.language && { language: input.language }),
  });
  if (!parsed.success) {
    return {
      ok: false,
      message: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
    };
  }
  const problem =
    passwordProblem(parsed.data.password, parsed.data.username) ??
    (known && unknownConfigRef(parsed.data, known));
  if (problem) return { ok: false, message: problem };
  const result = await new UserRepository(db).create(
    { ...parsed.data, passwordHash: await hashPassword(parsed.data.password) },
    now,
  );
  if (!result.ok) return { ok: false, message: result.message };
  return { ok: true, message: `created ${result.user.username} (${result.user.roles.join(', ')})` };
}

/** The operator and unit ids of the config folder, or why it cannot be read. */
export async function configRefsIn(
  folder: string,
): Promise<{ ok: true; refs: ConfigRefs } | { ok: false; message: string }> {
  const loaded = await loadConfig(folder);
  if (loaded.ok) return { ok: true, refs: configRefs(loaded.config.queues, loaded.config.units) };
  const why = `${folder}: invalid config, so --operator and --unit cannot be checked against it (see --config)`;
  return { ok: false, message: [...loaded.errors.map(formatConfigError), why].join('\n') };
}

export async function setUserPassword(
  db: Kysely<Database>,
  username: string,
  password: string,
  now: number,
): Promise<CliResult> {
  const users = new UserRepository(db);
  const found = await users.credentialsOf(username);
  if (!found) return { ok: false, message: `no user ${username}` };
  const problem = passwordProblem(password, found.user.username);
  if (problem) return { ok: false, message: problem };
  await users.setPassword(found.user.id, await hashPassword(password), now);
  // A new password ends the sessions signed in with the old one.
  await new PgSessionStore(db, () => now, 0).destroyUserSessions(found.user.id);
  return { ok: true, message: `password of ${found.user.username} changed; their sessions ended` };
}

export async function listUsers(db: Kysely<Database>): Promise<string[]> {
  const users = await new UserRepository(db).list();
  return users.map((u) =>
    [
      u.username.padEnd(16),
      u.roles.join(',').padEnd(20),
      (u.operatorId ?? '-').padEnd(8),
      (u.unitIds.join(',') || '-').padEnd(12),
      u.language,
      u.disabled ? 'disabled' : u.lockedUntil && u.lockedUntil > Date.now() ? 'locked' : '',
    ]
      .join(' ')
      .trimEnd(),
  );
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  if (process.env.CAGRI_USER_PASSWORD) return process.env.CAGRI_USER_PASSWORD;
  if (!process.stdin.isTTY) throw new Error('no password: use --password-stdin or set CAGRI_USER_PASSWORD');
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      // Print the question, then echo nothing of what is typed.
      process.stdout.write(q);
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
      rl.question('', (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('password: ');
  const again = await ask('again: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

async function withDatabase(run: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exitCode = 2;
    return;
  }
  try {
    await migrate(url);
  } catch (err) {
    console.error(`cannot migrate (DATABASE_URL): ${(err as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const db = createDatabase(url);
  try {
    await run(db);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

const collect = (v: string, all: string[]) => [...all, v];

function report(r: CliResult): void {
  if (r.ok) console.log(r.message);
  else {
    console.error(r.message);
    process.exitCode = 1;
  }
}

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('accounts of the people who use the API (DATABASE_URL)');
  users
    .command('add <username>')
    .description('create an account')
    .requiredOption('--role <role>', `a role (${ROLES.join(', ')}); repeat for several`, collect, [])
    .option('--name <name>', 'display name')
    .option('--operator <id>', 'the operator id in queues.yaml (for role operator)')
    .option('--unit <id>', 'a unit id (for role unit); repeat for several', collect, [])
    .option('--language <lang>', 'az, ru or en', 'az')
    .option(
      '--config <dir>',
      'config folder: --operator and --unit must be in it',
      process.env.CAGRI_CONFIG ?? 'config',
    )
    .option('--password-stdin', 'read the password from standard input')
    .action(
      async (
        username: string,
        o: {
          role: string[];
          name?: string;
          operator?: string;
          unit: string[];
          language: string;
          config: string;
          passwordStdin?: boolean;
        },
      ) => {
        // Checked before the password is asked for: a typo in an id should not cost typing it.
        let known: ConfigRefs | undefined;
        if (o.operator || o.unit.length > 0) {
          const refs = await configRefsIn(o.config);
          if (!refs.ok) return report(refs);
          const unknown = unknownConfigRef({ operatorId: o.operator, unitIds: o.unit }, refs.refs);
          if (unknown) return report({ ok: false, message: unknown });
          known = refs.refs;
        }
        return withDatabase(async (db) => {
          const password = await readPassword(o.passwordStdin === true);
          report(
            await addUser(
              db,
              {
                username,
                password,
                roles: o.role,
                units: o.unit,
                language: o.language,
                ...(o.name && { name: o.name }),
                ...(o.operator && { operator: o.operator }),
              },
              Date.now(),
              known,
            ),
          );
        });
      },
    );
  users
    .command('passwd <username>')
    .description("set a person's password (lifts a lockout, ends their sessions)")
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, o: { passwordStdin?: boolean }) =>
      withDatabase(async (db) => {
        const password = await readPassword(o.passwordStdin === true);
        report(await setUserPassword(db, username, password, Date.now()));
      }),
    );
  users
    .command('list')
    .description('list the accounts')
    .action(async () =>
      withDatabase(async (db) => {
        const lines = await listUsers(db);
        if (lines.length === 0) console.log('no accounts yet: cagri users add <username> --role admin');
        for (const l of lines) console.log(l);
      }),
    );
}
