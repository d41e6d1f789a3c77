// What the queue must never lose: a lost call (stored, then handed to the callback scheduler as a
// same-day duty) and an escalation (stored, logged at error level, pushed to the webhook).
import { randomUUID } from 'node:crypto';
import type { ServiceId } from '../domain/ids.ts';
import type { QueueCommand } from '../queue/index.ts';
import type { QueueRuntimeDeps } from './queue-runtime.ts';

type LostCallCommand = Extract<QueueCommand, { type: 'record-lost-call' }>;
type EscalateCommand = Extract<QueueCommand, { type: 'escalate' }>;

export class QueueRecords {
  constructor(private readonly deps: QueueRuntimeDeps) {}

  lostCall(c: LostCallCommand, serviceId: ServiceId): void {
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
