// The queue at the edges: runs the pure queue machine (src/queue) on the injected clock and
// carries out its commands — callers wait in a holding bridge with music, operators' phones are
// rung through outbound legs, answered calls are bridged, and every lost call, escalation and
// operator change reaches Postgres.

import type { QueueRepository } from '../db/queue-repository.ts';
import type { Clock } from '../domain/clock.ts';
import {
  BridgeId,
  type CallbackId,
  type CallId,
  type ChannelId,
  type OperatorId,
  PlaybackId,
  ServiceId,
} from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import {
  type AdminCommand,
  createQueueState,
  type QueueCommand,
  type QueueEvent,
  QueueId,
  type QueueSnapshot,
  type QueueState,
  type QueuesFile,
  snapshot,
  step,
} from '../queue/index.ts';
import type { ChannelInfo, TelephonyEvent, TelephonyPort } from '../telephony/telephony-port.ts';
import type { CallbackService, QueueCallbacks, QueuedCaller, QueueService } from './engine-services.ts';
import type { EscalationNotifier } from './escalation-notifier.ts';
import type { LegListener, OutboundLegs } from './outbound-legs.ts';
import { QueueRecords } from './queue-records.ts';
import type { TalkBridges } from './talk-bridges.ts';
import { TimerSet } from './timer-set.ts';
import type { WriteBehind } from './write-behind.ts';

export interface QueueRuntimeDeps {
  port: TelephonyPort;
  clock: Clock;
  logger: Logger;
  repo: QueueRepository;
  writes: WriteBehind;
  legs: OutboundLegs;
  talks: TalkBridges;
  notifier: EscalationNotifier;
  /** Set after construction: the callbacks service and the queue need each other. */
  callbacks?: CallbackService;
}

interface CallerLink {
  channelId: ChannelId;
  serviceId: ServiceId;
  language: string;
  events: QueueCallbacks;
  escalationId?: string;
}

type Grant = (operator: { operatorId: OperatorId; endpoint: string; ringTimeoutSec: number }) => void;

export class QueueRuntime implements QueueService {
  private state: QueueState;
  private readonly callers = new Map<CallId, CallerLink>();
  private readonly rings = new Map<string, ChannelId>();
  private readonly duty = new Map<CallId, ChannelId>();
  private readonly grants = new Map<CallbackId, Grant>();
  private readonly holding = new Map<string, Promise<BridgeId>>();
  private readonly timers: TimerSet<string>;
  private announcements = 0;
  private readonly records: QueueRecords;

  private constructor(
    private readonly deps: QueueRuntimeDeps,
    private readonly config: QueuesFile,
    initial: QueueState,
  ) {
    this.state = initial;
    this.records = new QueueRecords(deps);
    this.timers = new TimerSet(deps.clock, (timerId) => this.dispatch({ type: 'timer', timerId }));
  }

  /** Restores operators' presence and this week's service time from Postgres. */
  static async create(deps: QueueRuntimeDeps, config: QueuesFile, timeZone: string): Promise<QueueRuntime> {
    const now = deps.clock.now();
    const [states, intervals] = await Promise.all([
      deps.repo.operatorStates(),
      deps.repo.liveIntervalsSince(now - 8 * 24 * 3600_000),
    ]);
    const restorable = (s: string): s is 'offline' | 'available' | 'paused' =>
      s === 'offline' || s === 'available' || s === 'paused';
    const state = createQueueState({
      config,
      timeZone,
      now,
      mono: deps.clock.monotonic(),
      operators: states.map((s) => ({
        operatorId: s.operatorId,
        state: restorable(s.state) ? s.state : 'available',
        ...(s.reason ? { reason: s.reason } : {}),
        since: s.since,
      })),
      liveIntervals: intervals,
    });
    return new QueueRuntime(deps, config, state);
  }

  /** The callbacks service and the queue need each other; this closes the loop. */
  attachCallbacks(callbacks: CallbackService): void {
    this.deps.callbacks = callbacks;
  }

  snapshot(): QueueSnapshot {
    return snapshot(this.state, this.deps.clock.now(), this.deps.clock.monotonic());
  }

  /** Admin API: log in, log out, pause, unpause. Returns a reason when refused. */
  operatorCommand(
    operatorId: OperatorId,
    command: AdminCommand,
  ): { ok: true } | { ok: false; reason: string } {
    const error = this.dispatch({ type: 'operator-command', operatorId, command });
    return error ? { ok: false, reason: error } : { ok: true };
  }

