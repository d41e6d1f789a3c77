// The operator queue of a rehearsal: it shows which queue the caller reaches, how (urgent or
// not, in which language, why, with what they keyed in), then ends the call the way an operator
// hanging up would — a rehearsal checks the menu, not the operators.
import type { CallbackId, CallId, ChannelId } from '../domain/ids.ts';
import type { QueueCallbacks, QueuedCaller, QueueService } from '../engine/engine-services.ts';
import type { QueuesFile } from '../queue/queue-config.ts';
import type { NoteSink } from './rehearsal-notes.ts';

export class RehearsalQueue implements QueueService {
  constructor(
    private readonly queues: () => QueuesFile,
    private readonly note: NoteSink,
  ) {}

  join(caller: QueuedCaller, events: QueueCallbacks): void {
    const queue = this.queues().queues.find((q) => q.id === caller.queueId);
    // The ladder's first rung (the duty phone), as the rehearsal shows it.
    const duty = caller.urgent && queue?.urgent?.ladder[0]?.endpoint;
    this.note({
      kind: 'queue',
      queueId: caller.queueId,
      urgent: caller.urgent,
      language: caller.language,
      reason: caller.reason,
      collected: caller.collected,
      ...(duty && queue?.urgent ? { duty: { endpoint: duty, afterSec: queue.urgent.startAfterSec } } : {}),
    });
    // After the call controller has finished handling the enqueue command.
    setImmediate(() => events.finished(caller.callId));
  }

  callerGone(_callId: CallId): void {}

  leave(_callId: CallId, _reason: string): void {}

  handle(): boolean {
    return false;
  }

  async readopt(): Promise<Set<ChannelId>> {
    return new Set();
  }

  requestCallbackOperator(): void {}

  withdrawCallback(_callbackId: CallbackId): void {}

  callbackDone(): void {}
}
