// The journal's backlog as a Prometheus gauge: writes decided but not yet in Postgres. It grows
// while Postgres is away and falls back to 0 once the journal is applied.
import { Gauge, type Registry } from 'prom-client';
import type { DurableWrites } from './durable-writes.ts';

export function registerJournalMetrics(registry: Registry, writes: DurableWrites): void {
  new Gauge({
    name: 'cagri_journal_backlog',
    help: 'Database writes journalled on disk but not yet applied to Postgres',
    registers: [registry],
    collect() {
      this.set(writes.backlog);
    },
  });
}
