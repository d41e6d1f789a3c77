// Follows the queue for the wallboards that are open: after the queue accepts an event, once the
// burst of events it set off is over (a microtask later), a snapshot goes to every listener if what
// a supervisor sees has changed. It follows the queue only while someone listens.
import type { QueueSnapshot } from '../queue/index.ts';
import { changeKey, type WallboardView, wallboardView } from './wallboard-view.ts';

export interface WallboardQueue {
  snapshot(): QueueSnapshot;
  /** Called after every event the queue accepted; returns the unsubscribe. */
  onChanged(listener: () => void): () => void;
}

export type WallboardListener = (view: WallboardView) => void;

export class WallboardHub {
  private readonly listeners = new Set<WallboardListener>();
  private unfollow: (() => void) | undefined;
  private lastKey = '';
  private pending = false;

  constructor(
    private readonly queue: WallboardQueue,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Sends the board as it is now at once, then each change. Returns the unsubscribe. */
  subscribe(listener: WallboardListener): () => void {
    const snap = this.queue.snapshot();
    if (this.listeners.size === 0) {
      this.unfollow = this.queue.onChanged(() => this.changed());
      this.lastKey = changeKey(snap);
    }
    this.listeners.add(listener);
    listener(wallboardView(snap));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  stop(): void {
    this.unfollow?.();
    this.unfollow = undefined;
    this.listeners.clear();
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      if (this.listeners.size === 0) return;
      const snap = this.queue.snapshot();
      const key = changeKey(snap);
      if (key === this.lastKey) return;
      this.lastKey = key;
      const view = wallboardView(snap);
      for (const listener of this.listeners) {
        try {
          listener(view);
        } catch (err) {
          this.onError(err);
        }
      }
    });
  }
}
