// The worker's job: make one attempt of a callback. Operator first — the queue grants one only
// when its rules allow (language kept, never ahead of live callers) — then, once the operator has
// answered, the citizen through the trunk with the hotline's short number as caller id, then a
// bridge. Every transition is written to Postgres before the engine acts on it, and the attempt
// row is claimed together with the move to `dialling`, so an attempt is dialled at most once.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServiceConfig } from '../config/services-config.ts';
import type { TimerHandle } from '../domain/clock.ts';
import type { CallbackId, ChannelId, OperatorId } from '../domain/ids.ts';
import type { QueueService } from '../engine/engine-services.ts';
import type { LegFailure, OutboundLegs } from '../engine/outbound-legs.ts';
import type { TalkBridges } from '../engine/talk-bridges.ts';
import type { Logger } from '../log/logger.ts';
import { gateJob } from './callback-job-gate.ts';
import { policyState } from './callback-record.ts';
import type { CallbackJob, JobOutcome } from './callback-scheduler.ts';
import { applyEvent, attemptFailed, type CallbackContext } from './callback-transitions.ts';
import { transition } from './policy/callback-lifecycle.ts';

export interface DiallerOptions {
  /** Dial string of the citizen through the outbound trunk: `{national}` / `{e164}` are filled in. */
  trunkDialTemplate: string;
  /** How long the citizen's phone rings before the attempt counts as no answer. */
  citizenRingSec: number;
  /** Operators rung (one after another, each not answering) before the attempt is given up. */
  maxOperatorRings: number;
  /** Names this process in callback_attempts.worker. */
  workerId: string;
}

const DEFAULT_DIALLER_OPTIONS: Omit<DiallerOptions, 'workerId'> = {
  trunkDialTemplate: 'PJSIP/{national}@trunk',
  citizenRingSec: 30,
  maxOperatorRings: 6,
};

/** A fresh id per dialler: a restarted engine is another worker, even in the same process. */
function newWorkerId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

export interface CallbackDiallerDeps extends CallbackContext {
  queue: Pick<QueueService, 'requestCallbackOperator' | 'withdrawCallback' | 'callbackDone'>;
  /** Who answers urgent callbacks first: the escalation ladder (src/escalation/ladder-grants.ts). */
  urgentAnswerers?: Pick<QueueService, 'requestCallbackOperator' | 'withdrawCallback' | 'callbackDone'>;
  legs: Pick<OutboundLegs, 'ring' | 'hangup'>;
  talks: Pick<TalkBridges, 'connect' | 'channelGone'>;
  /** Adds the job of the next attempt (the scheduler). */
  schedule(callbackId: string, attempt: number, dueAt: number): Promise<void>;
}

type Phase = 'waiting-operator' | 'ringing-operator' | 'ringing-citizen' | 'connecting' | 'talking' | 'over';

interface Grant {
  operatorId: OperatorId;
  endpoint: string;
  ringTimeoutSec: number;
}

/** One attempt in progress in this process. */
interface Attempt {
  id: CallbackId;
  attempt: number;
  service: ServiceConfig;
  language: string;
  national: string;
  e164: string;
  urgent: boolean;
  phase: Phase;
  /** Asked the queue and not granted yet (withdraw on the way out). */
  requested: boolean;
  held?: Grant;
  operatorRings: number;
  operatorLeg?: ChannelId;
  citizenLeg?: ChannelId;
  windowTimer?: TimerHandle;
  log: Logger;
}

const done = (note: string): JobOutcome => ({ kind: 'done', note });

/** Past `ringing-operator`, the operator has picked up: releasing them then counts as answered. */
const operatorHasAnswered = (phase: Phase): boolean =>
  phase === 'ringing-citizen' || phase === 'connecting' || phase === 'talking';

export class CallbackDialler {
  private readonly active = new Map<CallbackId, Attempt>();
  private readonly options: DiallerOptions;

  constructor(
    private readonly deps: CallbackDiallerDeps,
    options: Partial<DiallerOptions> = {},
  ) {
    this.options = { ...DEFAULT_DIALLER_OPTIONS, workerId: newWorkerId(), ...options };
  }

