// Callbacks (lost-call and booked) need an operator first. Requests wait here and are granted
// only when the share rule allows and no live caller the operator could serve is waiting:
// callbacks never starve callers waiting live.
import type { Draft } from './queue-draft.ts';
import type { QueueEvent } from './queue-events.ts';
import { callbackMayTake, freeOperators, queueOf } from './routing.ts';

type EventOf<T extends QueueEvent['type']> = Extract<QueueEvent, { type: T }>;

export function callbackRequested(d: Draft, e: EventOf<'callback-request'>): void {
  if (d.callbacks.has(e.callbackId)) {
    d.fail('duplicate', `callback ${e.callbackId} already requested`);
  } else if (!d.setup.queues.has(e.queueId)) {
    d.fail('unknown-queue', `no queue "${e.queueId}" in queues.yaml`);
  } else {
    const { callbackId, queueId, language } = e;
    d.callbacks.set(callbackId, { kind: 'pending', callbackId, queueId, language, seq: d.seq++ });
  }
}

export function callbackWithdrawn(d: Draft, e: EventOf<'callback-withdrawn'>): void {
  const cb = d.callbacks.get(e.callbackId);
  if (!cb) {
    d.fail('unknown-callback', `no callback ${e.callbackId} waiting for an operator`);
  } else if (cb.kind === 'held') {
    d.fail('refused', `callback ${e.callbackId} already has operator ${cb.operatorId}; send callback-done`);
  } else {
    d.callbacks.delete(e.callbackId);
  }
}

export function callbackDone(d: Draft, e: EventOf<'callback-done'>): void {
  const cb = d.callbacks.get(e.callbackId);
  if (cb?.kind !== 'held' || cb.operatorId !== e.operatorId) {
    d.fail('unknown-callback', `callback ${e.callbackId} is not held by operator ${e.operatorId}`);
    return;
  }
  d.callbacks.delete(e.callbackId);
  const q = queueOf(d.view(), cb.queueId);
  const answered = e.operatorAnswered !== false;
  const pauseReason = !answered && q.noAnswerPause ? 'no-answer' : undefined;
  d.endWork(e.operatorId, answered ? q.wrapUpSec * 1000 : 0, pauseReason);
}

/** Grants waiting callback requests, oldest first; runs after live callers were served. */
export function grantCallbacks(d: Draft): void {
  const pending = [...d.callbacks.values()].flatMap((cb) => (cb.kind === 'pending' ? [cb] : []));
  for (const cb of pending.sort((a, b) => a.seq - b.seq)) {
    const op = freeOperators(d.view(), cb.queueId, cb.language).find((o) =>
      callbackMayTake(d.view(), cb.queueId, o.id),
    );
    if (!op) continue;
    d.applyOperator(op.id, { kind: 'granted-callback', callbackId: cb.callbackId });
    d.callbacks.set(cb.callbackId, {
      kind: 'held',
      callbackId: cb.callbackId,
      queueId: cb.queueId,
      operatorId: op.id,
    });
    d.emit({ type: 'grant-callback', callbackId: cb.callbackId, operatorId: op.id });
  }
}
