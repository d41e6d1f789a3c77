// A Stasis control's command queue (res/stasis/control.c): every operation on a channel in Stasis
// runs in that channel's own thread, one at a time, in the order the requests arrived. A playback is
// a command that lasts as long as the media, so an `addChannel` or `answer` sent after a `play`
// waits for the playback to end (the cause of issue 9's "caller never hears the operator").
// Synchronous commands (answer, setChannelVar, add/removeChannel) answer their HTTP request only
// when they ran; asynchronous ones (play, moh, dial, ring, dtmf) answer at once and run in turn.
// When the channel leaves Stasis the commands still waiting are completed with a failure
// (control_flush_queue), which is what a waiting request then answers with.

export type CommandOutcome = 'ran' | 'flushed';

export interface Command {
  /** For debugging: what the command is (`play`, `addChannel`, ...). */
  readonly name: string;
  /** Runs the command; it calls `done` when it is over (at once, or when its playback ends). */
  run(done: () => void): void;
}

interface Queued {
  command: Command;
  settle(outcome: CommandOutcome): void;
}

export class ControlQueue {
  private readonly waiting: Queued[] = [];
  private running: Queued | undefined;
  private closed = false;

  /** True while a command runs (e.g. a playback) or waits. */
  get busy(): boolean {
    return this.running !== undefined || this.waiting.length > 0;
  }

  /** The name of the command running now, if any. */
  get current(): string | undefined {
    return this.running?.command.name;
  }

  /**
   * Queues `command`; if nothing runs it starts now, synchronously (Asterisk's channel thread picks
   * it up within microseconds, which is why PlaybackStarted reaches the socket before the 201).
   * Resolves once the command ran, or with 'flushed' if the channel left Stasis first.
   */
  send(command: Command): Promise<CommandOutcome> {
    if (this.closed) return Promise.resolve('flushed');
    return new Promise((resolve) => {
      this.waiting.push({ command, settle: resolve });
      if (!this.running) this.next();
    });
  }

  /** The channel left Stasis: waiting commands never run; the running one finishes on its own. */
  flush(): void {
    this.closed = true;
    for (const q of this.waiting.splice(0)) q.settle('flushed');
  }

  private next(): void {
    const q = this.waiting.shift();
    this.running = q;
    if (!q) return;
    let finished = false;
    q.command.run(() => {
      if (finished) return;
      finished = true;
      q.settle('ran');
      if (this.running === q) this.next();
    });
  }
}

/**
 * A synchronous command (stasis_app_send_command): `fn` runs in turn and its reply is the answer;
 * if the channel left Stasis first, the answer is `flushed` (what the REST handler makes of -1).
 */
export async function syncCommand<R>(queue: ControlQueue, name: string, fn: () => R, flushed: R): Promise<R> {
  let result = flushed;
  const outcome = await queue.send({
    name,
    run: (done) => {
      result = fn();
      done();
    },
  });
  return outcome === 'ran' ? result : flushed;
}

/** An asynchronous command (stasis_app_send_command_async): the caller answers at once. */
export function asyncCommand(queue: ControlQueue, name: string, fn: () => void): void {
  void queue.send({
    name,
    run: (done) => {
      fn();
      done();
    },
  });
}
