// What the queue must never lose: a lost call (stored, then handed to the callback scheduler as a
// same-day duty), an escalation (stored, logged at error level, pushed to the webhook), who waits
// since when (restart safety) and operators' presence and live-service time (the weekly cap).
import { randomUUID } from 'node:crypto';
import type { ChannelId, ServiceId } from '../domain/ids.ts';
import type { QueueCommand } from '../queue/index.ts';
import type { QueueRuntimeDeps } from './queue-runtime.ts';

type CommandOf<T extends QueueCommand['type']> = Extract<QueueCommand, { type: T }>;
type LostCallCommand = CommandOf<'record-lost-call'>;
type EscalateCommand = CommandOf<'escalate'>;

/** The commands that only write records; the runtime hands them over as they come. */
export type RecordCommand = CommandOf<
  | 'record-lost-call'
  | 'record-short-abandon'
  | 'operator-state-changed'
  | 'persist-entry'
  | 'remove-entry'
  | 'weekly-cap-warning'
>;

const RECORD_TYPES = new Set<QueueCommand['type']>([
  'record-lost-call',
  'record-short-abandon',
  'operator-state-changed',
  'persist-entry',
  'remove-entry',
  'weekly-cap-warning',
]);

export function isRecordCommand(c: QueueCommand): c is RecordCommand {
  return RECORD_TYPES.has(c.type);
}

/** What the runtime knows about the caller a command is about (absent once they are gone). */
export interface CallerFacts {
  serviceId: ServiceId;
  channelId?: ChannelId;
}

export class QueueRecords {
  /** Counts since start, for the metrics: lost calls and short abandons apart, escalations. */
  readonly tally = { lostCalls: 0, shortAbandons: 0, escalations: 0 };
  /** Told of each caller leaving the queue, with the wait (wall clock), for the wait histogram. */
  readonly leftListeners: Array<(outcome: string, waitedMs: number) => void> = [];
  /** When each waiting caller joined (from persist-entry), until they leave. */
  private readonly joinedAt = new Map<string, number>();

  constructor(private readonly deps: QueueRuntimeDeps) {}

  run(c: RecordCommand, caller: CallerFacts): void {
    const { writes, logger } = this.deps;
    switch (c.type) {
      case 'record-lost-call':
        this.tally.lostCalls++;
        this.lostCall(c, caller.serviceId);
        return;
      case 'weekly-cap-warning':
        logger.warn(
          {
            operatorId: c.operatorId,
            weeklyHours: Math.round(c.weeklySeconds / 360) / 10,
            capHours: c.capHours,
          },
          'operator is near the weekly cap of live service time',
        );
        return;
      case 'record-short-abandon':
        this.tally.shortAbandons++;
        logger.info(
          { callId: c.callId, waitedMs: c.waitedMs, position: c.position },
          'short abandon (no callback)',
        );
        return;
      case 'operator-state-changed': {
        const persisted = c.to === 'offline' || c.to === 'paused' ? c.to : 'available';
        writes.enqueue(`op:${c.operatorId}`, {
          type: 'operator-state',
          operatorId: c.operatorId,
          state: persisted,
          reason: c.to === 'paused' ? c.reason : null,
          at: c.at,
          live: c.live,
        });
        logger.info(
          { operatorId: c.operatorId, from: c.from, to: c.to, reason: c.reason },
          'operator state changed',
        );
        return;
      }
      case 'persist-entry': {
        this.joinedAt.set(c.callId, c.joinedAt);
        const channelId = caller.channelId;
        if (!channelId) return;
        writes.enqueue(c.callId, {
          type: 'queue-entry',
          callId: c.callId,
          serviceId: caller.serviceId,
          channelId,
          callerNumber: c.callerNumber,
          language: c.language,
          urgent: c.urgent,
          joinedAt: c.joinedAt,
          choice: c.choice,
        });
        return;
      }
      case 'remove-entry': {
        const joinedAt = this.joinedAt.get(c.callId);
        this.joinedAt.delete(c.callId);
        if (joinedAt !== undefined)
          for (const l of this.leftListeners) l(c.outcome, Math.max(0, c.at - joinedAt));
        writes.enqueue(c.callId, {
          type: 'queue-entry-closed',
          callId: c.callId,
          outcome: c.outcome,
          at: c.at,
          ...(c.operatorId !== undefined && { operatorId: c.operatorId }),
        });
        return;
      }
    }
  }

  private lostCall(c: LostCallCommand, serviceId: ServiceId): void {
    const { writes, logger } = this.deps;
    logger.info(
      { callId: c.callId, waitedMs: c.waitedMs, position: c.position },
      'lost call: caller hung up after waiting',
    );
    // Journalled, then stored; the lost-call outbox creates its callback once the row is there.
    writes.enqueue(c.callId, {
      type: 'lost-call',
      callId: c.callId,
      serviceId,
      callerNumber: c.callerNumber,
      language: c.language,
      waitedMs: c.waitedMs,
      position: c.position,
      hungUpAt: c.at,
      ...(c.urgent && { urgent: true }),
    });
  }

  /** Raises the escalation at once; returns its id (the row is written in call order). */
  escalate(c: EscalateCommand, serviceId: ServiceId): string {
    const { writes, logger } = this.deps;
    const escalationId = randomUUID();
    this.tally.escalations++;
    logger.error(
      { callId: c.callId, queueId: c.queueId, callerNumber: c.callerNumber, escalationId },
      'URGENT: escalation raised',
    );
    // The webhook goes out once the row is stored (its delivery status is kept on the row).
    writes.enqueue(c.callId, {
      type: 'escalation',
      escalationId,
      callId: c.callId,
      serviceId,
      callerNumber: c.callerNumber,
      language: c.language,
      // The matter the caller chose (e.g. threat-to-life-health-liberty), not just "urgent".
      reason: c.choice.reason,
      raisedAt: c.at,
      choice: c.choice,
      ...(c.webhookUrl !== undefined && { webhookUrl: c.webhookUrl }),
      webhookRetries: c.webhookRetries,
    });
    return escalationId;
  }

  /** Notes on the escalation that the duty phone was rung / someone answered. */
  escalationUpdate(
    callId: string,
    escalationId: string,
    set: { dutyRungAt?: number; answeredAt?: number; answeredBy?: string },
  ): void {
    this.deps.writes.enqueue(callId, { type: 'escalation-update', escalationId, ...set });
  }
}