  /** Whether this process is making that attempt right now (the reconciler leaves it alone). */
  isActive(callbackId: string, attempt: number): boolean {
    return this.active.get(callbackId as CallbackId)?.attempt === attempt;
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** The job: start attempt `job.attempt` if it is still the one to make; idempotent. */
  async run(job: CallbackJob): Promise<JobOutcome> {
    const { repo, clock, logger } = this.deps;
    if (this.active.has(job.callbackId as CallbackId))
      return done('an attempt of this callback is in progress here');
    const log = logger.child({ callbackId: job.callbackId, attempt: job.attempt });
    const gate = await gateJob(this.deps, job, log);
    if (gate.kind === 'stop') return gate.outcome;
    const { cb, service, now } = gate;

    const started = transition(policyState(cb), { type: 'attempt-started' }, now);
    if (started.kind !== 'moved') {
      return done(`not started: ${started.kind === 'rejected' ? started.error : started.reason}`);
    }
    const a: Attempt = {
      id: cb.id,
      attempt: started.next.attempts,
      service,
      language: cb.language,
      national: gate.national,
      e164: gate.e164,
      urgent: cb.kind === 'urgent',
      phase: 'waiting-operator',
      requested: false,
      operatorRings: 0,
      log,
    };
    // Registered before the claim, so the reconciler never takes it for an abandoned attempt.
    this.active.set(cb.id, a);
    let claim: Awaited<ReturnType<typeof repo.startAttempt>>;
    try {
      claim = await repo.startAttempt(cb.id, cb, started, this.options.workerId);
    } catch (err) {
      this.active.delete(cb.id);
      throw err;
    }
    if (claim.kind !== 'started') {
      this.active.delete(cb.id);
      return done(
        claim.kind === 'already-claimed' ? 'attempt claimed elsewhere' : 'the callback changed meanwhile',
      );
    }
    if (a.phase === 'over') return done('attempt aborted as it started'); // cancelled meanwhile
    log.info({ service: service.id, kind: cb.kind }, 'callback attempt started');
    a.windowTimer = clock.setTimeout(() => this.windowClosed(a), cb.dueUntil - now);
    this.requestOperator(a);
    return done('attempt started');
  }

  /**
   * The callback was closed elsewhere (cancelled) while this process was making an attempt:
   * hang up its legs and release the operator. The closing write has already been made.
   */
  abort(callbackId: string, reason: string): boolean {
    const a = this.active.get(callbackId as CallbackId);
    if (!a || a.phase === 'talking') return false;
    a.log.info({ reason, phase: a.phase }, 'callback attempt aborted');
    this.hangupLegs(a);
    this.release(a, operatorHasAnswered(a.phase));
    this.forget(a);
    return true;
  }

  /** Stops following every attempt without touching Postgres (a worker going away; tests simulate a crash). */
  detachAll(): void {
    for (const a of this.active.values()) {
      a.phase = 'over';
      this.deps.clock.clearTimeout(a.windowTimer);
    }
    this.active.clear();
  }

  /** Operators through the queue; for an urgent callback, the escalation ladder (at any hour). */
  private answerers(a: Attempt) {
    return (a.urgent && this.deps.urgentAnswerers) || this.deps.queue;
  }

  private requestOperator(a: Attempt): void {
    a.phase = 'waiting-operator';
    a.requested = true;
    this.answerers(a).requestCallbackOperator(
      { callbackId: a.id, queueId: a.service.queue, language: a.language },
      (op) => this.granted(a, op),
    );
  }

  private granted(a: Attempt, op: Grant): void {
    a.requested = false;
    if (a.phase !== 'waiting-operator' || this.active.get(a.id) !== a) {
      this.answerers(a).callbackDone(a.id, op.operatorId, true);
      return;
    }
    a.held = op;
    a.phase = 'ringing-operator';
    a.operatorRings++;
    this.deps.repo
      .setOperator(a.id, op.operatorId, this.deps.clock.now())
      .catch((err: unknown) => a.log.warn({ err }, 'could not note the callback operator'));
    a.log.info({ operatorId: op.operatorId }, 'ringing an operator for the callback');
    a.operatorLeg = this.deps.legs.ring(
      {
        endpoint: op.endpoint,
        purpose: ['callback', a.id, 'operator'],
        timeoutSec: op.ringTimeoutSec,
        callerId: `"Callback" <${a.national}>`,
      },
      {
        answered: () => this.operatorAnswered(a),
        failed: (_leg, why) => this.operatorFailed(a, why),
        ended: (leg) => this.legEnded(a, 'operator', leg),
      },
    );
  }

  private operatorFailed(a: Attempt, why: LegFailure): void {
    if (a.phase !== 'ringing-operator' || !a.held) return;
    a.log.info({ operatorId: a.held.operatorId, why }, 'operator did not take the callback');
    this.answerers(a).callbackDone(a.id, a.held.operatorId, false);
    a.held = undefined;
    a.operatorLeg = undefined;
    if (a.operatorRings >= this.options.maxOperatorRings) {
      void this.fail(a, `no operator answered (${a.operatorRings} rung)`);
      return;
    }
    this.requestOperator(a); // the same attempt, another operator
  }

  private operatorAnswered(a: Attempt): void {
    if (a.phase !== 'ringing-operator') return;
    a.phase = 'ringing-citizen';
    const endpoint = this.options.trunkDialTemplate
      .replaceAll('{national}', a.national)
      .replaceAll('{e164}', a.e164);
    a.log.info({ operatorId: a.held?.operatorId }, 'operator answered; calling the citizen');
    a.citizenLeg = this.deps.legs.ring(
      {
        endpoint,
        purpose: ['callback', a.id, 'citizen'],
        timeoutSec: this.options.citizenRingSec,
        callerId: a.service.callerId,
      },
      {
        answered: () => void this.citizenAnswered(a),
        failed: (_leg, why) => this.citizenFailed(a, why),
        ended: (leg) => this.legEnded(a, 'citizen', leg),
      },
    );
  }

  private citizenFailed(a: Attempt, why: LegFailure): void {
    if (a.phase !== 'ringing-citizen') return;
    if (a.operatorLeg) this.deps.legs.hangup(a.operatorLeg);
    void this.fail(a, `citizen ${why}`);
  }

  private async citizenAnswered(a: Attempt): Promise<void> {
    if (a.phase !== 'ringing-citizen') return;
    a.phase = 'connecting';
    let r: Awaited<ReturnType<typeof applyEvent>>;
    try {
      r = await applyEvent(
        this.deps,
        a.id,
        { type: 'reached' },
        { attemptResult: 'reached', expect: { status: 'dialling', attempts: a.attempt } },
      );
    } catch (err) {
      a.log.error({ err }, 'could not record the callback as reached; hanging up');
      this.endAttempt(a);
      return;
    }
    if (r.kind !== 'moved') {
      a.log.warn({ result: r.kind }, 'the callback was closed while the citizen answered; hanging up');
      this.endAttempt(a);
      return;
    }
    if (a.phase !== 'connecting' || !a.operatorLeg || !a.citizenLeg) {
      this.endAttempt(a); // one side hung up while the record was written
      return;
    }
    try {
      await this.deps.talks.connect(a.operatorLeg, a.citizenLeg, `callback-${a.id}`);
    } catch (err) {
      a.log.error({ err }, 'could not bridge the operator and the citizen');
      this.endAttempt(a);
      return;
    }
    if (a.phase !== 'connecting') {
      this.endAttempt(a);
      return;
    }
    a.phase = 'talking';
    a.log.info({ operatorId: a.held?.operatorId }, 'callback reached: citizen bridged to the operator');
  }

  /** A leg that had answered hung up. */
  private legEnded(a: Attempt, side: 'operator' | 'citizen', leg: ChannelId): void {
    switch (a.phase) {
      case 'talking':
        // The bridge hangs up the other side; the operator is free after wrap-up.
        this.deps.talks.channelGone(leg);
        a.log.info({ side }, 'callback conversation ended');
        this.release(a, true);
        this.forget(a);
        return;
      case 'connecting':
        a.phase = 'over'; // citizenAnswered finishes the clean-up
        this.hangupLegs(a);
        return;
      case 'ringing-citizen':
        if (side === 'operator') {
          a.operatorLeg = undefined;
          if (a.citizenLeg) this.deps.legs.hangup(a.citizenLeg);
          void this.fail(a, 'operator hung up before the citizen answered');
        }
        return;
      default:
        return;
    }
  }

  private windowClosed(a: Attempt): void {
    if (a.phase !== 'waiting-operator' || this.active.get(a.id) !== a) return;
    void this.fail(a, 'no operator was free before the due window closed');
  }

  /** The attempt ended without reaching the citizen: record it, then schedule the next one. */
  private async fail(a: Attempt, outcome: string): Promise<void> {
    if (a.phase === 'over') return;
    const operatorAnswered = operatorHasAnswered(a.phase);
    a.phase = 'over';
    this.release(a, operatorAnswered);
    try {
      const r = await applyEvent(this.deps, a.id, (cb) => attemptFailed(this.deps, cb, outcome), {
        attemptResult: outcome,
        expect: { status: 'dialling', attempts: a.attempt },
      });
      if (r.kind !== 'moved') {
        a.log.warn({ result: r.kind, outcome }, 'failed attempt not recorded: the callback moved on');
        return;
      }
      const cb = r.callback;
      a.log.info({ outcome, status: cb.status, reason: r.audit.reason }, 'callback attempt failed');
      if (cb.status === 'scheduled') {
        await this.deps
          .schedule(cb.id, cb.attempts + 1, cb.nextAttemptAt)
          .catch((err: unknown) => a.log.warn({ err }, 'next attempt not queued; the reconciler will'));
      }
    } catch (err) {
      a.log.error({ err, outcome }, 'could not record the failed attempt; the reconciler will close it');
    } finally {
      this.forget(a);
    }
  }

  /** Ends an attempt whose citizen had answered (the operator had, too). */
  private endAttempt(a: Attempt): void {
    a.phase = 'over';
    this.hangupLegs(a);
    this.release(a, true);
    this.forget(a);
  }

  /** Tells the queue the operator is free again (or withdraws the request): always, once. */
  private release(a: Attempt, operatorAnswered: boolean): void {
    if (a.held) {
      this.answerers(a).callbackDone(a.id, a.held.operatorId, operatorAnswered);
      a.held = undefined;
    } else if (a.requested) {
      this.answerers(a).withdrawCallback(a.id);
      a.requested = false;
    }
  }

  private hangupLegs(a: Attempt): void {
    if (a.operatorLeg) this.deps.legs.hangup(a.operatorLeg);
    if (a.citizenLeg) this.deps.legs.hangup(a.citizenLeg);
  }

  private forget(a: Attempt): void {
    a.phase = 'over';
    this.deps.clock.clearTimeout(a.windowTimer);
    if (this.active.get(a.id) === a) this.active.delete(a.id);
  }
}
