// Which Stasis application receives which event (NOTES §2.2, rules R1–R7). Channel events go to apps
// subscribed to the channel (by entering Stasis, by creating it with app=, or explicitly), bridge
// events to apps subscribed to the bridge; StasisStart/StasisEnd/ApplicationReplaced go straight to
// the app. An app without a socket silently loses its events, as Asterisk does. An app's event
// filter (PUT /applications/{app}/eventFilter) is applied last, at the socket, as in
// res/ari/ari_websockets.c: a disallowed type is dropped; a non-empty allowed list admits only its types.

export interface EventSink {
  send(frame: string): void;
}

export interface SimApp {
  name: string;
  sink: EventSink | null;
  subscribeAll: boolean;
  channels: Map<string, number>;
  bridges: Map<string, number>;
  /** Event filter lists as Asterisk keeps them (`[{ type }]`); null: not set. */
  allowed: EventTypeFilter[] | null;
  disallowed: EventTypeFilter[] | null;
}

export interface EventTypeFilter {
  type: string;
  [key: string]: unknown;
}

export type EventBody = { type: string; timestamp: string } & Record<string, unknown>;

export class Subscriptions {
  readonly apps = new Map<string, SimApp>();

  constructor(private readonly asteriskId: string) {}

  /** Registers `name` on `sink`; returns the sink it replaced, which must get ApplicationReplaced. */
  register(name: string, sink: EventSink, subscribeAll: boolean): EventSink | null {
    const app = this.ensure(name);
    const previous = app.sink;
    app.sink = sink;
    app.subscribeAll = subscribeAll;
    return previous && previous !== sink ? previous : null;
  }

  /** A closed socket deactivates its apps, unless a newer socket took them over. */
  unregister(name: string, sink: EventSink): void {
    const app = this.apps.get(name);
    if (app && app.sink === sink) {
      app.sink = null;
      app.subscribeAll = false;
    }
  }

  isActive(name: string): boolean {
    return this.apps.get(name)?.sink != null;
  }

  ensure(name: string): SimApp {
    let app = this.apps.get(name);
    if (!app) {
      app = {
        name,
        sink: null,
        subscribeAll: false,
        channels: new Map(),
        bridges: new Map(),
        allowed: null,
        disallowed: null,
      };
      this.apps.set(name, app);
    }
    return app;
  }

  subscribeChannel(app: string, channelId: string): void {
    addRef(this.ensure(app).channels, channelId);
  }

  unsubscribeChannel(app: string, channelId: string): void {
    releaseRef(this.apps.get(app)?.channels, channelId);
  }

  subscribeBridge(app: string, bridgeId: string): void {
    addRef(this.ensure(app).bridges, bridgeId);
  }

  unsubscribeBridge(app: string, bridgeId: string): void {
    releaseRef(this.apps.get(app)?.bridges, bridgeId);
  }

  forgetChannel(channelId: string): void {
    for (const app of this.apps.values()) app.channels.delete(channelId);
  }

  forgetBridge(bridgeId: string): void {
    for (const app of this.apps.values()) app.bridges.delete(bridgeId);
  }

  /** Apps entitled to events about these channels and bridges (one copy per app, R4). */
  audience(channelIds: readonly string[], bridgeIds: readonly string[] = []): string[] {
    const out: string[] = [];
    for (const app of this.apps.values()) {
      if (
        app.subscribeAll ||
        channelIds.some((id) => app.channels.has(id)) ||
        bridgeIds.some((id) => app.bridges.has(id))
      ) {
        out.push(app.name);
      }
    }
    return out;
  }

  /** Sends one copy to each app with a socket; returns the apps that actually received it. */
  deliver(apps: readonly string[], event: EventBody): string[] {
    const delivered: string[] = [];
    for (const name of apps) {
      const app = this.apps.get(name);
      const sink = app?.sink;
      if (!sink) continue; // R5: no socket, no events
      if (!eventAllowed(app, event.type)) continue;
      this.sendTo(sink, name, event);
      delivered.push(name);
    }
    return delivered;
  }

  sendTo(sink: EventSink, app: string, event: EventBody): void {
    const known = this.apps.get(app);
    if (known && !eventAllowed(known, event.type)) return;
    sink.send(JSON.stringify({ ...event, asterisk_id: this.asteriskId, application: app }));
  }
}

/** stasis_app_event_allowed: not disallowed, and allowed (an empty or unset allowed list allows all). */
function eventAllowed(app: SimApp, type: string): boolean {
  if (app.disallowed?.some((f) => f.type === type)) return false;
  return !app.allowed?.length || app.allowed.some((f) => f.type === type);
}

/** Subscriptions are counted: each subscribe needs its own unsubscribe. */
function addRef(counts: Map<string, number>, id: string): void {
  counts.set(id, (counts.get(id) ?? 0) + 1);
}

function releaseRef(counts: Map<string, number> | undefined, id: string): void {
  if (!counts) return;
  const n = (counts.get(id) ?? 0) - 1;
  if (n <= 0) counts.delete(id);
  else counts.set(id, n);
}
