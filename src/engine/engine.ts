// The engine's switchboard: every telephony event goes to whoever owns that channel — a citizen's
// call controller, or an outbound leg (operator, duty, callback). New inbound channels become calls.
import { randomUUID } from 'node:crypto';
import type { CallRepository } from '../db/call-repository.ts';
import type { Clock } from '../domain/clock.ts';
import { CallId, type ChannelId } from '../domain/ids.ts';
import type { DurableWrites } from '../durability/durable-writes.ts';
import type { Logger } from '../log/logger.ts';
import type { SurveyAnswerSink } from '../survey/survey-recorder.ts';
import type { ChannelInfo, TelephonyEvent, TelephonyPort } from '../telephony/telephony-port.ts';
import { CallController } from './call-controller.ts';
import { trunkEndpoint } from './engine-parts.ts';
import type {
  AppealLookup,
  CallbackService,
  QueueCallbacks,
  QueueService,
  ReadoptedCaller,
} from './engine-services.ts';
import { callerIdFor, isLegId, LEG_TAG, type OutboundLegs } from './outbound-legs.ts';
import type { ServiceDirectory, ServiceRoute } from './service-directory.ts';
import type { TalkBridges } from './talk-bridges.ts';

/** The writes the engine makes on `calls` (CallRepository in production; the rehearsal keeps none). */
export type CallRecords = Pick<
  CallRepository,
  'insertStarted' | 'markAnswered' | 'markEnded' | 'setServiceAndLanguage'
>;

export interface EngineDeps {
  port: TelephonyPort;
  clock: Clock;
  logger: Logger;
  directory: ServiceDirectory;
  calls: CallRecords;
  writes: DurableWrites;
  legs: OutboundLegs;
  queue: QueueService;
  callbacks: CallbackService;
  talks: TalkBridges;
  /** Post-call survey answers (src/survey). */
  surveys?: SurveyAnswerSink;
  /** The appeal registry for the IVR status lookup (src/appeals). */
  appeals?: AppealLookup;
}

export class Engine {
  private readonly controllers = new Map<ChannelId, CallController>();
  private unsubscribe: (() => void) | undefined;
  private readonly endedListeners: Array<(callId: CallId, outcome: string) => void> = [];

  constructor(private readonly deps: EngineDeps) {}

