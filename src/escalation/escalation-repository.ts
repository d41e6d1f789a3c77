// Postgres side of urgent escalations: the rungs of the ladder and how each ended, the durable
// webhook's delivery state, and the list the supervisors see. Every write is idempotent (a
// journalled write replayed after a crash changes nothing).
import type { Kysely, Selectable } from 'kysely';
import type { Database, EscalationsTable } from '../db/schema.ts';

export interface RungStarted {
  escalationId: string;
  attempt: number;
  round: number;
  rung: number;
  endpoint: string;
  name?: string;
  rungAt: number;
}

export interface RungEnded {
  escalationId: string;
  attempt: number;
  outcome: string;
  endedAt: number;
}

/** open: the caller still waits for a person; answered; unanswered: the caller left first. */
export const ESCALATION_STATES = ['open', 'answered', 'unanswered'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];

export interface RungRecord {
  attempt: number;
  round: number;
  rung: number;
  endpoint: string;
  name: string | null;
  rungAt: Date;
  endedAt: Date | null;
  outcome: string | null;
}

/** What was raised: the caller, why, and what they chose in the menu. */
export interface EscalationFacts {
  id: string;
  callId: string;
  serviceId: string;
  callerNumber: string;
  language: string | null;
  reason: string;
  menuPath: string[];
  collected: Record<string, string>;
  raisedAt: Date;
}

function factsOf(r: Selectable<EscalationsTable>): EscalationFacts {
  return {
    id: r.id,
    callId: r.call_id,
    serviceId: r.service_id,
    callerNumber: r.caller_number,
    language: r.language,
    reason: r.reason,
    menuPath: r.menu_path,
    collected: r.collected,
    raisedAt: r.raised_at,
  };
}

export interface EscalationRecord extends EscalationFacts {
  state: EscalationState;
  answeredAt: Date | null;
  answeredBy: string | null;
  webhookStatus: string;
  webhookAttempts: number;
  webhookLastError: string | null;
  webhookDeliveredAt: Date | null;
  rungs: RungRecord[];
}

/** What the webhook job needs to post (read from Postgres: numbers never sit in Redis). */
export interface WebhookTarget extends EscalationFacts {
  url: string | null;
  retries: number;
  status: string;
  attempts: number;
}

export class EscalationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async saveRung(r: RungStarted): Promise<void> {
    await this.db
      .insertInto('escalation_rungs')
      .values({
        escalation_id: r.escalationId,
        attempt: r.attempt,
        round: r.round,
        rung: r.rung,
        endpoint: r.endpoint,
        name: r.name ?? null,
        rung_at: new Date(r.rungAt),
      })
      .onConflict((oc) => oc.columns(['escalation_id', 'attempt']).doNothing())
      .execute();
  }

  /** First outcome wins (a replay, or a late leg event, changes nothing). */
  async endRung(r: RungEnded): Promise<void> {
    await this.db
      .updateTable('escalation_rungs')
      .set({ outcome: r.outcome, ended_at: new Date(r.endedAt) })
      .where('escalation_id', '=', r.escalationId)
      .where('attempt', '=', r.attempt)
      .where('outcome', 'is', null)
      .execute();
  }

  /** Where the escalation is to be posted; the job reads it from here. */
  async setWebhook(id: string, url: string | undefined, retries: number): Promise<void> {
    await this.db
      .updateTable('escalations')
      .set(url ? { webhook_url: url, webhook_retries: retries } : { webhook_status: 'none' })
      .where('id', '=', id)
      .where('webhook_status', '=', 'pending')
      .execute();
  }

  async webhookTarget(id: string): Promise<WebhookTarget | undefined> {
    const r = await this.db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      ...factsOf(r),
      url: r.webhook_url,
      retries: r.webhook_retries,
      status: r.webhook_status,
      attempts: r.webhook_attempts,
    };
  }

  /** Escalations whose webhook is still to be delivered (the reconciler makes sure of their job). */
  async pendingWebhooks(limit = 500): Promise<string[]> {
    const rows = await this.db
      .selectFrom('escalations')
      .select('id')
      .where('webhook_status', '=', 'pending')
      .where('webhook_url', 'is not', null)
      .orderBy('raised_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async webhookAttempt(
    id: string,
    attempt: number,
    result: { kind: 'delivered'; at: number } | { kind: 'failed'; error: string; final: boolean },
  ): Promise<void> {
    await this.db
      .updateTable('escalations')
      .set(
        result.kind === 'delivered'
          ? {
              webhook_status: 'delivered',
              webhook_attempts: attempt,
              webhook_delivered_at: new Date(result.at),
            }
          : {
              webhook_attempts: attempt,
              webhook_last_error: result.error.slice(0, 500),
              ...(result.final && { webhook_status: 'failed' }),
            },
      )
      .where('id', '=', id)
      .where('webhook_status', '=', 'pending')
      .execute();
  }

  async list(opts: { state?: EscalationState; limit: number }): Promise<EscalationRecord[]> {
    let q = this.db
      .selectFrom('escalations as e')
      .leftJoin('queue_entries as qe', 'qe.call_id', 'e.call_id')
      .selectAll('e')
      .select('qe.state as entry_state');
    if (opts.state === 'answered') q = q.where('e.answered_at', 'is not', null);
    if (opts.state === 'open') q = q.where('e.answered_at', 'is', null).where('qe.state', '=', 'waiting');
    if (opts.state === 'unanswered')
      q = q
        .where('e.answered_at', 'is', null)
        .where((eb) => eb.or([eb('qe.state', 'is', null), eb('qe.state', '!=', 'waiting')]));
    const rows = await q.orderBy('e.raised_at', 'desc').limit(opts.limit).execute();
    if (rows.length === 0) return [];
    const rungs = await this.db
      .selectFrom('escalation_rungs')
      .selectAll()
      .where(
        'escalation_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('attempt')
      .execute();
    return rows.map((r) => ({
      ...factsOf(r),
      state: r.answered_at ? 'answered' : r.entry_state === 'waiting' ? 'open' : 'unanswered',
      answeredAt: r.answered_at,
      answeredBy: r.answered_by,
      webhookStatus: r.webhook_status,
      webhookAttempts: r.webhook_attempts,
      webhookLastError: r.webhook_last_error,
      webhookDeliveredAt: r.webhook_delivered_at,
      rungs: rungs
        .filter((g) => g.escalation_id === r.id)
        .map((g) => ({
          attempt: g.attempt,
          round: g.round,
          rung: g.rung,
          endpoint: g.endpoint,
          name: g.name,
          rungAt: g.rung_at,
          endedAt: g.ended_at,
          outcome: g.outcome,
        })),
    }));
  }
}
