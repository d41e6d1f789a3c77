// Applies journalled write commands to Postgres through the repositories. Every branch is
// idempotent, so a write replayed after a crash (applied, but its done mark lost) changes nothing.
import type { CallRepository } from '../db/call-repository.ts';
import type { QueueRepository } from '../db/queue-repository.ts';
import { CallId, OperatorId, ServiceId } from '../domain/ids.ts';
import type { CallRecords } from '../engine/engine.ts';
import type { EscalationRepository } from '../escalation/escalation-repository.ts';
import type { EscalationWebhookJobs } from '../escalation/escalation-webhook-jobs.ts';
import { NO_CHOICE } from '../queue/index.ts';
import type { SurveyRepository } from '../survey/survey-repository.ts';
import type { LostCallOutbox } from './lost-call-outbox.ts';
import type { WriteApplier, WriteCommand } from './write-commands.ts';

type CallCommand = Extract<WriteCommand, { type: `call-${string}` }>;

function isCallCommand(c: WriteCommand): c is CallCommand {
  return c.type.startsWith('call-');
}

/** The `calls` writes, against Postgres or the rehearsal's memory. */
export async function applyCallCommand(calls: CallRecords | CallRepository, c: CallCommand): Promise<void> {
  switch (c.type) {
    case 'call-started':
      await calls.insertStarted({
        id: c.callId,
        channel_id: c.channelId,
        service_id: c.serviceId,
        caller_number: c.callerNumber,
        dialled_number: c.dialledNumber,
        language: c.language,
        config_version: c.configVersion,
        started_at: new Date(c.at),
      });
      return;
    case 'call-answered':
      await calls.markAnswered(CallId(c.callId), new Date(c.at));
      return;
    case 'call-ended':
      await calls.markEnded(CallId(c.callId), new Date(c.at), c.cause, c.outcome);
      return;
    case 'call-language':
      await calls.setServiceAndLanguage(CallId(c.callId), { language: c.language });
      return;
  }
}

export interface PostgresApplierDeps {
  calls: CallRepository;
  queue: QueueRepository;
  /** The escalation webhook: a durable job per escalation (src/escalation). */
  notifier: Pick<EscalationWebhookJobs, 'send'>;
  /** The rungs of the urgent escalation ladder (absent: not recorded). */
  escalations?: Pick<EscalationRepository, 'saveRung' | 'endRung'>;
  /** Creates the lost call's callback once it is stored (absent: the outbox sweep does it). */
  outbox?: Pick<LostCallOutbox, 'settle'>;
  /** Post-call survey answers (absent: not recorded). */
  surveys?: Pick<SurveyRepository, 'insert'>;
}

export function postgresApplier({
  calls,
  queue,
  notifier,
  outbox,
  escalations,
  surveys,
}: PostgresApplierDeps): WriteApplier {
  return async (c) => {
    if (isCallCommand(c)) return applyCallCommand(calls, c);
    switch (c.type) {
      case 'operator-state': {
        const id = OperatorId(c.operatorId);
        await queue.saveOperatorState(id, c.state, c.reason, c.at);
        if (c.live === 'started') await queue.openLiveInterval(id, c.at);
        if (c.live === 'ended') await queue.closeLiveInterval(id, c.at);
        return;
      }
      case 'queue-entry':
        await queue.upsertWaiting({ ...c, callId: CallId(c.callId), choice: c.choice ?? NO_CHOICE });
        return;
      case 'queue-entry-closed':
        await queue.closeEntry(
          CallId(c.callId),
          c.outcome,
          c.at,
          c.operatorId === undefined ? undefined : OperatorId(c.operatorId),
        );
        return;
      case 'lost-call': {
        // Retried as a whole: the row is idempotent per call, the callback per open number.
        const lostCallId = await queue.recordLostCall({ ...c, callId: CallId(c.callId) });
        await outbox?.settle({
          lostCallId,
          callId: CallId(c.callId),
          serviceId: ServiceId(c.serviceId),
          callerNumber: c.callerNumber,
          language: c.language,
          hungUpAt: c.hungUpAt,
          waitedMs: c.waitedMs,
          ...(c.urgent && { urgent: true }),
        });
        return;
      }
      case 'escalation':
        await queue.recordEscalation({
          id: c.escalationId,
          callId: CallId(c.callId),
          serviceId: c.serviceId,
          callerNumber: c.callerNumber,
          reason: c.reason,
          raisedAt: c.raisedAt,
          language: c.language,
          ...(c.choice && { choice: c.choice }),
        });
        // Where it goes is stored with the row, then its job is added (rebuilt from the row if lost).
        await notifier.send(c.escalationId, c.webhookUrl, c.webhookRetries);
        return;
      case 'escalation-rung':
        await escalations?.saveRung({
          escalationId: c.escalationId,
          attempt: c.attempt,
          round: c.round,
          rung: c.rung,
          endpoint: c.endpoint,
          ...(c.name !== undefined && { name: c.name }),
          rungAt: c.at,
        });
        return;
      case 'escalation-rung-ended':
        await escalations?.endRung({
          escalationId: c.escalationId,
          attempt: c.attempt,
          outcome: c.outcome,
          endedAt: c.at,
        });
        return;
      case 'escalation-update':
        await queue.updateEscalation(c.escalationId, {
          ...(c.dutyRungAt !== undefined && { dutyRungAt: c.dutyRungAt }),
          ...(c.answeredAt !== undefined && { answeredAt: c.answeredAt }),
          ...(c.answeredBy !== undefined && { answeredBy: c.answeredBy }),
        });
        return;
      case 'live-heartbeat':
        await queue.touchOpenIntervals(c.at);
        return;
      case 'survey-answer':
        await surveys?.insert({
          callId: CallId(c.callId),
          serviceId: ServiceId(c.serviceId),
          ...(c.operatorId !== undefined && { operatorId: OperatorId(c.operatorId) }),
          ...(c.appealId !== undefined && { appealId: c.appealId }),
          question: c.question,
          answer: c.answer,
          at: c.at,
        });
        return;
    }
  };
}

/** Rehearsals keep only the `calls` records (in memory); their queue writes nothing. */
export function callRecordsApplier(calls: CallRecords): WriteApplier {
  return async (c) => {
    if (isCallCommand(c)) await applyCallCommand(calls, c);
  };
}
