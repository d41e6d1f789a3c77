// Outbound legs (an operator's phone, the duty phone, a citizen called back through the trunk):
// created in our app, dialled once Asterisk says the leg is in Stasis, and followed to an answer
// or a failure. Queue, escalation and callbacks all ring phones through this one mechanism.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { ChannelId } from '../domain/ids.ts';
import { type Logger, maskDialString } from '../log/logger.ts';
import {
  type DialStatus,
  TelephonyError,
  type TelephonyEvent,
  type TelephonyPort,
} from '../telephony/telephony-port.ts';
import { TimerSet } from './timer-set.ts';

export type LegFailure = 'busy' | 'no-answer' | 'unavailable' | 'hung-up';

export interface LegRequest {
  endpoint: string;
  /** Tags the leg for logs and for re-adoption after a restart, e.g. ['operator', callId, operatorId]. */
  purpose: string[];
  callerId?: string;
  timeoutSec: number;
  variables?: Record<string, string>;
}

export interface LegListener {
  answered(legId: ChannelId): void;
  failed(legId: ChannelId, why: LegFailure): void;
  /** The leg hung up after it had answered. */
  ended(legId: ChannelId): void;
}

interface Leg {
  id: ChannelId;
  req: LegRequest;
  listener: LegListener;
  created: boolean;
  entered: boolean;
  dialled: boolean;
  answered: boolean;
  finished: boolean;
}

const LEG_ID_PREFIX = 'leg-';

/** Our outbound legs carry ids we chose; after a restart this tells them from citizens' channels. */
export function isLegId(channelId: string): boolean {
  return channelId.startsWith(LEG_ID_PREFIX);
}

/** Caller ID as Asterisk takes it, `"name" <number>` (the name defaults to the number). */
export function callerIdFor(number: string, name: string = number): string {
  return `"${name}" <${number}>`;
}

/** The marker in a leg's app args that tells the engine this channel is ours, not a citizen's call. */
export const LEG_TAG = 'cagri-leg';

const FAILURE_BY_STATUS: Partial<Record<DialStatus, LegFailure>> = {
  BUSY: 'busy',
  NOANSWER: 'no-answer',
  CHANUNAVAIL: 'unavailable',
  CONGESTION: 'unavailable',
  CANCEL: 'hung-up',
};

export class OutboundLegs {
  private readonly legs = new Map<ChannelId, Leg>();
  // Asterisk bounds the dial itself; this guard covers a lost Dial event.
  private readonly guards: TimerSet<ChannelId>;

  constructor(
    private readonly port: TelephonyPort,
    clock: Clock,
    private readonly logger: Logger,
  ) {
    this.guards = new TimerSet(clock, (id) => this.fail(id, 'no-answer'));
  }

  /** Starts ringing `req.endpoint`; returns the leg's channel id at once. */
  ring(req: LegRequest, listener: LegListener): ChannelId {
    const id = ChannelId(`${LEG_ID_PREFIX}${randomUUID()}`);
    const leg: Leg = {
      id,
      req,
      listener,
      created: false,
      entered: false,
      dialled: false,
      answered: false,
      finished: false,
    };
    this.legs.set(id, leg);
    this.guards.start(id, (req.timeoutSec + 10) * 1000);
    this.port
      .createChannel({
        channelId: id,
        endpoint: req.endpoint,
        appArgs: [LEG_TAG, ...req.purpose],
        callerId: req.callerId,
        variables: req.variables,
      })
      .then(() => {
        leg.created = true;
        this.maybeDial(leg);
      })
      .catch((err: unknown) => {
        const why: LegFailure =
          err instanceof TelephonyError && err.kind !== 'timeout' ? 'unavailable' : 'no-answer';
        // The dial string holds the citizen's number: masked, and so is the error that may repeat it.
        this.logger.warn(
          { reason: maskDialString(String(err)), legId: id, endpoint: maskDialString(req.endpoint) },
          'could not create outbound leg',
        );
        this.fail(id, why);
      });
    return id;
  }

  /** Hangs up a leg (cancel a ring, end a call); no listener callback follows. */
  hangup(id: ChannelId): void {
    const leg = this.legs.get(id);
    if (leg) this.finish(leg);
    this.port.hangup(id).catch(() => undefined);
  }

  owns(channelId: ChannelId): boolean {
    return this.legs.has(channelId);
  }

  get size(): number {
    return this.legs.size;
  }

  /** Feeds an event; returns true when it concerned one of our legs. */
  handle(event: TelephonyEvent): boolean {
    const channelId =
      'channelId' in event
        ? event.channelId
        : event.type === 'channel-entered'
          ? event.channel.id
          : undefined;
    if (!channelId) return false;
    const leg = this.legs.get(channelId);
    if (!leg) return false;
    switch (event.type) {
      case 'channel-entered':
        leg.entered = true;
        this.maybeDial(leg);
        break;
      case 'dial': {
        if (event.status === 'ANSWER') {
          if (leg.answered || leg.finished) break;
          leg.answered = true;
          this.guards.cancel(leg.id);
          leg.listener.answered(leg.id);
          break;
        }
        const why = event.status ? FAILURE_BY_STATUS[event.status] : undefined;
        if (why) {
          this.fail(leg.id, why);
          this.port.hangup(leg.id).catch(() => undefined);
        }
        break;
      }
      case 'channel-destroyed':
      case 'channel-left':
        if (leg.answered) {
          if (!leg.finished) {
            this.finish(leg);
            leg.listener.ended(leg.id);
          }
        } else if (event.type === 'channel-destroyed') {
          // StasisEnd comes first and carries no cause; ChannelDestroyed (always sent for legs we
          // created) says why the phone did not answer. The guard covers a lost event.
          const cause = event.cause;
          this.fail(leg.id, cause === 17 ? 'busy' : cause === 18 || cause === 19 ? 'no-answer' : 'hung-up');
        }
        if (event.type === 'channel-destroyed') this.legs.delete(leg.id);
        break;
      default:
        break;
    }
    return true;
  }

  private maybeDial(leg: Leg): void {
    if (!leg.created || !leg.entered || leg.dialled || leg.finished) return;
    leg.dialled = true;
    this.port.dial(leg.id, { timeoutSec: leg.req.timeoutSec }).catch((err: unknown) => {
      this.logger.warn({ reason: maskDialString(String(err)), legId: leg.id }, 'dial failed');
      this.fail(leg.id, 'unavailable');
      this.port.hangup(leg.id).catch(() => undefined);
    });
  }

  private fail(id: ChannelId, why: LegFailure): void {
    const leg = this.legs.get(id);
    if (!leg || leg.finished || leg.answered) return;
    this.finish(leg);
    leg.listener.failed(id, why);
  }

  private finish(leg: Leg): void {
    leg.finished = true;
    this.guards.cancel(leg.id);
    // Keep the entry until the channel is destroyed so late events are still recognised as ours.
    if (!leg.created) this.legs.delete(leg.id);
  }
}
