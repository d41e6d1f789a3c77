// Who answers an urgent callback: the escalation ladder's rungs, in turn, at any hour — an urgent
// caller who hung up before anyone answered is called back at once, even at night when no
// operator is logged in. Stands in for the queue's operator grants in the callback dialler: each
// request "grants" the next rung; a rung that does not answer hands over to the one after it.
import type { CallbackId, OperatorId } from '../domain/ids.ts';
import type { QueueService } from '../engine/engine-services.ts';
import type { LadderRung, QueuesFile } from '../queue/index.ts';

type Grants = Pick<QueueService, 'requestCallbackOperator' | 'withdrawCallback' | 'callbackDone'>;

export class LadderGrants implements Grants {
  /** Callback id → how many rungs were granted to its attempts so far. */
  private readonly rung = new Map<CallbackId, number>();

  constructor(
    private readonly queues: () => QueuesFile,
    /** Used for a queue without a ladder (`cagri check` flags that config). */
    private readonly fallback: Grants,
  ) {}

  requestCallbackOperator(
    req: { callbackId: CallbackId; queueId: string; language: string },
    granted: (operator: { operatorId: OperatorId; endpoint: string; ringTimeoutSec: number }) => void,
  ): void {
    const ladder = this.ladderOf(req.queueId);
    if (ladder.length === 0) {
      this.fallback.requestCallbackOperator(req, granted);
      return;
    }
    const n = this.rung.get(req.callbackId) ?? 0;
    this.rung.set(req.callbackId, n + 1);
    const index = n % ladder.length;
    const step = ladder[index]!;
    granted({ operatorId: ladderAnswerer(index), endpoint: step.endpoint, ringTimeoutSec: step.ringSec });
  }

  withdrawCallback(callbackId: CallbackId): void {
    if (!this.rung.delete(callbackId)) this.fallback.withdrawCallback(callbackId);
  }

  callbackDone(callbackId: CallbackId, operatorId: OperatorId, operatorAnswered: boolean): void {
    if (!isLadderAnswerer(operatorId)) {
      this.fallback.callbackDone(callbackId, operatorId, operatorAnswered);
      return;
    }
    if (operatorAnswered) this.rung.delete(callbackId); // done with; a rung that failed: the next one
  }

  private ladderOf(queueId: string): readonly LadderRung[] {
    return this.queues().queues.find((q) => q.id === queueId)?.urgent?.ladder ?? [];
  }
}

/** The rung as it appears where an operator would (`callbacks.operator_id`, logs). */
export function ladderAnswerer(index: number): OperatorId {
  return `ladder-${index + 1}` as OperatorId;
}

function isLadderAnswerer(id: OperatorId): boolean {
  return id.startsWith('ladder-');
}
