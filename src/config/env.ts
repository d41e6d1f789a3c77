// The process environment, validated once at start-up. One schema is the source of both the
// type and the checks; every problem is reported at once, by variable name, never with its value.
import { z } from 'zod';

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.join(' or ')}//` },
  );

export const EnvSchema = z.object({
  ARI_URL: url(['http:', 'https:']).default('http://127.0.0.1:8088'),
  ARI_USERNAME: z.string().min(1, 'is required (the ARI user from ari.conf)'),
  ARI_PASSWORD: z.string().min(1, 'is required (the ARI password from ari.conf)'),
  ARI_APP: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _')
    .default('cagri'),
  /** ARI REST through our keep-alive client (thin) or through ari-client, kept for comparison. */
  ARI_REST_CLIENT: z.enum(['thin', 'ari-client']).default('thin'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters (generate one: openssl rand -hex 24)'),
  CAGRI_CONFIG: z.string().min(1).default('config'),
  /** The write journal lives here (a volume in compose): writes survive a Postgres outage and a crash. */
  CAGRI_DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Postgres connections this engine may hold (src/db/database.ts explains the default). */
  PG_POOL_MAX: z.coerce.number().int().min(2).max(200).default(20),
  /** Signs the session cookies of people signed in; the same on every engine. Required in production. */
  SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (generate one: openssl rand -hex 32)')
    .optional(),
  /** Send the session cookie only over HTTPS (set true behind a TLS proxy). */
  COOKIE_SECURE: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  /** Appeal deadline reminders by e-mail (e.g. smtp://user:pass@mail.example:587); unset: webhooks only. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().min(3).default('cagri@localhost'),
  /** Remind a unit when an open appeal has this many working days left or fewer (and when overdue). */
  APPEAL_NEAR_DAYS: z.coerce.number().int().min(0).max(15).default(2),
  /** How often the reminder sweep runs, in minutes (each appeal is reminded at most once a day). */
  APPEAL_REMINDER_EVERY_MIN: z.coerce.number().int().min(1).max(1440).default(60),
});

export type Env = z.infer<typeof EnvSchema>;

/** Names of variables that must never appear in logs. */
export const SECRET_ENV_KEYS = [
  'ARI_PASSWORD',
  'ADMIN_TOKEN',
  'DATABASE_URL',
  'REDIS_URL',
  'SESSION_SECRET',
  'SMTP_URL',
] as const;

export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(raw);
  if (parsed.success) {
    // Outside production a missing secret means a random one per process (sessions end at restart).
    if (raw.NODE_ENV === 'production' && !parsed.data.SESSION_SECRET) {
      throw new EnvError(['SESSION_SECRET is not set (required in production; openssl rand -hex 32)']);
    }
    return parsed.data;
  }
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    const missing = issue.code === 'invalid_type' && raw[key] === undefined;
    return missing ? `${key} is not set` : `${key} ${issue.message}`;
  });
  throw new EnvError(problems);
}
