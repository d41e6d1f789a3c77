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
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters (generate one: openssl rand -hex 24)'),
  CAGRI_CONFIG: z.string().min(1).default('config'),
  /** The write journal lives here (a volume in compose): writes survive a Postgres outage and a crash. */
  CAGRI_DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

/** Names of variables that must never appear in logs. */
export const SECRET_ENV_KEYS = ['ARI_PASSWORD', 'ADMIN_TOKEN', 'DATABASE_URL', 'REDIS_URL'] as const;

export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    const missing = issue.code === 'invalid_type' && raw[key] === undefined;
    return missing ? `${key} is not set` : `${key} ${issue.message}`;
  });
  throw new EnvError(problems);
}
