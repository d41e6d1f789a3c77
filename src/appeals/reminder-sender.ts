// Delivers one reminder to a unit: an e-mail through SMTP (nodemailer) and/or a JSON POST to the
// unit's webhook. Either channel failing is an error the sweep handles (it retries next run).
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../log/logger.ts';
import type { UnitConfig } from './units-config.ts';

export interface ReminderItem {
  regNo: string;
  category: string;
  status: string;
  state: 'near' | 'overdue';
  /** ISO time the appeal's last allowed day ends. */
  deadline: string;
  summary: string;
}

export interface ReminderSender {
  /** The channels it used (`email`, `webhook`); throws when none could deliver. */
  send(unit: UnitConfig, items: readonly ReminderItem[]): Promise<string[]>;
}

export interface MailReminderOptions {
  /** smtp://host:port (smtps:// for TLS); unset: no e-mail, webhooks only. */
  smtpUrl?: string | undefined;
  from: string;
  logger: Logger;
  /** Webhook request timeout (default 5 s). */
  webhookTimeoutMs?: number;
}

export class MailReminderSender implements ReminderSender {
  private readonly transport: Transporter | undefined;

  constructor(private readonly opts: MailReminderOptions) {
    this.transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;
  }

  async send(unit: UnitConfig, items: readonly ReminderItem[]): Promise<string[]> {
    const used: string[] = [];
    const problems: string[] = [];
    if (this.transport) {
      try {
        await this.transport.sendMail({
          from: this.opts.from,
          to: unit.email,
          subject: subjectOf(items),
          text: textOf(unit, items),
        });
        used.push('email');
      } catch (err) {
        problems.push(`e-mail: ${(err as Error).message}`);
      }
    }
    if (unit.webhook) {
      try {
        const res = await fetch(unit.webhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'appeal-deadline-reminder', unit: unit.id, appeals: items }),
          signal: AbortSignal.timeout(this.opts.webhookTimeoutMs ?? 5000),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        used.push('webhook');
      } catch (err) {
        problems.push(`webhook: ${(err as Error).message}`);
      }
    }
    if (used.length === 0) {
      throw new Error(
        problems.length
          ? problems.join('; ')
          : `unit ${unit.id}: no SMTP_URL set and no webhook: nowhere to remind`,
      );
    }
    if (problems.length) this.opts.logger.warn({ unit: unit.id, problems }, 'a reminder channel failed');
    return used;
  }

  close(): void {
    this.transport?.close();
  }
}

function subjectOf(items: readonly ReminderItem[]): string {
  const overdue = items.filter((i) => i.state === 'overdue').length;
  const near = items.length - overdue;
  const parts = [overdue && `${overdue} overdue`, near && `${near} near the deadline`].filter(Boolean);
  return `Appeals: ${parts.join(', ')}`;
}

function textOf(unit: UnitConfig, items: readonly ReminderItem[]): string {
  const lines = items.map(
    (i) =>
      `${i.regNo}  ${i.state === 'overdue' ? 'OVERDUE' : 'due soon'}  deadline ${i.deadline}  ${i.category}, ${i.status}: ${i.summary.slice(0, 120)}`,
  );
  return `${unit.name.en ?? unit.name.az}\n\nThese appeals need an answer:\n\n${lines.join('\n')}\n`;
}
