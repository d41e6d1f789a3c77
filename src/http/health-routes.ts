// Liveness and readiness. /healthz only says the process answers; /readyz runs every dependency
// check in parallel, each bounded by a timeout so one hung dependency cannot hang the probe.
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';

export type ReadinessChecks = Record<string, () => Promise<void>>;

export type CheckResult = { status: 'up'; ms: number } | { status: 'down'; ms: number; reason: string };

export interface ReadinessReport {
  ready: boolean;
  down: string[];
  checks: Record<string, CheckResult>;
}

async function runCheck(check: () => Promise<void>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(check), timeout]);
    return { status: 'up', ms: elapsed() };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { status: 'down', ms: elapsed(), reason: reason.slice(0, 200) || 'check failed' };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(checks: ReadinessChecks, timeoutMs: number): Promise<ReadinessReport> {
  const names = Object.keys(checks).sort();
  const results = await Promise.all(names.map((n) => runCheck(checks[n]!, timeoutMs)));
  const entries = names.map((n, i) => [n, results[i]!] as const);
  const down = entries.filter(([, r]) => r.status === 'down').map(([n]) => n);
  return { ready: down.length === 0, down, checks: Object.fromEntries(entries) };
}

export interface HealthRoutesOptions {
  readiness: ReadinessChecks;
  timeoutMs: number;
  /** Shown on /readyz without deciding readiness (e.g. the write journal's backlog). */
  details?: () => Record<string, unknown>;
  /** One round of checks serves every /readyz within this long (default 1000 ms): cheap to poll. */
  cacheMs?: number;
  /** Per client IP on /readyz (default 300 a minute); /healthz is never limited. */
  rateLimit?: { max: number; timeWindowMs: number };
  /** Monotonic milliseconds for the cache (tests give a fake). */
  now?: () => number;
}

/** The last round of checks, shared by the requests that arrive while it is fresh (or running). */
function cachedReadiness(opts: HealthRoutesOptions): () => Promise<ReadinessReport> {
  const ttl = opts.cacheMs ?? 1000;
  const clock = opts.now ?? (() => performance.now());
  let last: { startedAt: number; report: Promise<ReadinessReport> } | undefined;
  return () => {
    const now = clock();
    if (!last || now - last.startedAt >= ttl) {
      last = { startedAt: now, report: checkReadiness(opts.readiness, opts.timeoutMs) };
    }
    return last.report;
  };
}

export function healthRoutes(opts: HealthRoutesOptions): FastifyPluginAsync {
  return async (app) => {
    const readiness = cachedReadiness(opts);
    // Only routes that ask for it are limited here; /api has its own limit.
    await app.register(rateLimit, { global: false });
    app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is alive' } }, async () => ({
      status: 'ok',
    }));
    app.get(
      '/readyz',
      {
        schema: { tags: ['health'], summary: 'Every dependency (ARI, Postgres, Redis) answers' },
        config: {
          rateLimit: { max: opts.rateLimit?.max ?? 300, timeWindow: opts.rateLimit?.timeWindowMs ?? 60_000 },
        },
      },
      async (_request, reply) => {
        const report = await readiness();
        const details = opts.details?.() ?? {};
        if (report.ready) return { status: 'ok', checks: report.checks, ...details };
        return reply
          .code(503)
          .send({ status: 'unavailable', down: report.down, checks: report.checks, ...details });
      },
    );
  };
}
