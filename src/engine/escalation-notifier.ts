// Urgent matters are pushed to a webhook (the duty officer's system) with retries and capped
// backoff on the injected clock; every attempt's outcome is kept on the escalation row.

import type { QueueRepository } from '../db/queue-repository.ts';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';

export interface EscalationPayload {
  escalationId: string;
  callId: string;
  serviceId: string;
  callerNumber: string;
  language: string;
  reason: string;
  menuPath: readonly string[];
  collected: Readonly<Record<string, string>>;
  raisedAt: string;
}

export class EscalationNotifier {
  constructor(
    private readonly repo: QueueRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Fire and forget: retries continue in the background. */
  send(url: string | undefined, retries: number, payload: EscalationPayload): void {
    if (!url) {
      void this.repo.updateEscalation(payload.escalationId, { webhookStatus: 'none' }).catch(() => undefined);
      return;
    }
    void this.attempt(url, retries, payload, 1);
  }

  private async attempt(url: string, retries: number, payload: EscalationPayload, n: number): Promise<void> {
    let ok = false;
    let detail = '';
    try {
      const res = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(5000),
      });
      ok = res.ok;
      detail = `HTTP ${res.status}`;
    } catch (err) {
      detail = err instanceof Error ? err.message : String(err);
    }
    const last = ok || n > retries;
    await this.repo
      .updateEscalation(payload.escalationId, {
        webhookAttempts: n,
        ...(last && { webhookStatus: ok ? 'delivered' : 'failed' }),
      })
      .catch((err: unknown) => this.logger.error({ err }, 'could not update escalation row'));
    if (ok) return;
    if (last) {
      this.logger.error(
        { escalationId: payload.escalationId, detail, attempts: n },
        'escalation webhook failed for good',
      );
      return;
    }
    this.logger.warn(
      { escalationId: payload.escalationId, detail, attempt: n },
      'escalation webhook failed; retrying',
    );
    const delay = Math.min(30_000, 1000 * 2 ** (n - 1));
    this.clock.setTimeout(() => void this.attempt(url, retries, payload, n + 1), delay);
  }
}
