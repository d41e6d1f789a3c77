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
  'record-lost-call' | 'record-short-abandon' | 'operator-state-changed' | 'persist-entry' | 'remove-entry'
>;

const RECORD_TYPES = new Set<QueueCommand['type']>([
  'record-lost-call',
  'record-short-abandon',
  'operator-state-changed',
  'persist-entry',
  'remove-entry',
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
  constructor(private readonly deps: QueueRuntimeDeps) {}

  run(c: RecordCommand, caller: CallerFacts): void {
    const { writes, repo, logger } = this.deps;
    switch (c.type) {
      case 'record-lost-call':
        this.lostCall(c, caller.serviceId);
        return;
      case 'record-short-abandon':
        logger.info(
          { callId: c.callId, waitedMs: c.waitedMs, position: c.position },
          'short abandon (no callback)',
        );
        return;
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
      case 'persist-entry': {
        const channelId = caller.channelId;
        if (!channelId) return;
        writes.enqueue(c.callId, 'queue entry', () =>
          repo.upsertWaiting({
            callId: c.callId,
            serviceId: caller.serviceId,
            channelId,
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

  private lostCall(c: LostCallCommand, serviceId: ServiceId): void {
    const { writes, repo, logger } = this.deps;
    logger.info(
      { callId: c.callId, waitedMs: c.waitedMs, position: c.position },
      'lost call: caller hung up after waiting',
    );
    // Stored first, then handed to the callback scheduler; retried in order until both succeed.
    writes.enqueue(c.callId, 'lost call', async () => {
      const lostCallId = await repo.recordLostCall({
        callId: c.callId,
        serviceId,
        callerNumber: c.callerNumber,
        language: c.language,
        waitedMs: c.waitedMs,
        position: c.position,
        hungUpAt: c.at,
      });
      await this.deps.callbacks?.lostCall({
        lostCallId,
        callId: c.callId,
        serviceId,
        callerNumber: c.callerNumber,
        language: c.language,
        hungUpAt: c.at,
      });
    });
  }

  /** Raises the escalation at once; returns its id (the row is written in call order). */
  escalate(c: EscalateCommand, serviceId: ServiceId): string {
    const { writes, repo, logger, notifier } = this.deps;
    const escalationId = randomUUID();
    logger.error(
      { callId: c.callId, queueId: c.queueId, callerNumber: c.callerNumber, escalationId },
      'URGENT: escalation raised',
    );
    writes.enqueue(c.callId, 'escalation', async () => {
      await repo.recordEscalation({
        id: escalationId,
        callId: c.callId,
        serviceId,
        callerNumber: c.callerNumber,
        reason: 'urgent',
        raisedAt: c.at,
      });
      notifier.send(c.webhookUrl, c.webhookRetries, {
        escalationId,
        callId: c.callId,
        serviceId,
        callerNumber: c.callerNumber,
        language: c.language,
        reason: 'urgent',
        raisedAt: new Date(c.at).toISOString(),
      });
    });
    return escalationId;
  }

  /** Notes on the escalation that the duty phone was rung / someone answered. */
  escalationUpdate(
    callId: string,
    escalationId: string,
    set: { dutyRungAt?: number; answeredAt?: number; answeredBy?: string },
  ): void {
    this.deps.writes.enqueue(callId, 'escalation update', () =>
      this.deps.repo.updateEscalation(escalationId, set),
    );
  }
}
