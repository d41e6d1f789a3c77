// The centre's live numbers for Prometheus: calls in progress, callers waiting, operators by
// state and near their weekly cap, and how calls end. Gauges are read at scrape time from the
// engine and the queue, so they can never drift from the truth.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { QueueSnapshot } from '../queue/index.ts';

export interface MetricsSources {
  activeCalls(): number;
  queueSnapshot(): QueueSnapshot;
  telephonyConnected(): boolean;
  /** Counts since start: a lost call (waited past the threshold) and a short abandon apart. */
  queueTally?(): { lostCalls: number; shortAbandons: number; escalations: number };
  /** Urgent escalations a person answered, and how long each caller waited for one (seconds). */
  escalationReach?(): { answered: number; seconds: readonly number[] };
  /** Callbacks by status, from Postgres. */
  callbacksByStatus?(): Promise<Record<string, number>>;
  /** Years within the next month with no holiday file, per service (they would count as working days). */
  missingHolidayYears?(): ReadonlyArray<{ serviceId: string; year: number }>;
}

export class EngineMetrics {
  readonly callsEnded: Counter<'outcome'>;
  /** How long callers waited in the queue, by how they left it (connected, lost, abandoned, left). */
  readonly queueWait: Histogram<'outcome'>;

  constructor(registry: Registry, sources: MetricsSources) {
    new Gauge({
      name: 'cagri_calls_active',
      help: 'Citizen calls in progress',
      registers: [registry],
      collect() {
        this.set(sources.activeCalls());
      },
    });
    new Gauge({
      name: 'cagri_queue_waiting',
      help: 'Callers waiting for an operator, by queue and urgency',
      labelNames: ['queue', 'urgent'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const w of sources.queueSnapshot().waiting)
          this.inc({ queue: w.queueId, urgent: String(w.urgent) });
      },
    });
    new Gauge({
      name: 'cagri_queue_longest_wait_seconds',
      help: 'How long the longest-waiting caller has waited',
      registers: [registry],
      collect() {
        const waits = sources.queueSnapshot().waiting.map((w) => w.waitedMs);
        this.set(waits.length ? Math.max(...waits) / 1000 : 0);
      },
    });
    new Gauge({
      name: 'cagri_operators',
      help: 'Operators by state',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const o of sources.queueSnapshot().operators) this.inc({ state: o.state });
      },
    });
    new Gauge({
      name: 'cagri_operators_near_weekly_cap',
      help: 'Operators at or past the weekly live-service warning threshold',
      registers: [registry],
      collect() {
        this.set(sources.queueSnapshot().operators.filter((o) => o.nearCap || o.atCap).length);
      },
    });
    new Gauge({
      name: 'cagri_ari_connected',
      help: '1 while the ARI event stream is connected',
      registers: [registry],
      collect() {
        this.set(sources.telephonyConnected() ? 1 : 0);
      },
    });
    const tally = sources.queueTally;
    if (tally) {
      // Read at scrape time from the queue's own counts (they only grow), so nothing can drift.
      new Counter({
        name: 'cagri_queue_abandons_total',
        help: 'Callers who hung up while waiting: kind=lost (waited past the threshold, called back) or short',
        labelNames: ['kind'] as const,
        registers: [registry],
        collect() {
          const t = tally();
          this.reset();
          this.inc({ kind: 'lost' }, t.lostCalls);
          this.inc({ kind: 'short' }, t.shortAbandons);
        },
      });
      new Counter({
        name: 'cagri_escalations_total',
        help: 'Urgent matters escalated',
        registers: [registry],
        collect() {
          this.reset();
          this.inc(tally().escalations);
        },
      });
    }
    const reach = sources.escalationReach;
    if (reach) {
      new Counter({
        name: 'cagri_escalations_answered_total',
        help: 'Urgent escalations answered by a person (an operator or a rung of the ladder)',
        registers: [registry],
        collect() {
          this.reset();
          this.inc(reach().answered);
        },
      });
      new Histogram({
        name: 'cagri_escalation_time_to_person_seconds',
        help: 'From the urgent choice to a person answering',
        buckets: [5, 10, 20, 30, 60, 120, 300, 600],
        registers: [registry],
        collect() {
          // Rebuilt from the ladder's own record at scrape time (escalations are few).
          this.reset();
          for (const s of reach().seconds) this.observe(s);
        },
      });
    }
    const byStatus = sources.callbacksByStatus;
    if (byStatus) {
      new Gauge({
        name: 'cagri_callbacks',
        help: 'Callbacks by status (scheduled, dialling, reached, cancelled, failed, expired)',
        labelNames: ['status'] as const,
        registers: [registry],
        async collect() {
          const counts = await byStatus();
          this.reset();
          for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
        },
      });
    }
    const missing = sources.missingHolidayYears;
    if (missing) {
      new Gauge({
        name: 'cagri_holiday_years_missing',
        help: 'Holiday years needed within a month but missing from the config (1 per service and year)',
        labelNames: ['service', 'year'] as const,
        registers: [registry],
        collect() {
          this.reset();
          for (const m of missing()) this.set({ service: m.serviceId, year: String(m.year) }, 1);
        },
      });
    }
    this.queueWait = new Histogram({
      name: 'cagri_queue_wait_seconds',
      help: 'Wait in the operator queue, by how the caller left it (connected, lost, abandoned = short abandon, left)',
      labelNames: ['outcome'] as const,
      buckets: [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600],
      registers: [registry],
    });
    this.callsEnded = new Counter({
      name: 'cagri_calls_ended_total',
      help: 'Citizen calls ended, by outcome (operator, lost, callback-booked, goodbye, ...)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
  }
}
