// Which time zone an operator's week (the 36-hour cap) is counted in: the zone of the queues they
// serve, i.e. the calendar zone of those queues' services (`cagri check` makes sure services
// sharing a queue, and the queues an operator serves, agree on it). Pure.
import type { OperatorId } from '../domain/ids.ts';
import type { QueueSetup } from './queue-state.ts';

export function operatorZone(setup: QueueSetup, operatorId: OperatorId): string {
  for (const q of setup.operators.get(operatorId)?.queues ?? []) {
    const zone = setup.queueZones.get(q);
    if (zone) return zone;
  }
  return setup.timeZone;
}