  join(caller: QueuedCaller, events: QueueCallbacks): void {
    this.callers.set(caller.callId, {
      channelId: caller.channelId,
      serviceId: caller.serviceId,
      language: caller.language,
      events,
    });
    this.enterHolding(caller.queueId, caller.channelId);
    this.dispatch({
      type: 'caller-joined',
      callId: caller.callId,
      queueId: QueueId(caller.queueId),
      language: caller.language,
      urgent: caller.urgent,
      callerNumber: caller.callerNumber,
    });
  }

  callerGone(callId: CallId): void {
    const link = this.callers.get(callId);
    const connected = this.state.connected.get(callId);
    if (connected && link) {
      this.deps.talks.channelGone(link.channelId);
      this.dispatch({ type: 'call-ended', callId, operatorId: connected.operatorId });
    } else if (this.state.waiting.has(callId)) {
      this.dispatch({ type: 'caller-hung-up', callId });
    }
    this.callers.delete(callId);
  }

  leave(callId: CallId, reason: string): void {
    const link = this.callers.get(callId);
    this.dispatch({ type: 'caller-left', callId, reason });
    if (link) {
      const queueId = this.queueOfCaller(callId);
      const bridge = queueId ? this.holding.get(queueId) : undefined;
      void bridge?.then((b) => this.deps.port.removeFromBridge(b, link.channelId)).catch(() => undefined);
    }
    this.callers.delete(callId);
  }

  handle(_event: TelephonyEvent): boolean {
    return false; // operator and duty legs are followed through OutboundLegs
  }

  async readopt(
    channels: ChannelInfo[],
    events: (callId: CallId) => QueueCallbacks,
  ): Promise<Set<ChannelId>> {
    const adopted = new Set<ChannelId>();
    const present = new Map(channels.map((c) => [c.id as string, c] as const));
    const entries = await this.deps.repo.waitingEntries();
    const now = this.deps.clock.now();
    const mono = this.deps.clock.monotonic();
    for (const e of entries) {
      const channel = present.get(e.channelId);
      const queueId = this.queueOfService(e.serviceId);
      if (!queueId) continue;
      const base = {
        callId: e.callId,
        queueId: QueueId(queueId),
        language: e.language,
        urgent: e.urgent,
        callerNumber: e.callerNumber,
      };
      const joined = { joinedWall: e.joinedAt, joinedMono: mono - (now - e.joinedAt) };
      if (channel) {
        adopted.add(channel.id);
        this.callers.set(e.callId, {
          channelId: channel.id,
          serviceId: ServiceId(e.serviceId),
          language: e.language,
          events: events(e.callId),
        });
        this.enterHolding(queueId, channel.id);
        this.dispatch({ type: 'caller-joined', ...base, ...joined });
        this.deps.logger.info(
          { callId: e.callId, waitedMs: now - e.joinedAt },
          're-adopted a waiting caller',
        );
      } else {
        // Hung up while we were away: judged by the same rule, from the persisted joining time.
        this.callers.set(e.callId, {
          channelId: e.channelId as ChannelId,
          serviceId: ServiceId(e.serviceId),
          language: e.language,
          events: events(e.callId),
        });
        this.dispatch({ type: 'caller-joined', ...base, ...joined });
        this.dispatch({ type: 'caller-hung-up', callId: e.callId, hungUpWall: now });
        this.callers.delete(e.callId);
      }
    }
    return adopted;
  }

  requestCallbackOperator(
    req: { callbackId: CallbackId; queueId: string; language: string },
    granted: Grant,
  ): void {
    this.grants.set(req.callbackId, granted);
    this.dispatch({
      type: 'callback-request',
      callbackId: req.callbackId,
      queueId: QueueId(req.queueId),
      language: req.language,
    });
  }

  withdrawCallback(callbackId: CallbackId): void {
    this.grants.delete(callbackId);
    this.dispatch({ type: 'callback-withdrawn', callbackId });
  }

  callbackDone(callbackId: CallbackId, operatorId: OperatorId, operatorAnswered: boolean): void {
    this.dispatch({ type: 'callback-done', callbackId, operatorId, operatorAnswered });
  }

