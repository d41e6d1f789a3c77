// The operator desk's engine side: follows the queue's operator events, sends each operator the
// screen pop of the call or callback given to them (with the number's recent calls and open
// appeals), tells them when it ends and how long their wrap-up lasts, and takes the wrap-up form:
// the appeal is registered or updated, the form is written, then the operator is freed early.
// An operator whose wrap-up time runs out with no form becomes available; the call is listed as
// "wrap-up missing".
import { actorName, type Principal } from '../accounts/principal.ts';
import type { Appeal } from '../appeals/appeal.ts';
import type { AppealResult, AppealService } from '../appeals/appeal-service.ts';
import type { Clock } from '../domain/clock.ts';
import type { OperatorId } from '../domain/ids.ts';
import type { OperatorEvent, OperatorEvents } from '../engine/operator-events.ts';
import { isoTime } from '../http/api-time.ts';
import type { Logger } from '../log/logger.ts';
import { type AdminCommand, type QueueSnapshot, WRAP_UP_DONE } from '../queue/index.ts';
import type {
  DeskRepository,
  HeldCallback,
  NewWrapUp,
  WrapUpRecord,
  WrapUpStatus,
} from './desk-repository.ts';
import { OperatorStreams } from './operator-streams.ts';
import type { DeskEvent, OpenAppeal, ScreenPop } from './screen-pop.ts';
import { appealSteps, type WrapUpForm } from './wrap-up-form.ts';

export interface DeskQueue {
  snapshot(): QueueSnapshot;
  operatorCommand(id: OperatorId, command: AdminCommand): { ok: true } | { ok: false; reason: string };
  readonly operatorEvents: Pick<OperatorEvents, 'on'>;
}

export interface DeskServiceDeps {
  queue: DeskQueue;
  repo: DeskRepository;
  appeals: Pick<AppealService, 'register' | 'transition' | 'comment' | 'openForNumber'>;
  clock: Clock;
  logger: Logger;
}

/** The call or callback an operator has in hand, from the pop to the end of its wrap-up. */
interface Work {
  workId: string;
  kind: 'call' | 'callback';
  phase: 'on-call' | 'wrap-up';
  pop?: ScreenPop;
  endedAt?: number;
  deadline?: number;
  /** Registration number once the form is in. */
  formDone?: string;
}

export type WrapUpOutcome =
  | { ok: true; regNo: string; wrapUp: 'ended' | 'not-started' | 'already-over'; warning?: string }
  | { ok: false; status: 400 | 403 | 404 | 409; reason: string };

const REFUSAL_STATUS = { 'not-found': 404, forbidden: 403, invalid: 400, conflict: 409 } as const;