  start(): void {
    this.unsubscribe = this.deps.port.onEvent((event) => {
      try {
        this.handle(event);
      } catch (err) {
        // One call's bug must not take the switchboard down with it.
        this.deps.logger.error({ err, event: event.type }, 'event handling failed');
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  get activeCalls(): number {
    return this.controllers.size;
  }

  /** Tests, the demo and metrics listen here. */
  onCallEnded(listener: (callId: CallId, outcome: string) => void): void {
    this.endedListeners.push(listener);
  }

  private handle(event: TelephonyEvent): void {
    const { logger, legs, queue } = this.deps;
    switch (event.type) {
      case 'connected':
        logger.info({ channels: event.channels.length, reconnect: event.reconnect }, 'connected to Asterisk');
        void this.reconcile(event.channels);
        return;
      case 'disconnected':
        logger.warn({ reason: event.reason }, 'lost the connection to Asterisk');
        return;
      case 'channel-entered':
        if (event.args[0] === LEG_TAG) {
          if (!legs.handle(event)) {
            logger.warn({ channelId: event.channel.id, args: event.args }, 'stray outbound leg; hanging up');
            this.deps.port.hangup(event.channel.id).catch(() => undefined);
          }
          return;
        }
        this.startCall(event.channel);
        return;
      case 'playback-started':
      case 'bridge-entered':
      case 'bridge-left':
        return;
      case 'playback-finished': {
        const controller = this.controllers.get(event.target.replace(/^channel:/, '') as ChannelId);
        if (controller?.ownsPlayback(event.playbackId))
          controller.playbackFinished(event.playbackId, event.failed);
        return;
      }
      default: {
        if (legs.handle(event) || queue.handle(event)) return;
        const controller = this.controllers.get(event.channelId);
        if (!controller) return;
        if (event.type === 'dtmf') controller.dtmf(event.digit);
        else if (event.type === 'hangup-requested') controller.hangupRequested();
        else if (event.type === 'channel-left' || event.type === 'channel-destroyed') {
          controller.callerGone();
          this.deps.talks.channelGone(event.channelId); // e.g. a transferred caller: drop the other side
        }
      }
    }
  }

  private startCall(channel: ChannelInfo, readopted = false): void {
    const { clock, logger, directory, writes, port } = this.deps;
    const callId = CallId(randomUUID());
    const log = logger.child({ callId, channelId: channel.id });
    const now = clock.now();
    const route = directory.route(channel.exten, now);
    writes.enqueue(callId, {
      type: 'call-started',
      callId,
      channelId: channel.id,
      serviceId: route?.service.id ?? null,
      callerNumber: channel.callerNumber,
      dialledNumber: channel.exten,
      language: route?.service.languages[0] ?? null,
      configVersion: route?.configVersion ?? null,
      at: now,
    });
    log.info(
      { callerNumber: channel.callerNumber, exten: channel.exten, readopted, live: route?.live },
      'call arrived',
    );
    if (!route) {
      log.warn({ exten: channel.exten }, 'no service on this number; rejecting');
      port.hangup(channel.id, 'congestion').catch(() => undefined);
      this.recordEnd(callId, 'engine-hangup', 'unknown-number');
      return;
    }
    const controller = this.newController(callId, channel, route, log);
    const answer = channel.state === 'Up' ? Promise.resolve() : port.answer(channel.id);
    answer
      .then(() => {
        writes.enqueue(callId, { type: 'call-answered', callId, at: clock.now() });
        controller.start();
      })
      .catch((err: unknown) => {
        log.warn({ err }, 'could not answer the call; hanging up rather than leaving it in silence');
        port.hangup(channel.id).catch(() => undefined);
        controller.callerGone('answer-failed');
      });
  }

  private newController(
    callId: CallId,
    channel: ChannelInfo,
    route: ServiceRoute,
    log: Logger,
  ): CallController {
    const { clock, logger, writes, port } = this.deps;
    const controller = new CallController(
      callId,
      channel.id,
      {
        callId,
        service: route.service,
        menus: route.menus,
        live: route.live,
        callerNumber: channel.callerNumber,
        checkCallbackNumber: route.checkCallbackNumber,
        queueCallbackKey: route.queueCallbackKey,
        timezone: route.timezone,
      },
      route.queueId,
      {
        port,
        clock,
        logger,
        queue: this.deps.queue,
        callbacks: this.deps.callbacks,
        onEnded: (id, cause, outcome) => {
          this.controllers.delete(channel.id);
          this.recordEnd(id, cause, outcome);
        },
        transfer: (id, channelId, destination, callerNumber) =>
          this.transfer(id, channelId, destination, callerNumber),
        onLanguage: (id, language) => writes.enqueue(id, { type: 'call-language', callId: id, language }),
        ...(route.liveAt && { liveAt: route.liveAt }),
        ...(this.deps.surveys && { surveys: this.deps.surveys }),
        ...(this.deps.appeals && { appeals: this.deps.appeals }),
      },
      log,
    );
    this.controllers.set(channel.id, controller);
    return controller;
  }

  /** A caller who was waiting when the engine went down: their call continues, in the queue. */
  private adoptWaiting(caller: ReadoptedCaller): QueueCallbacks | undefined {
    const route = this.deps.directory.route(caller.channel.exten, this.deps.clock.now());
    if (!route) return undefined;
    const log = this.deps.logger.child({ callId: caller.callId, channelId: caller.channel.id });
    log.info({ urgent: caller.urgent }, 're-adopted a waiting caller with their call');
    return this.newController(caller.callId, caller.channel, route, log).resumeQueued(
      caller.language,
      caller.urgent,
    );
  }

  /** The caller stays on the line (hearing ringing via the trunk) until the other body answers. */
  private transfer(callId: CallId, channelId: ChannelId, destination: string, callerNumber: string): void {
    const { legs, talks, logger } = this.deps;
    legs.ring(
      {
        // A full endpoint (`PJSIP/108@trunk`) is dialled as given; a bare number goes out through the trunk.
        endpoint: destination.includes('/') ? destination : trunkEndpoint(destination),
        purpose: ['transfer', callId],
        timeoutSec: 45,
        callerId: callerIdFor(callerNumber),
      },
      {
        answered: (legId) => {
          talks.connect(channelId, legId, `transfer-${callId}`).catch((err: unknown) => {
            logger.warn({ err, callId }, 'transfer could not be bridged');
            legs.hangup(legId);
            this.transferFailed(channelId, 'not bridged');
          });
        },
        failed: (_legId, why) => {
          logger.info({ callId, why }, 'transfer not answered; back to the menu');
          this.transferFailed(channelId, why);
        },
        ended: (legId) => {
          talks.channelGone(legId);
        },
      },
    );
  }

  /** A failed transfer returns the caller to the menu (the session apologises); no session: hang up. */
  private transferFailed(channelId: ChannelId, why: string): void {
    const controller = this.controllers.get(channelId);
    if (controller) controller.transferFailed(why);
    else this.deps.port.hangup(channelId).catch(() => undefined);
  }

  private recordEnd(callId: CallId, cause: string, outcome: string): void {
    const { writes, clock } = this.deps;
    writes.enqueue(callId, { type: 'call-ended', callId, at: clock.now(), cause, outcome });
    for (const l of this.endedListeners) l(callId, outcome);
  }

  /**
   * After (re)connecting: channels we know but Asterisk no longer has ended while we were away;
   * channels Asterisk has but we do not know (we restarted) are re-adopted: callers who were
   * waiting go back to the queue with their place, other callers start the menu again, and
   * stray outbound legs are hung up.
   */
  private async reconcile(channels: ChannelInfo[]): Promise<void> {
    const present = new Set(channels.map((c) => c.id));
    for (const [channelId, controller] of this.controllers) {
      if (!present.has(channelId)) controller.callerGone('lost-while-disconnected');
    }
    const unknown = channels.filter((c) => !this.controllers.has(c.id) && !this.deps.legs.owns(c.id));
    if (unknown.length === 0) return;
    const adopted = await this.deps.queue.readopt(unknown, (caller) => this.adoptWaiting(caller));
    for (const channel of unknown) {
      if (adopted.has(channel.id)) continue;
      if (isLegId(channel.id)) {
        this.deps.port.hangup(channel.id).catch(() => undefined);
        continue;
      }
      this.startCall(channel, true);
    }
  }
}
