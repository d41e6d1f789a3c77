// Applies many calls' journalled writes in one transaction: one multi-row statement per kind of
// write instead of one autocommit statement per write (issue 15: at 400-800 calls the single
// statements' commits and round trips were a large share of the engine's and Postgres' CPU).
// Only the plain row writes of `calls` and `queue_entries` are batched; writes with side effects
// after them (lost call → callback, escalation → webhook job, ...) keep the single path.
import type { Kysely, RawBuilder } from 'kysely';
import {
  closeQueueEntries,
  executeTogether,
  insertStartedCalls,
  markCallsAnswered,
  markCallsEnded,
  setCallLanguages,
  upsertWaitingEntries,
} from '../db/batched-writes.ts';
import type { Database } from '../db/schema.ts';
import { NO_CHOICE } from '../queue/index.ts';
import type { WriteCommand, WriteCommandOf } from './write-commands.ts';

export interface BatchApplier {
  /** Whether the command may go in a batch; the others are applied one by one. */
  accepts(command: WriteCommand): boolean;
  /** Applies the commands in one transaction, all or none; throws like the single applier. */
  apply(commands: readonly WriteCommand[]): Promise<void>;
}

const BATCHED = [
  'call-started',
  'call-answered',
  'call-language',
  'call-ended',
  'queue-entry',
  'queue-entry-closed',
] as const;
type Batched = (typeof BATCHED)[number];
type BatchedCommand = WriteCommandOf<Batched>;

const batched = new Set<string>(BATCHED);

export function postgresBatchApplier(db: Kysely<Database>): BatchApplier {
  return {
    accepts: (c) => batched.has(c.type),
    apply: async (commands) => {
      const cs = commands as readonly BatchedCommand[];
      const statements = waves(cs).map(([type, wave]) => statementOf(type, wave));
      // A round holds one write per call at most (one per journal key): one statement, one round
      // trip. Should a call ever have two, they run in their lifecycle order in a transaction.
      if (new Set(cs.map((c) => c.callId)).size === cs.length) return executeTogether(db, statements);
      await db.transaction().execute(async (trx) => {
        for (const s of statements) await s.execute(trx);
      });
    },
  };
}

/**
 * Commands grouped by type in BATCHED order, each group split so no statement touches a row twice
 * (an upsert touching a row twice is an error, an UPDATE ... FROM would keep an arbitrary one):
 * a repeated call id goes into the next wave of its type, keeping their order.
 */
function waves(commands: readonly BatchedCommand[]): Array<[Batched, BatchedCommand[]]> {
  const out: Array<[Batched, BatchedCommand[]]> = [];
  for (const type of BATCHED) {
    const groups: Array<{ ids: Set<string>; commands: BatchedCommand[] }> = [];
    for (const c of commands) {
      if (c.type !== type) continue;
      let i = groups.length;
      while (i > 0 && !groups[i - 1]!.ids.has(c.callId)) i--;
      const g = groups[i] ?? { ids: new Set<string>(), commands: [] };
      if (i === groups.length) groups.push(g);
      g.ids.add(c.callId);
      g.commands.push(c);
    }
    for (const g of groups) out.push([type, g.commands]);
  }
  return out;
}

type Of<T extends Batched> = WriteCommandOf<T>;

function statementOf(type: Batched, cs: readonly BatchedCommand[]): RawBuilder<unknown> {
  switch (type) {
    case 'call-started':
      return insertStartedCalls(
        (cs as Of<'call-started'>[]).map((c) => ({
          id: c.callId,
          channelId: c.channelId,
          serviceId: c.serviceId,
          callerNumber: c.callerNumber,
          dialledNumber: c.dialledNumber,
          language: c.language,
          configVersion: c.configVersion,
          startedAt: new Date(c.at),
        })),
      );
    case 'call-answered':
      return markCallsAnswered(
        (cs as Of<'call-answered'>[]).map((c) => ({ id: c.callId, at: new Date(c.at) })),
      );
    case 'call-language':
      return setCallLanguages(
        (cs as Of<'call-language'>[]).map((c) => ({ id: c.callId, language: c.language })),
      );
    case 'call-ended':
      return markCallsEnded(
        (cs as Of<'call-ended'>[]).map((c) => ({
          id: c.callId,
          at: new Date(c.at),
          cause: c.cause,
          outcome: c.outcome,
        })),
      );
    case 'queue-entry':
      return upsertWaitingEntries(
        (cs as Of<'queue-entry'>[]).map((c) => {
          const choice = c.choice ?? NO_CHOICE;
          return {
            callId: c.callId,
            serviceId: c.serviceId,
            channelId: c.channelId,
            callerNumber: c.callerNumber,
            language: c.language,
            urgent: c.urgent,
            joinedAt: new Date(c.joinedAt),
            reason: choice.reason,
            menuPath: choice.menuPath,
            collected: choice.collected,
          };
        }),
      );
    case 'queue-entry-closed':
      return closeQueueEntries(
        (cs as Of<'queue-entry-closed'>[]).map((c) => ({
          callId: c.callId,
          state: c.outcome,
          at: new Date(c.at),
          operatorId: c.operatorId ?? null,
        })),
      );
  }
}
