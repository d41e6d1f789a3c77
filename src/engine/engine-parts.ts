// The shared machinery every engine needs around the telephony port, built one way for the
// service (src/main.ts) and the rehearsal console alike: the write-behind for call records, the
// outbound legs, the conversation bridges.
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import type { TelephonyPort } from '../telephony/telephony-port.ts';
import { OutboundLegs } from './outbound-legs.ts';
import { TalkBridges } from './talk-bridges.ts';
import { WriteBehind } from './write-behind.ts';

export interface EngineParts {
  writes: WriteBehind;
  legs: OutboundLegs;
  talks: TalkBridges;
}

export function createEngineParts(port: TelephonyPort, clock: Clock, logger: Logger): EngineParts {
  return {
    writes: new WriteBehind(logger.child({ component: 'db-writes' })),
    legs: new OutboundLegs(port, clock, logger.child({ component: 'legs' })),
    talks: new TalkBridges(port, logger),
  };
}

/** An outside number is reached through the carrier trunk of pjsip.conf. */
export function trunkEndpoint(number: string): string {
  return `PJSIP/${number}@trunk`;
}