export class DeskService {
  private readonly submitting = new Set<string>();
  readonly streams = new OperatorStreams();
  private readonly work = new Map<OperatorId, Work>();
  /** Wrap-up rows are written in the order things happened (open before missing). */
  private writes: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: DeskServiceDeps) {}

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.queue.operatorEvents.on((e) => this.onQueueEvent(e));
    this.write(async () => {
      const n = await this.deps.repo.pendingToMissing();
      if (n > 0) this.deps.logger.warn({ wrapUps: n }, 'wrap-ups left pending by the last run are missing');
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Resolves once the wrap-up rows asked for so far are written (tests, shutdown). */
  idle(): Promise<void> {
    return this.writes;
  }

  operatorView(operatorId: OperatorId) {
    return this.deps.queue.snapshot().operators.find((o) => o.id === operatorId);
  }

  knows = (operatorId: OperatorId): boolean => this.operatorView(operatorId) !== undefined;

  /** The `state` event of an operator as the queue has them now. */
  stateEvent(operatorId: OperatorId): DeskEvent | undefined {
    const o = this.operatorView(operatorId);
    if (!o) return undefined;
    return {
      event: 'state',
      data: {
        operatorId,
        state: o.state,
        ...(o.reason !== undefined && { reason: o.reason }),
        since: isoTime(o.since),
        ...(o.wrapUpUntil !== undefined && { wrapUpUntil: isoTime(o.wrapUpUntil) }),
      },
    };
  }

  currentPop(operatorId: OperatorId): ScreenPop | undefined {
    return this.streams.currentPop(operatorId);
  }

  heldCallbacks(operatorId: OperatorId): Promise<HeldCallback[]> {
    return this.deps.repo.heldCallbacks(operatorId);
  }

  listWrapUps(q: { status?: WrapUpStatus; operatorId?: string; limit: number }): Promise<WrapUpRecord[]> {
    return this.deps.repo.listWrapUps(q);
  }

  private onQueueEvent(e: OperatorEvent): void {
    switch (e.type) {
      case 'call-connected': {
        const view = this.operatorView(e.operatorId);
        // The call ended while the bridge was being made: nothing to pop any more.
        if (view?.state !== 'on-call' || view.callId !== e.callId) return;
        this.work.set(e.operatorId, { workId: e.callId, kind: 'call', phase: 'on-call' });
        this.popWhenReady(e.operatorId, e.callId, this.callPop(e));
        return;
      }
      case 'callback-granted':
        this.work.set(e.operatorId, { workId: e.callbackId, kind: 'callback', phase: 'on-call' });
        this.popWhenReady(e.operatorId, e.callbackId, this.callbackPop(e));
        return;
      case 'state-changed':
        this.stateChanged(e);
    }
  }

  private popWhenReady(operatorId: OperatorId, workId: string, building: Promise<ScreenPop | undefined>) {
    building
      .then((pop) => {
        const w = this.work.get(operatorId);
        if (!pop || w?.workId !== workId) return;
        w.pop = pop;
        this.streams.publish(operatorId, { event: 'screen-pop', data: pop });
        // A call shorter than the pop's queries: its wrap-up row is written now.
        const row = w.phase === 'wrap-up' ? this.wrapUpRow(operatorId, w) : undefined;
        if (row) this.write(() => this.deps.repo.openWrapUp(row));
      })
      .catch((err: unknown) => this.deps.logger.error({ err, operatorId, workId }, 'screen pop failed'));
  }

  private async callPop(e: Extract<OperatorEvent, { type: 'call-connected' }>): Promise<ScreenPop> {
    const [recentCalls, openAppeals] = await Promise.all([
      this.deps.repo.recentCalls(e.callerNumber, e.callId),
      this.openAppeals(e.callerNumber),
    ]);
    return {
      workId: e.callId,
      kind: 'call',
      operatorId: e.operatorId,
      callId: e.callId,
      serviceId: e.serviceId,
      callerNumber: e.callerNumber,
      language: e.language,
      reason: e.choice.reason,
      menuPath: [...e.choice.menuPath],
      keyed: { ...e.choice.collected },
      appealNumber: e.choice.collected.appealNumber ?? null,
      urgent: e.urgent,
      callback: null,
      recentCalls,
      openAppeals,
      at: isoTime(e.at),
    };
  }

  private async callbackPop(
    e: Extract<OperatorEvent, { type: 'callback-granted' }>,
  ): Promise<ScreenPop | undefined> {
    const cb = await this.deps.repo.callback(e.callbackId);
    if (!cb) {
      this.deps.logger.warn({ callbackId: e.callbackId }, 'no callback row for the screen pop');
      return undefined;
    }
    const citizen = cb.sourceCallerNumber ?? cb.number;
    const [recentCalls, openAppeals] = await Promise.all([
      this.deps.repo.recentCalls(citizen, null),
      this.openAppeals(citizen),
    ]);
    const keyed = cb.entry?.collected ?? {};
    return {
      workId: cb.id,
      kind: 'callback',
      operatorId: e.operatorId,
      callId: cb.sourceCallId,
      serviceId: cb.serviceId,
      callerNumber: citizen,
      language: cb.language,
      reason: cb.entry?.reason ?? cb.kind,
      menuPath: cb.entry?.menuPath ?? [],
      keyed,
      appealNumber: keyed.appealNumber ?? null,
      urgent: cb.entry?.urgent ?? false,
      callback: { id: cb.id, why: cb.entry?.urgent ? 'urgent' : cb.kind, number: cb.number },
      recentCalls,
      openAppeals,
      at: isoTime(e.at),
    };
  }

  /** The registry being unreachable must not hold back the rest of the pop. */
  private async openAppeals(number: string): Promise<OpenAppeal[]> {
    try {
      const appeals = await this.deps.appeals.openForNumber(number);
      return appeals.map((a) => ({
        regNo: a.regNo,
        category: a.category,
        status: a.status,
        summary: a.summary,
        ...(a.unitId !== undefined && { unitId: a.unitId }),
        registeredAt: isoTime(a.registeredAt),
        deadline: isoTime(a.deadline),
      }));
    } catch (err) {
      this.deps.logger.warn({ err }, 'open appeals unavailable for the screen pop');
      return [];
    }
  }

  private stateChanged(e: Extract<OperatorEvent, { type: 'state-changed' }>): void {
    const { operatorId } = e;
    const state = this.stateEvent(operatorId);
    if (state) this.streams.publish(operatorId, state);
    const w = this.work.get(operatorId);
    if (!w) return;
    if (e.from === 'on-call' && w.phase === 'on-call') {
      this.streams.publish(operatorId, {
        event: 'call-ended',
        data: { workId: w.workId, kind: w.kind, at: isoTime(e.at) },
      });
      const until = this.operatorView(operatorId)?.wrapUpUntil;
      if (e.to !== 'wrap-up' || until === undefined) {
        this.finish(operatorId, w);
        return;
      }
      w.phase = 'wrap-up';
      w.endedAt = e.at;
      w.deadline = until;
      this.streams.publish(operatorId, {
        event: 'wrap-up',
        data: { workId: w.workId, deadline: isoTime(until) },
      });
      const row = this.wrapUpRow(operatorId, w);
      if (row) this.write(() => this.deps.repo.openWrapUp(row));
      // The form came in during the call: no wrap-up time is needed. Not from inside the queue's step.
      if (w.formDone)
        queueMicrotask(() => this.deps.queue.operatorCommand(operatorId, { kind: 'end-wrap-up' }));
      return;
    }
    if (e.from === 'wrap-up' && w.phase === 'wrap-up') {
      const done = w.formDone !== undefined || e.reason === WRAP_UP_DONE;
      if (!done) this.write(() => this.deps.repo.markMissing(w.workId).then(() => undefined));
      this.streams.publish(operatorId, {
        event: 'wrap-up-ended',
        data: { workId: w.workId, outcome: done ? 'done' : 'missing', regNo: w.formDone ?? null },
      });
      this.finish(operatorId, w);
    }
  }

  private finish(operatorId: OperatorId, w: Work): void {
    if (this.work.get(operatorId) === w) this.work.delete(operatorId);
    this.streams.clearPop(operatorId, w.workId);
  }

  private wrapUpRow(operatorId: OperatorId, w: Work): NewWrapUp | undefined {
    if (!w.pop) return undefined;
    const now = this.deps.clock.now();
    return {
      workId: w.workId,
      workKind: w.kind,
      operatorId,
      callerNumber: w.pop.callerNumber,
      reason: w.pop.reason,
      endedAt: w.endedAt ?? now,
      deadline: w.deadline ?? now,
      pop: w.pop,
    };
  }

  private write(op: () => Promise<void>): void {
    this.writes = this.writes
      .then(op)
      .catch((err: unknown) => this.deps.logger.error({ err }, 'could not write a wrap-up'));
  }

  /**
   * The operator's wrap-up form for `form.workId`: the call in hand (during the call or its
   * wrap-up), or an earlier one whose wrap-up is still pending or was missed.
   */
  async submitWrapUp(operatorId: OperatorId, form: WrapUpForm, by: Principal): Promise<WrapUpOutcome> {
    // A double click or a retried request must not register the appeal twice: the "already in"
    // check below only sees a form once it is stored. One engine is active (the lease), so a
    // claim in memory is enough.
    if (this.submitting.has(form.workId))
      return { ok: false, status: 409, reason: `the wrap-up of ${form.workId} is being submitted already` };
    this.submitting.add(form.workId);
    try {
      return await this.submitOnce(operatorId, form, by);
    } finally {
      this.submitting.delete(form.workId);
    }
  }

  private async submitOnce(operatorId: OperatorId, form: WrapUpForm, by: Principal): Promise<WrapUpOutcome> {
    const w = this.work.get(operatorId);
    const current = w?.workId === form.workId ? w : undefined;
    let row: NewWrapUp | undefined = current && this.wrapUpRow(operatorId, current);
    if (!row) {
      const stored = await this.deps.repo.wrapUp(form.workId);
      if (stored?.status === 'done')
        return {
          ok: false,
          status: 409,
          reason: `the wrap-up of ${form.workId} is already in (${stored.regNo})`,
        };
      if (stored && stored.operatorId === operatorId) row = stored;
    }
    if (!row) {
      return {
        ok: false,
        status: 404,
        reason: `operator ${operatorId} has no call or callback ${form.workId} to wrap up`,
      };
    }
    if (current?.formDone)
      return {
        ok: false,
        status: 409,
        reason: `the wrap-up of ${form.workId} is already in (${current.formDone})`,
      };
    const steps = appealSteps(form, row.pop);
    let appeal: AppealResult<Appeal>;
    if (steps.register) appeal = await this.deps.appeals.register(steps.register, by);
    else if (form.regNo) appeal = await this.deps.appeals.comment(form.regNo, steps.comment ?? '', by);
    else return { ok: false, status: 400, reason: 'nothing to register' };
    if (!appeal.ok) return { ok: false, status: REFUSAL_STATUS[appeal.code], reason: appeal.reason };
    const regNo = appeal.value.regNo;
    let warning: string | undefined;
    if (steps.transition) {
      const moved = await this.deps.appeals.transition(regNo, steps.transition, by);
      if (!moved.ok)
        warning = `appeal ${regNo} is registered but stays ${appeal.value.status}: ${moved.reason}`;
    }
    await this.deps.repo.markDone(row, { at: this.deps.clock.now(), by: actorName(by), regNo, form });
    return {
      ok: true,
      regNo,
      wrapUp: this.formIn(operatorId, form.workId, regNo),
      ...(warning && { warning }),
    };
  }

  /** The form is stored: frees the operator if they are wrapping up this very work. */
  private formIn(
    operatorId: OperatorId,
    workId: string,
    regNo: string,
  ): 'ended' | 'not-started' | 'already-over' {
    const w = this.work.get(operatorId);
    if (w?.workId !== workId) return 'already-over';
    w.formDone = regNo;
    if (w.phase === 'on-call') return 'not-started';
    const r = this.deps.queue.operatorCommand(operatorId, { kind: 'end-wrap-up' });
    return r.ok ? 'ended' : 'already-over';
  }
}
