// Raw ARI for the recorder: HTTP requests and one events WebSocket per Stasis app, everything
// written to one ordered log as it is seen. No ari-client: the recorder must show the wire itself.
import WebSocket from 'ws';
import { Normaliser, type RecordedEntry } from './recording-format.ts';

type Ev = { type: string } & Record<string, unknown>;

export interface Answer {
  status: number;
  body: unknown;
}

export class AriWire {
  readonly entries: RecordedEntry[] = [];
  private readonly sockets: WebSocket[] = [];
  private readonly auth: string;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly ariUrl: string,
    username: string,
    password: string,
  ) {
    this.auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  /** Connects the events WebSocket of `app` (Stasis() into an app without one fails). */
  async connect(app: string): Promise<void> {
    const base = new URL(this.ariUrl);
    const ws = new WebSocket(`ws://${base.host}/ari/events?app=${encodeURIComponent(app)}`, {
      headers: { Authorization: this.auth },
    });
    ws.on('message', (data) => this.push({ kind: 'event', app, ev: JSON.parse(String(data)) as Ev }));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', (err) => console.error(`[recorder] socket of ${app}:`, err.message));
    this.sockets.push(ws);
  }

  /** A request whose answer is waited for; the answer is logged when it arrives. */
  rest(method: string, path: string): Promise<Answer> {
    this.push({ kind: 'send', method, path, awaited: true });
    return this.request(method, path);
  }

  /** A request sent without waiting: logs the sending now and the answer when it comes. */
  fire(method: string, path: string): Promise<Answer> {
    this.push({ kind: 'send', method, path, awaited: false });
    return this.request(method, path);
  }

  private async request(method: string, path: string): Promise<Answer> {
    const res = await fetch(`${this.base()}${path}`, { method, headers: { Authorization: this.auth } });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    this.push({ kind: 'rest', method, path, status: res.status, body });
    return { status: res.status, body };
  }

  /** Waits until an event of `app` matches (counting from the start of the log), or fails. */
  until(app: string, match: (ev: Ev) => boolean, timeoutMs = 15_000, count = 1): Promise<Ev> {
    const found = () =>
      this.entries.filter(
        (e): e is Extract<RecordedEntry, { kind: 'event' }> =>
          e.kind === 'event' && e.app === app && match(e.ev),
      );
    return new Promise((resolve, reject) => {
      const check = () => {
        const hits = found();
        if (hits.length < count) return false;
        clearTimeout(timer);
        resolve((hits[count - 1] as Extract<RecordedEntry, { kind: 'event' }>).ev);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.entries.map((e) => (e.kind === 'event' ? `${e.app}:${e.ev.type}` : e.kind));
        reject(new Error(`timed out after ${timeoutMs} ms waiting for an event of ${app}; saw ${seen}`));
      }, timeoutMs);
      const waiter = () => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      if (!check()) this.waiters.push(waiter);
    });
  }

  untilType(app: string, type: string, extra: (ev: Ev) => boolean = () => true, count = 1) {
    return this.until(app, (e) => e.type === type && extra(e), 15_000, count);
  }

  /** Lets late events arrive (used only after a scenario's last action, before saving). */
  settle(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  /** The log with per-run values normalised. */
  normalised(): RecordedEntry[] {
    const n = new Normaliser();
    return this.entries.map((e) => {
      if (e.kind === 'event') return { ...e, ev: n.value('', e.ev) as Ev };
      if (e.kind === 'send') return { ...e, path: n.path(e.path) };
      return { ...e, path: n.path(e.path), body: n.value('', e.body) };
    });
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
  }

  private push(entry: RecordedEntry): void {
    this.entries.push(entry);
    for (const w of [...this.waiters]) w();
  }

  private base(): string {
    const base = new URL(this.ariUrl);
    return `http://${base.host}/ari`;
  }
}
