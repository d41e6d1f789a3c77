// A report as CSV for a spreadsheet or a regulator: one row per figure, named by its path in the
// JSON answer (e.g. `byOutcome.lost-call.reached`, `operators.op-1.weeks.2026-11-30.liveHours`),
// with the service and the period on every row so a file stands on its own.
import { stringify } from 'csv-stringify/sync';

type Value = string | number | boolean | null;

/** Flattens figures into [name, value] pairs; arrays of objects are keyed by their text fields. */
export function flattenFigures(value: unknown, prefix = ''): Array<[string, Value]> {
  if (value === null || typeof value !== 'object') return [[prefix, value as Value]];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => {
      if (item === null || typeof item !== 'object') return [[join(prefix, String(i)), item as Value]];
      const entries = Object.entries(item as Record<string, unknown>);
      // {kind, status, count}: the other fields name the count.
      if ('count' in item) {
        const key = entries.filter(([k]) => k !== 'count').map(([, v]) => String(v));
        return [[join(prefix, ...key), (item as { count: Value }).count] as [string, Value]];
      }
      const keyFields = entries.filter(([, v]) => typeof v === 'string');
      const key = keyFields.length ? keyFields.map(([, v]) => String(v)) : [String(i)];
      const rest = Object.fromEntries(entries.filter(([, v]) => typeof v !== 'string'));
      return flattenFigures(rest, join(prefix, ...key));
    });
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    flattenFigures(v, join(prefix, k)),
  );
}

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('.');
}

export interface CsvContext {
  report: string;
  serviceId: string;
  firstDay: string;
  lastDay: string;
  zone: string;
}

export function reportCsv(ctx: CsvContext, figures: unknown): string {
  const rows = flattenFigures(figures).map(([figure, value]) => [
    ctx.report,
    ctx.serviceId,
    ctx.firstDay,
    ctx.lastDay,
    ctx.zone,
    figure,
    value === null ? '' : String(value),
  ]);
  return stringify(rows, {
    header: true,
    columns: ['report', 'service', 'first_day', 'last_day', 'time_zone', 'figure', 'value'],
  });
}
