// Each operator's desk stream: who listens (open SSE connections), the id of every event sent,
// and the screen pop of the work in hand, replayed to a desk that connects or reconnects after it
// was sent. Event ids carry this process's boot id, so a desk reconnecting to a restarted engine
// gets the current pop again rather than comparing counters of two processes.
import { randomUUID } from 'node:crypto';
import type { OperatorId } from '../domain/ids.ts';
import type { DeskEvent, ScreenPop } from './screen-pop.ts';

export type DeskListener = (id: string, event: DeskEvent) => void;

export class OperatorStreams {
  private readonly boot = randomUUID().slice(0, 8);
  private seq = 0;
  private readonly listeners = new Map<OperatorId, Set<DeskListener>>();
  private readonly pops = new Map<OperatorId, { id: string; seq: number; pop: ScreenPop }>();

  publish(operatorId: OperatorId, event: DeskEvent): string {
    const seq = ++this.seq;
    const id = `${this.boot}-${seq}`;
    if (event.event === 'screen-pop') this.pops.set(operatorId, { id, seq, pop: event.data });
    for (const listener of this.listeners.get(operatorId) ?? []) listener(id, event);
    return id;
  }

  /** The work is over (wrap-up ended, or none): no pop to replay any more. */
  clearPop(operatorId: OperatorId, workId: string): void {
    if (this.pops.get(operatorId)?.pop.workId === workId) this.pops.delete(operatorId);
  }

  currentPop(operatorId: OperatorId): ScreenPop | undefined {
    return this.pops.get(operatorId)?.pop;
  }

  /**
   * Listens to an operator's events; the current pop is sent at once unless `lastEventId` shows
   * this desk already had it. Returns the unsubscribe.
   */
  subscribe(operatorId: OperatorId, listener: DeskListener, lastEventId?: string): () => void {
    const set = this.listeners.get(operatorId) ?? new Set<DeskListener>();
    this.listeners.set(operatorId, set);
    set.add(listener);
    const current = this.pops.get(operatorId);
    if (current && !this.alreadySeen(current.seq, lastEventId))
      listener(current.id, { event: 'screen-pop', data: current.pop });
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(operatorId);
    };
  }

  listenerCount(operatorId: OperatorId): number {
    return this.listeners.get(operatorId)?.size ?? 0;
  }

  private alreadySeen(seq: number, lastEventId: string | undefined): boolean {
    const m = lastEventId ? /^([0-9a-f]{8})-(\d+)$/.exec(lastEventId) : null;
    return m?.[1] === this.boot && Number(m[2]) >= seq;
  }
}
