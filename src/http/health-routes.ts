// Liveness and readiness. /healthz only says the process answers; /readyz runs every dependency
// check in parallel, each bounded by a timeout so one hung dependency cannot hang the probe.
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

export function healthRoutes(opts: { readiness: ReadinessChecks; timeoutMs: number }): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is alive' } }, async () => ({
      status: 'ok',
    }));
    app.get(
      '/readyz',
      { schema: { tags: ['health'], summary: 'Every dependency (ARI, Postgres, Redis) answers' } },
      async (_request, reply) => {
        const report = await checkReadiness(opts.readiness, opts.timeoutMs);
        if (report.ready) return { status: 'ok', checks: report.checks };
        return reply.code(503).send({ status: 'unavailable', down: report.down, checks: report.checks });
      },
    );
  };
}
