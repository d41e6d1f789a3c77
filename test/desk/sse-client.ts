// A desk in a test: opens GET /api/desk/events over a real socket and keeps every frame it
// receives (events with their ids, and heartbeat comments), for the scenario to wait on.
import http from 'node:http';

export interface SseFrame {
  id?: string;
  event?: string;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads JSON shapes freely
  data?: any;
  comment?: string;
}

export interface SseClient {
  status: number;
  frames: SseFrame[];
  /** Frames of one event name, in order. */
  events(name: string): SseFrame[];
  close(): void;
}

export function openSse(address: string, path: string, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${address}${path}`,
      { headers: { accept: 'text/event-stream', ...headers } },
      (res) => {
        const frames: SseFrame[] = [];
        let buffer = '';
        const client: SseClient = {
          status: res.statusCode ?? 0,
          frames,
          events: (name) => frames.filter((f) => f.event === name),
          close: () => req.destroy(),
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = parseFrame(buffer.slice(0, end));
            if (frame) frames.push(frame);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
        });
        res.on('error', () => undefined);
        resolve(client);
      },
    );
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}

function parseFrame(text: string): SseFrame | undefined {
  const frame: SseFrame = {};
  const data: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length > 0) frame.data = JSON.parse(data.join('\n'));
  return frame.comment !== undefined || frame.event !== undefined ? frame : undefined;
}
