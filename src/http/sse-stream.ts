// One Server-Sent Events connection on a raw Node response: the headers that keep proxies from
// buffering, `id:`/`event:`/`data:` frames, and a comment line every `heartbeatMs` (on the
// engine's clock) so idle connections are not cut. Shared by the desk and the wallboard streams.
import type { ServerResponse } from 'node:http';
import type { Clock, TimerHandle } from '../domain/clock.ts';

export const HEARTBEAT_MS = 15_000;

export class SseStream {
  private timer: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly clock: Clock,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    this.beat();
  }

  /** One frame; `id` lets a client resume with Last-Event-ID. */
  send(event: string, data: unknown, id?: string): void {
    if (this.closed) return;
    const idLine = id ? `id: ${id}\n` : '';
    this.res.write(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clock.clearTimeout(this.timer);
    this.res.end();
  }

  private beat(): void {
    this.timer = this.clock.setTimeout(() => {
      if (this.closed) return;
      this.res.write(': heartbeat\n\n');
      this.beat();
    }, this.heartbeatMs);
  }
}
