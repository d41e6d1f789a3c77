// The queue at the edges: runs the pure queue machine (src/queue) on the injected clock and
// carries out its commands — callers wait with music on hold, operators' phones are
// rung through outbound legs, answered calls are bridged, and every lost call, escalation and
// operator change reaches Postgres.

import type { QueueRepository } from '../db/queue-repository.ts';
import type { Clock } from '../domain/clock.ts';
import { type CallbackId, type CallId, type ChannelId, type OperatorId, ServiceId } from '../domain/ids.ts';
import type { DurableWrites } from '../durability/durable-writes.ts';
import { isLadderCommand, LadderLegs } from '../escalation/ladder-legs.ts';
import type { Logger } from '../log/logger.ts';
import {
  type AdminCommand,
  offerCallbackInstead,
  operatorDisplay,
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
import { isAnswererCommand, runAnswererCommand } from './answerer-commands.ts';
import { AnswererLegs } from './answerer-legs.ts';
import type {
  CallbackService,
  QueueCallbacks,
  QueuedCaller,
  QueueService,
  ReadoptedCaller,
} from './engine-services.ts';
import { LiveServiceHeartbeat } from './live-service-heartbeat.ts';
import { OperatorEvents } from './operator-events.ts';
import type { OutboundLegs } from './outbound-legs.ts';
import type { CallerLink } from './queue-caller-link.ts';
import { QueueConnections } from './queue-connections.ts';
import { QueueHolding } from './queue-holding.ts';
import { type QueueInput, readoptWaiting } from './queue-readoption.ts';
import { isRecordCommand, QueueRecords } from './queue-records.ts';
import { restoreQueueState } from './queue-restore.ts';
import { ServiceQueues } from './service-queues.ts';
import type { TalkBridges } from './talk-bridges.ts';
import { TimerSet } from './timer-set.ts';

export interface QueueRuntimeDeps {
  port: TelephonyPort;
  clock: Clock;
  logger: Logger;
  repo: QueueRepository;
  writes: DurableWrites;
  legs: OutboundLegs;
  talks: TalkBridges;
  /** Set after construction: the callbacks service and the queue need each other. */
  callbacks?: CallbackService;
}

type Grant = (operator: { operatorId: OperatorId; endpoint: string; ringTimeoutSec: number }) => void;

export class QueueRuntime implements QueueService {
  private state: QueueState;
  private readonly callers = new Map<CallId, CallerLink>();
  private readonly answerers: AnswererLegs;
  private readonly grants = new Map<CallbackId, Grant>();
  private readonly holding: QueueHolding;
  /** Callers re-adopted after a restart: no call controller follows their channel, we do. */
  private readonly adopted = new Map<ChannelId, CallId>();
  private readonly timers: TimerSet<string>;
  private readonly heartbeat: LiveServiceHeartbeat;
  private readonly records: QueueRecords;
  private readonly connections: QueueConnections;
  /** The urgent escalation ladder's phones (src/escalation). */
  readonly ladder: LadderLegs;
  /** Calls and callbacks given to operators and their state changes, for the operator desk. */
  readonly operatorEvents = new OperatorEvents((err, e) =>
    this.deps.logger.error({ err, event: e.type }, 'operator event listener failed'),
  );

  private constructor(
    private readonly deps: QueueRuntimeDeps,
    private readonly config: QueuesFile,
    initial: QueueState,
  ) {
    this.state = initial;
    this.records = new QueueRecords(deps);
    this.serviceQueues = new ServiceQueues(config.queues[0]?.id);
    this.holding = new QueueHolding(deps.port, deps.logger);
    this.answerers = new AnswererLegs(deps.legs);
    this.ladder = new LadderLegs({
      answerers: this.answerers,
      writes: deps.writes,
      clock: deps.clock,
      logger: deps.logger,
      dispatch: (event) => this.dispatch(event),
      escalationOf: (callId) => this.callers.get(callId)?.escalationId,
      display: (callId) => operatorDisplay(this.state.waiting.get(callId)),
      ended: (callId, leg) => this.connections.otherSideEnded(callId, leg),
    });
    this.connections = new QueueConnections({
      ...deps,
      callers: this.callers,
      adopted: this.adopted,
      holding: this.holding,
      records: this.records,
      ladder: this.ladder,
      operatorEvents: this.operatorEvents,
      callbackService: () => this.deps.callbacks,
      connectedOperator: (callId) => this.state.connected.get(callId)?.operatorId,
      dispatch: (event) => this.dispatch(event),
    });
    this.timers = new TimerSet(deps.clock, (timerId) => this.dispatch({ type: 'timer', timerId }));
    this.heartbeat = new LiveServiceHeartbeat(deps.clock, deps.writes);
    this.heartbeat.start();
    this.unwatchAri = deps.port.onEvent((e) => {
      if (e.type === 'disconnected') this.ariLostAt = deps.clock.now();
    });
  }

  /** Wall ms of the last lost connection to Asterisk. */
  private ariLostAt: number | undefined;
  private readonly unwatchAri: () => void;

  /** Restores operators' presence and this week's service time from Postgres. */
  static async create(
    deps: QueueRuntimeDeps,
    config: QueuesFile,
    timeZone: string,
    queueZones?: ReadonlyMap<string, string>,
  ): Promise<QueueRuntime> {
    return new QueueRuntime(deps, config, await restoreQueueState(deps, config, timeZone, queueZones));
  }

  /** The callbacks service and the queue need each other; this closes the loop. */
  attachCallbacks(callbacks: CallbackService): void {
    this.deps.callbacks = callbacks;
  }

  /** Stops the queue's timers (engine shutdown); Postgres keeps who was waiting. */
  close(): void {
    this.timers.cancelAll();
    this.heartbeat.stop();
    this.unwatchAri();
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
    if (events.unavailable && offerCallbackInstead(this.state, QueueId(caller.queueId), caller.urgent)) {
      this.deps.logger.info({ callId: caller.callId }, 'nobody logged in: the caller is offered a callback');
      events.unavailable(caller.callId);
      return;
    }
    this.callers.set(caller.callId, {
      channelId: caller.channelId,
      serviceId: caller.serviceId,
      language: caller.language,
      events,
      callerNumber: caller.callerNumber,
      caller,
    });
    this.holding.enter(caller.queueId, caller.callId, caller.channelId);
    const { callId, language, urgent, callerNumber, reason, menuPath, collected } = caller;
    this.dispatch({
      type: 'caller-joined',
      callId,
      queueId: QueueId(caller.queueId),
      language,
      urgent,
      callerNumber,
      choice: { reason, menuPath, collected },
    });
  }

  callerGone(callId: CallId, opts: { lostWhileDisconnected?: boolean } = {}): void {
    const link = this.callers.get(callId);
    const connected = this.state.connected.get(callId);
    if (connected && link) {
      this.deps.talks.channelGone(link.channelId);
      this.dispatch({ type: 'call-ended', callId, operatorId: connected.operatorId });
    } else if (this.state.waiting.has(callId)) {
      // Time while ARI was down is not waiting we can vouch for: the wait ends at the loss.
      const at = opts.lostWhileDisconnected ? this.ariLostAt : undefined;
      this.dispatch({ type: 'caller-hung-up', callId, ...(at !== undefined && { hungUpWall: at }) });
    }
    this.callers.delete(callId);
  }

  leave(callId: CallId, reason: string): void {
    const link = this.callers.get(callId);
    // Which queue, asked before the machine forgets the caller.
    const queueId = this.state.waiting.get(callId)?.queueId ?? this.state.connected.get(callId)?.queueId;
    this.dispatch({ type: 'caller-left', callId, reason });
    if (link) void this.holding.leave(queueId, callId, link.channelId);
    this.callers.delete(callId);
  }

  /** Callers re-adopted without a call of their own (service gone from the config); legs: OutboundLegs. */
  handle(event: TelephonyEvent): boolean {
    if (!('channelId' in event)) return false;
    const callId = this.adopted.get(event.channelId);
    if (!callId) return false;
    if (event.type === 'channel-left' || event.type === 'channel-destroyed') {
      this.adopted.delete(event.channelId);
      this.callerGone(callId);
    }
    return true; // without a menu, their keys go nowhere
  }

  readopt(
    channels: ChannelInfo[],
    adopt: (caller: ReadoptedCaller) => QueueCallbacks | undefined,
  ): Promise<Set<ChannelId>> {
    return readoptWaiting(
      {
        repo: this.deps.repo,
        logger: this.deps.logger,
        now: () => this.deps.clock.now(),
        // After a mere reconnect, callers this process still serves are waiting as before.
        knows: (callId) => this.callers.has(callId) || this.state.waiting.has(callId),
        queueOf: (serviceId) => this.serviceQueues.queueOf(serviceId),
        link: (callId, link) => this.callers.set(callId, link),
        unlink: (callId) => this.callers.delete(callId),
        follow: (channelId, callId) => this.adopted.set(channelId, callId),
        enterHolding: (queueId, callId, channelId) => this.holding.enter(queueId, callId, channelId),
        dispatch: (event) => this.dispatch(event),
      },
      channels,
      adopt,
    );
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

  /** Live hours ended for a service of this queue (src/engine/closing-watch.ts). */
  hoursEnded(queueId: string): void {
    this.dispatch({ type: 'hours-ended', queueId: QueueId(queueId) });
  }

  /** Feeds the machine; returns the machine's refusal reason, if any. */
  private dispatch(event: QueueInput): string | undefined {
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
    for (const listener of this.changeListeners) {
      try {
        listener();
      } catch (err) {
        this.deps.logger.error({ err }, 'queue change listener failed');
      }
    }
    return undefined;
  }

  private readonly changeListeners = new Set<() => void>();

  /** After every event the queue accepted (a caller joined or left, an operator changed): the wallboard. */
  onChanged(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Counts since start, for the metrics: lost calls and short abandons apart, escalations. */
  get tally() {
    return this.records.tally;
  }

  /** Each caller leaving the queue: how (connected, lost, abandoned, left) and after how long. */
  onCallerLeft(listener: (outcome: string, waitedMs: number) => void): void {
    this.records.leftListeners.push(listener);
  }

  private run(c: QueueCommand): void {
    // For the operator desk (`live` rides along); the record is written below as before.
    if (c.type === 'operator-state-changed') this.operatorEvents.emit({ ...c, type: 'state-changed' });
    if (isLadderCommand(c)) {
      this.ladder.run(c);
      return;
    }
    if (isAnswererCommand(c)) {
      runAnswererCommand(c, {
        answerers: this.answerers,
        state: () => this.state,
        dispatch: (event) => this.dispatch(event),
        connect: (...args) => this.connections.connect(...args),
        ended: (...args) => this.connections.otherSideEnded(...args),
      });
      return;
    }
    if (isRecordCommand(c)) {
      const link = 'callId' in c ? this.callers.get(c.callId) : undefined;
      const serviceId =
        link?.serviceId ?? ('queueId' in c ? this.serviceQueues.serviceOf(c.queueId) : ServiceId(''));
      this.records.run(c, { serviceId, ...(link ? { channelId: link.channelId } : {}) });
      return;
    }
    switch (c.type) {
      case 'announce-position': {
        const link = this.callers.get(c.callId);
        if (link) this.holding.announce({ ...c, channelId: link.channelId, language: link.language });
        return;
      }
      case 'start-timer':
        this.timers.start(c.timerId, c.ms);
        return;
      case 'cancel-timer':
        this.timers.cancel(c.timerId);
        return;
      case 'offer-callback': {
        // Closing time: off hold and into the call's callback offer.
        const link = this.callers.get(c.callId);
        this.callers.delete(c.callId);
        if (link) void this.holding.leave(c.queueId, c.callId, link.channelId);
        if (link?.events.unavailable) link.events.unavailable(c.callId);
        else link?.events.finished(c.callId);
        return;
      }
      case 'escalate': {
        const link = this.callers.get(c.callId);
        const escalationId = this.records.escalate(
          c,
          link?.serviceId ?? this.serviceQueues.serviceOf(c.queueId),
        );
        if (link) Object.assign(link, { escalationId, escalatedAt: c.at });
        return;
      }
      case 'grant-callback': {
        const grant = this.grants.get(c.callbackId);
        this.grants.delete(c.callbackId);
        const op = this.config.operators.find((o) => o.id === c.operatorId);
        // Rung with the ring timeout of the queue the callback was granted for.
        const held = this.state.callbacks.get(c.callbackId);
        const queue = this.config.queues.find((q) => q.id === held?.queueId) ?? this.config.queues[0];
        if (grant && op) {
          grant({
            operatorId: c.operatorId,
            endpoint: op.endpoint,
            ringTimeoutSec: queue?.ringTimeoutSec ?? 15,
          });
          const at = this.deps.clock.now();
          this.operatorEvents.emit({
            type: 'callback-granted',
            operatorId: c.operatorId,
            callbackId: c.callbackId,
            at,
          });
        }
        return;
      }
    }
  }

  /** service id → queue id, from services.yaml (filled by the wiring). */
  readonly serviceQueues: ServiceQueues;
}
