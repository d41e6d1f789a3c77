// The shared machinery every engine needs around the telephony port, built one way for the
// service (src/main.ts) and the rehearsal console alike: the durable writes for call records, the
// outbound legs, the conversation bridges.
import type { Clock } from '../domain/clock.ts';
import { DurableWrites } from '../durability/durable-writes.ts';
import type { Logger } from '../log/logger.ts';
import type { TelephonyPort } from '../telephony/telephony-port.ts';
import { OutboundLegs } from './outbound-legs.ts';
import { TalkBridges } from './talk-bridges.ts';

export interface EngineParts {
  writes: DurableWrites;
  legs: OutboundLegs;
  talks: TalkBridges;
}

/** `writes` is the service's journal (src/main.ts); without one, writes are kept in memory only. */
export function createEngineParts(
  port: TelephonyPort,
  clock: Clock,
  logger: Logger,
  writes: DurableWrites = DurableWrites.inMemory(logger.child({ component: 'db-writes' })),
): EngineParts {
  return {
    writes,
    legs: new OutboundLegs(port, clock, logger.child({ component: 'legs' })),
    talks: new TalkBridges(port, logger),
  };
}

/** An outside number is reached through the carrier trunk of pjsip.conf. */
export function trunkEndpoint(number: string): string {
  return `PJSIP/${number}@trunk`;
}