  /** Feeds the machine; returns the machine's refusal reason, if any. */
  private dispatch(event: DistributiveOmit<QueueEvent, 'now' | 'mono'>): string | undefined {
    const full = { ...event, now: this.deps.clock.now(), mono: this.deps.clock.monotonic() } as QueueEvent;
    const result = step(this.state, full);
    if (result.error) {
      this.deps.logger.debug({ event: event.type, error: result.error }, 'queue refused event');
      return result.error.reason;
    }
    this.state = result.state;
    for (const command of result.commands) {
      try {
        this.run(command);
      } catch (err) {
        this.deps.logger.error({ err, command: command.type }, 'queue command failed');
      }
    }
    return undefined;
  }

  private run(c: QueueCommand): void {
    const { port, legs, writes, repo, logger } = this.deps;
    switch (c.type) {
      case 'ring-operator': {
        const link = this.callers.get(c.callId);
        const key = ringKey(c.callId, c.operatorId);
        const listener: LegListener = {
          answered: () => this.dispatch({ type: 'leg-answered', callId: c.callId, operatorId: c.operatorId }),
          failed: (_leg, status) => {
            this.rings.delete(key);
            this.dispatch({ type: 'leg-failed', callId: c.callId, operatorId: c.operatorId, status });
          },
          ended: (leg) => this.otherSideEnded(c.callId, leg, c.operatorId),
        };
        const number = link ? this.callerNumberOf(c.callId) : '';
        const legId = legs.ring(
          {
            endpoint: c.endpoint,
            purpose: ['operator', c.callId, c.operatorId],
            timeoutSec: c.timeoutSec,
            callerId: number ? `"${number}" <${number}>` : undefined,
          },
          listener,
        );
        this.rings.set(key, legId);
        return;
      }
      case 'cancel-ring': {
        const key = ringKey(c.callId, c.operatorId);
        const legId = this.rings.get(key);
        this.rings.delete(key);
        if (legId) legs.hangup(legId);
        return;
      }
      case 'bridge':
        this.connect(c.callId, this.rings.get(ringKey(c.callId, c.operatorId)), c.operatorId);
        return;
      case 'bridge-duty':
        this.connect(c.callId, this.duty.get(c.callId), 'duty');
        return;
      case 'announce-position': {
        const link = this.callers.get(c.callId);
        if (!link) return;
        const lang = link.language;
        const media = [`sound:cagri/${lang}/queue-position`, `number:${c.position}`];
        if (c.estimatedWaitSec !== undefined) {
          media.push(
            `sound:cagri/${lang}/queue-estimated-wait`,
            `number:${Math.max(1, Math.ceil(c.estimatedWaitSec / 60))}`,
            `sound:cagri/${lang}/minutes`,
          );
        }
        port
          .play(link.channelId, PlaybackId(`${c.callId}:q${++this.announcements}`), media, lang)
          .catch(() => undefined);
        return;
      }
      case 'start-timer':
        this.timers.start(c.timerId, c.ms);
        return;
      case 'cancel-timer':
        this.timers.cancel(c.timerId);
        return;
      case 'record-lost-call': {
        const link = this.callers.get(c.callId);
        this.records.lostCall(c, link?.serviceId ?? this.serviceIdOfQueue(c.queueId));
        return;
      }
      case 'record-short-abandon':
        logger.info(
          { callId: c.callId, waitedMs: c.waitedMs, position: c.position },
          'short abandon (no callback)',
        );
        return;
      case 'escalate': {
        const link = this.callers.get(c.callId);
        const escalationId = this.records.escalate(c, link?.serviceId ?? this.serviceIdOfQueue(c.queueId));
        if (link) link.escalationId = escalationId;
        return;
      }
      case 'ring-duty': {
        const legId = legs.ring(
          { endpoint: c.endpoint, purpose: ['duty', c.callId], timeoutSec: 60 },
          {
            answered: () => this.dispatch({ type: 'duty-answered', callId: c.callId }),
            failed: () => {
              this.duty.delete(c.callId);
              this.dispatch({ type: 'duty-failed', callId: c.callId });
            },
            ended: (leg) => this.otherSideEnded(c.callId, leg),
          },
        );
        this.duty.set(c.callId, legId);
        const esc = this.callers.get(c.callId)?.escalationId;
        if (esc) this.records.escalationUpdate(c.callId, esc, { dutyRungAt: this.deps.clock.now() });
        return;
      }
      case 'cancel-duty': {
        const legId = this.duty.get(c.callId);
        this.duty.delete(c.callId);
        if (legId) legs.hangup(legId);
        return;
      }
      case 'operator-state-changed': {
        const persisted = c.to === 'offline' || c.to === 'paused' ? c.to : 'available';
        writes.enqueue(`op:${c.operatorId}`, 'operator state', async () => {
          await repo.saveOperatorState(c.operatorId, persisted, c.to === 'paused' ? c.reason : null, c.at);
          if (c.live === 'started') await repo.openLiveInterval(c.operatorId, c.at);
          if (c.live === 'ended') await repo.closeLiveInterval(c.operatorId, c.at);
        });
        logger.info(
          { operatorId: c.operatorId, from: c.from, to: c.to, reason: c.reason },
          'operator state changed',
        );
        return;
      }
      case 'grant-callback': {
        const grant = this.grants.get(c.callbackId);
        this.grants.delete(c.callbackId);
        const op = this.config.operators.find((o) => o.id === c.operatorId);
        const queue = this.config.queues[0];
        if (grant && op)
          grant({
            operatorId: c.operatorId,
            endpoint: op.endpoint,
            ringTimeoutSec: queue?.ringTimeoutSec ?? 15,
          });
        return;
      }
      case 'persist-entry': {
        const link = this.callers.get(c.callId);
        if (!link) return;
        writes.enqueue(c.callId, 'queue entry', () =>
          repo.upsertWaiting({
            callId: c.callId,
            serviceId: link.serviceId,
            channelId: link.channelId,
            callerNumber: c.callerNumber,
            language: c.language,
            urgent: c.urgent,
            joinedAt: c.joinedAt,
          }),
        );
        return;
      }
      case 'remove-entry':
        writes.enqueue(c.callId, 'queue entry closed', () =>
          repo.closeEntry(c.callId, c.outcome, c.at, c.operatorId),
        );
        return;
    }
  }

