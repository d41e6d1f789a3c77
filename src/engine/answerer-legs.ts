// The phones that may answer a waiting caller: operators' legs and the duty leg, rung through
// OutboundLegs and found again by (call, answerer) when the queue bridges or drops them.
import type { CallId, ChannelId, OperatorId } from '../domain/ids.ts';
import { callerIdFor, type LegFailure, type OutboundLegs } from './outbound-legs.ts';

export type Answerer = OperatorId | 'duty';

export interface AnswererListener {
  answered(): void;
  failed(status: LegFailure): void;
  /** The answerer hung up after answering. */
  ended(legId: ChannelId): void;
}

export interface AnswererRing {
  endpoint: string;
  timeoutSec: number;
  /** Shown on the operator's phone. */
  callerNumber?: string;
  /** Shown beside the number (the caller's menu choice), as the caller ID / connected-line name. */
  callerName?: string;
  /** Channel variables of the leg, e.g. `PJSIP_HEADER(add,X-Cagri-Reason)`. */
  variables?: Record<string, string>;
}

export class AnswererLegs {
  private readonly byKey = new Map<string, ChannelId>();

  constructor(private readonly legs: OutboundLegs) {}

  ring(callId: CallId, who: Answerer, req: AnswererRing, on: AnswererListener): void {
    const key = keyOf(callId, who);
    const n = req.callerNumber;
    const legId = this.legs.ring(
      {
        endpoint: req.endpoint,
        purpose: who === 'duty' ? ['duty', callId] : ['operator', callId, who],
        timeoutSec: req.timeoutSec,
        callerId: n ? callerIdFor(n, req.callerName || n) : undefined,
        ...(req.variables && { variables: req.variables }),
      },
      {
        answered: () => on.answered(),
        failed: (_leg, status) => {
          this.byKey.delete(key);
          on.failed(status);
        },
        ended: (leg) => {
          this.byKey.delete(key);
          on.ended(leg);
        },
      },
    );
    this.byKey.set(key, legId);
  }

  legOf(callId: CallId, who: Answerer): ChannelId | undefined {
    return this.byKey.get(keyOf(callId, who));
  }

  /** Hangs up the leg (a ring cancelled, a duty call no longer needed); no listener call follows. */
  drop(callId: CallId, who: Answerer): void {
    const key = keyOf(callId, who);
    const legId = this.byKey.get(key);
    this.byKey.delete(key);
    if (legId) this.legs.hangup(legId);
  }
}

function keyOf(callId: CallId, who: Answerer): string {
  return `${callId}/${who}`;
}
