// What a citizen does: dial a short number, press keys, hang up. Calls enter the Stasis app the
// dialplan names; with no dialplan entry or no connected app, Stasis() fails (STASISSTATUS=FAILED)
// and the call is recorded as 'failed-to-stasis', the dialplan-fallback path.
import { remoteHangup } from './call-teardown.ts';
import { ControlError } from './errors.ts';
import type { CallState, HeardItem, RecordedEvent, SimChannel } from './sim-channel.ts';
import type { SimWorld } from './sim-world.ts';

export interface PlaceCallRequest {
  from: string;
  to: string;
}

export const DTMF_DIGITS = /^[0-9A-D*#]+$/;
const DEFAULT_DTMF_DURATION_MS = 100;
const DEFAULT_DTMF_GAP_MS = 250;

export function placeCall(world: SimWorld, req: PlaceCallRequest): { id: string } {
  const ch = world.addChannel({
    id: world.nextChannelId(),
    name: world.nextChannelName('PJSIP/trunk'),
    endpoint: 'PJSIP/trunk',
    dialString: req.to,
    origin: 'dialplan',
    state: 'Ring',
    caller: { name: '', number: req.from },
    // As recorded: an inbound leg starts with connected line = caller.
    connected: { name: '', number: req.from },
    dialplan: { context: 'from-trunk', exten: req.to, priority: 1, app_name: '', app_data: '' },
  });
  world.emitChannel('ChannelCreated', ch); // reaches subscribeAll apps only
  const entry = world.dialplan.find((e) => e.exten === req.to);
  if (!entry) {
    failToStasis(world, ch, `no dialplan entry for '${req.to}'`);
  } else if (!world.subs.isActive(entry.app)) {
    failToStasis(world, ch, `Stasis application '${entry.app}' has no WebSocket connected`);
  } else {
    ch.dialplan = { ...ch.dialplan, priority: 2 };
    world.enterStasis(ch, entry.app, entry.args ?? []);
  }
  return { id: ch.id };
}

function failToStasis(world: SimWorld, ch: SimChannel, reason: string): void {
  ch.variables.set('STASISSTATUS', 'FAILED');
  world.emitChannel('ChannelVarset', ch, { variable: 'STASISSTATUS', value: 'FAILED' });
  // The fallback dialplan plays its apology and hangs up; we keep only the record.
  remoteHangup(world, ch, 'remote', 16);
  ch.callState = 'failed-to-stasis';
  ch.failureReason = `STASISSTATUS=FAILED: ${reason}`;
}

function requireLive(world: SimWorld, id: string): SimChannel {
  const record = world.records.get(id);
  if (!record) throw new ControlError(404, `no call with id '${id}'`);
  if (!record.alive) throw new ControlError(409, `call '${id}' has already ended (${record.callState})`);
  return record;
}

/** The citizen presses keys: one ChannelDtmfReceived per digit, at the end of each tone. */
export function sendDtmf(
  world: SimWorld,
  id: string,
  digits: string,
  gapMs = DEFAULT_DTMF_GAP_MS,
  durationMs = DEFAULT_DTMF_DURATION_MS,
): void {
  if (!DTMF_DIGITS.test(digits))
    throw new ControlError(400, `digits must be 0-9, A-D, * or #; got '${digits}'`);
  const ch = requireLive(world, id);
  let at = 0;
  for (const digit of digits) {
    at += durationMs;
    world.schedule(ch, at, () =>
      world.emitChannel('ChannelDtmfReceived', ch, { digit, duration_ms: durationMs }),
    );
    at += gapMs;
  }
}

/** The citizen (or the far end of any live channel) hangs up. */
export function hangupCall(world: SimWorld, id: string): void {
  const ch = requireLive(world, id);
  remoteHangup(world, ch, ch.origin === 'dialplan' ? 'caller' : 'remote', 16);
}

export interface CallView {
  id: string;
  direction: 'inbound' | 'outbound';
  endpoint: string;
  name: string;
  from: string;
  to: string;
  state: CallState;
  channelState: string;
  failureReason: string | null;
  endedBy: string | null;
  cause: number | null;
  stasisApp: string | null;
  heard: HeardItem[];
  musicOnHold: string | null;
  dtmfSent: string[];
  bridgeId: string | null;
  bridgedWith: Array<{ channelId: string; endpoint: string; name: string }>;
  events: RecordedEvent['event'][];
}

export function callView(world: SimWorld, ch: SimChannel): CallView {
  const bridge = ch.bridgeId ? world.bridges.get(ch.bridgeId) : undefined;
  const peers = (bridge?.channels ?? [])
    .filter((id) => id !== ch.id)
    .map((id) => world.records.get(id))
    .filter((c) => c !== undefined);
  const inbound = ch.origin === 'dialplan';
  return {
    id: ch.id,
    direction: inbound ? 'inbound' : 'outbound',
    endpoint: ch.endpoint,
    name: ch.name,
    from: ch.caller.number,
    to: inbound ? ch.dialplan.exten : ch.dialString,
    state: ch.callState,
    channelState: ch.state,
    failureReason: ch.failureReason,
    endedBy: ch.endedBy,
    cause: ch.endCause,
    stasisApp: ch.stasisApp,
    heard: ch.heard.map((h) => ({ ...h })),
    musicOnHold: musicOnHold(ch, bridge),
    dtmfSent: [...ch.dtmfSent],
    bridgeId: ch.bridgeId,
    bridgedWith: peers.map((p) => ({ channelId: p.id, endpoint: p.endpoint, name: p.name })),
    events: ch.events.map((e) => ({ ...e.event, deliveredTo: e.deliveredTo })),
  };
}

function musicOnHold(ch: SimChannel, bridge: { type: string; mohClass: string | null } | undefined) {
  if (!ch.alive) return null;
  if (ch.mohClass) return ch.mohClass;
  if (!bridge) return null;
  if (bridge.mohClass) return bridge.mohClass;
  // A holding-bridge participant with no announcer hears the default MOH (bridge_holding.c).
  return bridge.type === 'holding' ? 'default' : null;
}
