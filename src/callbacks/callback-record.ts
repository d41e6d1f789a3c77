// A stored callback as the runtime sees it (times as epoch ms), its audit entries and attempts.
import type { CallbackId, ServiceId } from '../domain/ids.ts';
import type { CallbackKind, CallbackState, CallbackStatus } from './policy/callback-lifecycle.ts';

export interface CallbackRecord {
  id: CallbackId;
  kind: CallbackKind;
  serviceId: ServiceId;
  /** E.164, already checked against the numbering plan. */
  number: string;
  language: string;
  status: CallbackStatus;
  dueFrom: number;
  dueUntil: number;
  nextAttemptAt: number;
  attempts: number;
  maxAttempts: number;
  sourceCallId: string | null;
  operatorId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface CallbackAuditRecord {
  at: number;
  from: CallbackStatus | null;
  to: CallbackStatus;
  attempt: number;
  reason: string;
}

export interface CallbackAttemptRecord {
  callbackId: CallbackId;
  attempt: number;
  claimedAt: number;
  worker: string;
  endedAt: number | null;
  result: string | null;
}

/** The policy's view of a stored callback. */
export function policyState(c: CallbackRecord): CallbackState {
  return {
    kind: c.kind,
    status: c.status,
    attempts: c.attempts,
    maxAttempts: c.maxAttempts,
    dueUntil: c.dueUntil,
    nextAttemptAt: c.nextAttemptAt,
  };
}
