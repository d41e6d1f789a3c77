// The far ends of calls for the port contract test: who dials the short number, presses keys and
// hangs up, and which endpoint an operator answers on. One driver per backend, same behaviour.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export interface PlacedCall {
  /** The id the driver uses to act as the citizen (DTMF, hang-up). */
  callId: string;
  /** The channel that enters our Stasis app. */
  channelId: string;
}

export interface CallDriver {
  readonly name: string;
  /** An operator phone that answers when dialled. */
  readonly operatorEndpoint: string;
  /** An endpoint Asterisk cannot allocate a channel for. */
  readonly unknownEndpoint: string;
  /** A citizen dials the short number. */
  placeCall(from: string): Promise<PlacedCall>;
  /** The citizen presses keys (the call must be answered). */
  sendDtmf(call: PlacedCall, digits: string): Promise<void>;
  /** The citizen hangs up. */
  hangup(call: PlacedCall): Promise<void>;
  close(): Promise<void>;
}

async function request(method: string, url: string, body?: unknown, auth?: string): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(auth ? { Authorization: auth } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Drives the ARI simulator through its `/sim` control API. */
export class SimulatorDriver implements CallDriver {
  readonly name = 'simulator';
  readonly operatorEndpoint = 'PJSIP/op1';
  readonly unknownEndpoint = 'PJSIP/nosuchphone';

  constructor(
    private readonly url: string,
    private readonly shortNumber = '1655',
  ) {}

  /** Operators answer quickly so the test does not wait on simulated ringing. */
  async init(): Promise<void> {
    await request('PUT', `${this.url}/sim/endpoints/PJSIP/op1`, { answer: 'after', afterMs: 50 });
  }

  async placeCall(from: string): Promise<PlacedCall> {
    const { id } = (await request('POST', `${this.url}/sim/calls`, { from, to: this.shortNumber })) as {
      id: string;
    };
    return { callId: id, channelId: id };
  }

  async sendDtmf(call: PlacedCall, digits: string): Promise<void> {
    await request('POST', `${this.url}/sim/calls/${encodeURIComponent(call.callId)}/dtmf`, { digits });
  }

  async hangup(call: PlacedCall): Promise<void> {
    await request('DELETE', `${this.url}/sim/calls/${encodeURIComponent(call.callId)}`);
  }

  async close(): Promise<void> {}
}

/**
 * Drives a real Asterisk the way the recorded traces did (NOTES §R): the citizen is the `;1` half
 * of a Local channel held in a second Stasis app of its own, originated to `Local/1655@citizens`,
 * whose `;2` half runs the dialplan into our app. It expects the dialplan this repo ships
 * (asterisk-config/extensions.conf), of which it uses:
 *
 *   [citizens]
 *   exten => 1655,1,NoOp(...)
 *    same => n,Stasis(${CAGRI_APP})      ; our app: ARI_APP, default "cagri"
 *   [operators]
 *   exten => 600,1,Answer()              ; echo test: "an operator" who picks up at once and stays
 *    same => n,Echo()
 *
 * (`ARI_TEST_OPERATOR_ENDPOINT` overrides `Local/600@operators/n`), and an ari.conf user allowed
 * to write. Nothing else on that Asterisk may be registered under the app name while it runs.
 */
export class AsteriskDriver implements CallDriver {
  readonly name = 'asterisk';
  readonly operatorEndpoint = process.env.ARI_TEST_OPERATOR_ENDPOINT ?? 'Local/600@operators/n';
  readonly unknownEndpoint = 'PJSIP/cagri-no-such-endpoint';
  private readonly citizenApp = `cagri-test-citizen-${randomUUID().slice(0, 8)}`;
  private readonly auth: string;
  private socket: WebSocket | undefined;

  constructor(
    private readonly url: string,
    username: string,
    password: string,
    private readonly shortNumber = '1655',
  ) {
    this.auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  /** Registers the citizen side's Stasis app (Asterisk needs it connected to originate into it). */
  async init(): Promise<void> {
    const base = new URL(this.url);
    const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${base.host}/ari/events?app=${this.citizenApp}`, {
      headers: { Authorization: this.auth },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => {});
    this.socket = ws;
  }

  async placeCall(from: string): Promise<PlacedCall> {
    const citizen = `cit-${randomUUID()}`;
    const inApp = `in-${randomUUID()}`;
    const q = new URLSearchParams({
      endpoint: `Local/${this.shortNumber}@citizens/n`,
      app: this.citizenApp,
      callerId: `"Citizen" <${from}>`,
      channelId: citizen,
      otherChannelId: inApp,
      timeout: '30',
    });
    await request('POST', `${this.base()}/channels?${q}`, undefined, this.auth);
    return { callId: citizen, channelId: inApp };
  }

  async sendDtmf(call: PlacedCall, digits: string): Promise<void> {
    const q = new URLSearchParams({ dtmf: digits });
    await request(
      'POST',
      `${this.base()}/channels/${encodeURIComponent(call.callId)}/dtmf?${q}`,
      undefined,
      this.auth,
    );
  }

  async hangup(call: PlacedCall): Promise<void> {
    await request(
      'DELETE',
      `${this.base()}/channels/${encodeURIComponent(call.callId)}`,
      undefined,
      this.auth,
    );
  }

  async close(): Promise<void> {
    this.socket?.terminate();
  }

  private base(): string {
    const base = new URL(this.url);
    return `${base.protocol}//${base.host}/ari`;
  }
}
