// The `calls` writes of a rehearsal, kept in memory: no Postgres is needed to walk a menu, and
// the end cause and outcome the engine records are what the console reports at the end.
import type { CallId } from '../domain/ids.ts';
import type { CallRecords } from '../engine/engine.ts';

export interface RecordedCall {
  callerNumber: string;
  dialled: string;
  language: string | null;
  configVersion: string | null;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  endCause?: string;
  outcome?: string;
}

export class MemoryCallRecords implements CallRecords {
  readonly calls = new Map<CallId, RecordedCall>();

  async insertStarted(call: Parameters<CallRecords['insertStarted']>[0]): Promise<boolean> {
    const id = call.id as CallId;
    if (this.calls.has(id)) return false;
    this.calls.set(id, {
      callerNumber: call.caller_number,
      dialled: call.dialled_number,
      language: call.language ?? null,
      configVersion: call.config_version ?? null,
      startedAt: new Date(call.started_at as Date).getTime(),
    });
    return true;
  }

  async markAnswered(id: CallId, at: Date): Promise<void> {
    const c = this.calls.get(id);
    if (c) c.answeredAt = at.getTime();
  }

  async markEnded(id: CallId, at: Date, endCause: string, outcome: string): Promise<boolean> {
    const c = this.calls.get(id);
    if (!c || c.endedAt !== undefined) return false;
    Object.assign(c, { endedAt: at.getTime(), endCause, outcome });
    return true;
  }

  async setServiceAndLanguage(
    id: CallId,
    fields: Parameters<CallRecords['setServiceAndLanguage']>[1],
  ): Promise<void> {
    const c = this.calls.get(id);
    if (c && fields.language !== undefined) c.language = fields.language;
  }
}