  private connect(callId: CallId, legId: ChannelId | undefined, who: string): void {
    const link = this.callers.get(callId);
    if (!link || !legId) return;
    this.deps.talks
      .connect(link.channelId, legId, `talk-${callId}`)
      .then(() => {
        link.events.connected(callId, who);
        if (link.escalationId) {
          this.records.escalationUpdate(callId, link.escalationId, {
            answeredAt: this.deps.clock.now(),
            answeredBy: who,
          });
        }
      })
      .catch((err: unknown) => {
        this.deps.logger.warn({ err, callId, who }, 'could not bridge caller and answerer');
        this.deps.legs.hangup(legId);
      });
  }

  /** The operator (or duty) side hung up after answering: the conversation is over. */
  private otherSideEnded(callId: CallId, legId: ChannelId, operatorId?: OperatorId): void {
    const link = this.callers.get(callId);
    this.deps.talks.channelGone(legId);
    const connected = this.state.connected.get(callId);
    if (operatorId && connected?.operatorId === operatorId)
      this.dispatch({ type: 'operator-hung-up', callId, operatorId });
    this.callers.delete(callId);
    link?.events.finished(callId);
  }

  private enterHolding(queueId: string, channelId: ChannelId): void {
    let bridge = this.holding.get(queueId);
    if (!bridge) {
      const id = BridgeId(`queue-${queueId}`);
      bridge = this.deps.port
        .createBridge(id, 'holding', `queue-${queueId}`)
        .catch(() => undefined) // it may exist from before a restart
        .then(() => this.deps.port.startBridgeMoh(id, 'default').catch(() => undefined))
        .then(() => id);
      this.holding.set(queueId, bridge);
    }
    bridge
      .then((id) => this.deps.port.addToBridge(id, [channelId]))
      .catch((err: unknown) => {
        this.deps.logger.warn({ err, channelId }, 'could not put the caller on hold; playing music instead');
        this.deps.port.startMoh(channelId).catch(() => undefined);
      });
  }

  private callerNumberOf(callId: CallId): string {
    return this.state.waiting.get(callId)?.callerNumber ?? '';
  }

  private queueOfCaller(callId: CallId): string | undefined {
    return this.state.waiting.get(callId)?.queueId ?? this.state.connected.get(callId)?.queueId;
  }

  private queueOfService(serviceId: string): string | undefined {
    return this.serviceQueues.get(serviceId) ?? this.config.queues[0]?.id;
  }

  private serviceIdOfQueue(queueId: string): ServiceId {
    for (const [service, queue] of this.serviceQueues) if (queue === queueId) return ServiceId(service);
    return ServiceId(queueId);
  }

  /** service id → queue id, from services.yaml (set by the wiring). */
  serviceQueues = new Map<string, string>();
}

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

function ringKey(callId: CallId, operatorId: OperatorId): string {
  return `${callId}/${operatorId}`;
}
