// Pure (no I/O): an account's operator id must name an operator of queues.yaml and its unit ids
// units of units.yaml, or the account links to nobody — a desk with no queue state, an inbox that
// never fills. Checked where accounts are made or changed (the users API, `cagri users add`).
import type { UnitsFile } from '../appeals/units-config.ts';
import type { QueuesFile } from '../queue/queue-config.ts';

/** The ids an account may link to, as the running config has them. */
export interface ConfigRefs {
  operatorIds: readonly string[];
  unitIds: readonly string[];
}

export function configRefs(queues: Pick<QueuesFile, 'operators'>, units: UnitsFile): ConfigRefs {
  return { operatorIds: queues.operators.map((o) => o.id), unitIds: units.units.map((u) => u.id) };
}

/** Why the account's links name nothing in the config, or undefined when they all resolve. */
export function unknownConfigRef(
  account: { operatorId?: string | null | undefined; unitIds?: readonly string[] | undefined },
  known: ConfigRefs,
): string | undefined {
  const op = account.operatorId;
  if (op != null && !known.operatorIds.includes(op))
    return `operator id "${op}" is not in queues.yaml (${listed('operators', known.operatorIds)})`;
  const units = (account.unitIds ?? []).filter((u) => !known.unitIds.includes(u));
  if (units.length > 0) {
    const names = units.map((u) => `"${u}"`).join(', ');
    const verb = units.length === 1 ? `unit id ${names} is` : `unit ids ${names} are`;
    return `${verb} not in units.yaml (${listed('units', known.unitIds)})`;
  }
  return undefined;
}

function listed(what: string, ids: readonly string[]): string {
  return ids.length > 0 ? `${what} there: ${ids.join(', ')}` : `it lists no ${what}`;
}
