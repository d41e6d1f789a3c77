// A tap on the telephony events the adapter hands the engine, for measuring (bench/capacity: key →
// next ARI command). node:diagnostics_channel costs one boolean check while nobody listens.
import diagnosticsChannel from 'node:diagnostics_channel';
import type { TelephonyEvent } from '../telephony/telephony-port.ts';

export interface AriEventTrace {
  event: TelephonyEvent;
  /** performance.now() just before the engine's listeners run. */
  at: number;
}

export const ARI_EVENT_CHANNEL = 'cagri:ari:event';

const channel = diagnosticsChannel.channel(ARI_EVENT_CHANNEL);

export function traceAriEvent(event: TelephonyEvent): void {
  if (channel.hasSubscribers) channel.publish({ event, at: performance.now() } satisfies AriEventTrace);
}
