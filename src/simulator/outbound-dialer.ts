// Outbound legs: POST /channels (originate: Stasis only on answer) and POST /channels/create + /dial
// (Stasis at once, after the 200). The far end follows its endpoint script on the simulation clock.
import { parseCallerId } from './ari-format.ts';
import { beginTeardown, remoteHangup } from './call-teardown.ts';
import type { Origination } from './endpoint-scripts.ts';
import { type AriReply, allocationFailed, ariError, noContent, ok } from './errors.ts';
import type { SimChannel } from './sim-channel.ts';
import type { SimWorld } from './sim-world.ts';

/** AST_MAX_PUBLIC_UNIQUEID. */
const MAX_UNIQUEID = 149;

export interface LegRequest {
  endpoint?: string;
  app?: string;
  appArgs?: string;
  extension?: string;
  callerId?: string;
  timeout?: number;
  channelId?: string;
  originator?: string;
  formats?: string;
  variables?: unknown;
}

type Checked = { ok: true; variables: Record<string, string> } | { ok: false; reply: AriReply };

function check(world: SimWorld, req: LegRequest): Checked {
  if (!req.endpoint) return { ok: false, reply: ariError(400, 'Endpoint must be specified') };
  if (req.channelId !== undefined && req.channelId.length > MAX_UNIQUEID) {
    return { ok: false, reply: ariError(400, `Uniqueid length exceeds maximum of ${MAX_UNIQUEID}`) };
  }
  if (req.originator && req.formats) {
    return { ok: false, reply: ariError(400, "Originator and formats can't both be specified") };
  }
  if (req.originator && !world.liveChannel(req.originator)) {
    return { ok: false, reply: ariError(400, 'Provided originator channel was not found') };
  }
  const variables: Record<string, string> = {};
  if (req.variables !== undefined) {
    if (typeof req.variables !== 'object' || req.variables === null || Array.isArray(req.variables)) {
      return { ok: false, reply: ariError(400, "'variables' must be an object") };
    }
    for (const [key, value] of Object.entries(req.variables)) {
      if (typeof value === 'string') variables[key] = value;
      else if (
        value &&
        typeof value === 'object' &&
        typeof (value as { value?: unknown }).value === 'string'
      ) {
        variables[key] = (value as { value: string }).value;
      } else {
        return {
          ok: false,
          reply: ariError(
            400,
            "Each value in 'variables' must be a string or an object with 'value' and optional 'report_events'",
          ),
        };
      }
    }
  }
  if (req.channelId !== undefined && world.records.get(req.channelId)?.alive) {
    return { ok: false, reply: ariError(409, 'Channel with given unique ID already exists') };
  }
  if (!req.endpoint.includes('/')) return { ok: false, reply: ariError(400, 'Invalid endpoint specified') };
  return { ok: true, variables };
}

function newLeg(world: SimWorld, req: LegRequest & { endpoint: string }, via: 'originate' | 'create') {
  const resolved = world.directory.resolve(req.endpoint);
  if (!resolved) return undefined;
  if (world.directory.scriptFor(req.endpoint, resolved.endpoint).answer === 'unavailable') return undefined;
  const callerId = req.callerId ? parseCallerId(req.callerId) : { name: '', number: '' };
  const ch = world.addChannel({
    id: req.channelId ?? world.nextChannelId(),
    name: world.nextChannelName(resolved.channelPrefix),
    endpoint: resolved.endpoint,
    dialString: resolved.dialString,
    origin: via,
    state: 'Down',
    // callerId sets both CallerID and ConnectedLine of the new leg (resource_channels.c).
    caller: { ...callerId },
    connected: { ...callerId },
    dialplan: { context: 'default', exten: 's', priority: 1, app_name: '', app_data: '' },
  });
  // ChannelCreated precedes the app's subscription, so only subscribeAll apps see it (R1).
  world.emitChannel('ChannelCreated', ch);
  // The app named by `app=` keeps this subscription until the channel dies (R1b).
  if (req.app) world.subs.subscribeChannel(req.app, ch.id);
  const origination: Origination = {
    channelId: ch.id,
    endpoint: resolved.endpoint,
    dialString: req.endpoint,
    via,
    app: req.app ?? null,
    appArgs: splitArgs(req.appArgs),
    callerId,
    callerChannelId: null,
    placedAt: world.timestamp(),
    result: 'dialing',
    endedAt: null,
  };
  world.originations.push(origination);
  return { ch, origination };
}

const splitArgs = (raw: string | undefined) => (raw ? raw.split(',') : []);

// Dialplan functions in `variables` act on the channel as Asterisk's func_callerid does.
function applyVariables(ch: SimChannel, variables: Record<string, string>, origination?: Origination): void {
  for (const [key, value] of Object.entries(variables)) {
    if (key === 'CALLERID(name)') ch.caller = { ...ch.caller, name: value };
    else if (key === 'CALLERID(num)') ch.caller = { ...ch.caller, number: value };
    else if (key === 'CALLERID(all)') ch.caller = parseCallerId(value);
    else if (key === 'CONNECTEDLINE(all)') ch.connected = parseCallerId(value);
    else ch.variables.set(key, value);
  }
  if (origination) origination.callerId = { ...ch.caller };
}

export function originate(world: SimWorld, req: LegRequest): AriReply {
  const checked = check(world, req);
  if (!checked.ok) return checked.reply;
  if (!req.app && !req.extension) return ariError(400, 'Application or extension must be specified');
  const leg = newLeg(world, req as LegRequest & { endpoint: string }, 'originate');
  if (!leg) return allocationFailed();
  applyVariables(leg.ch, checked.variables, leg.origination);
  leg.ch.originateRinging = true;
  // timeout: seconds, default 30, 0 means 30, -1 means none.
  const seconds = req.timeout === undefined || req.timeout === 0 ? 30 : req.timeout;
  const timeoutMs = seconds < 0 ? null : seconds * 1000;
  return ok(leg.ch.toJson(), () => startDialing(world, leg.ch, leg.origination, 'originate', timeoutMs));
}

export function create(world: SimWorld, req: LegRequest): AriReply {
  const checked = check(world, req);
  if (!checked.ok) return checked.reply;
  if (!req.app) return ariError(400, 'Application must be specified');
  const leg = newLeg(world, req as LegRequest & { endpoint: string }, 'create');
  if (!leg) return allocationFailed();
  applyVariables(leg.ch, checked.variables, leg.origination);
  const app = req.app;
  // The leg enters Stasis after the 200: a /dial sent before its StasisStart gets 409.
  return ok(leg.ch.toJson(), () => {
    if (leg.ch.alive) world.enterStasis(leg.ch, app, leg.origination.appArgs);
  });
}

export function dial(world: SimWorld, channelId: string, callerId?: string, timeout?: number): AriReply {
  const ch = world.liveChannel(channelId);
  if (!ch) return ariError(404, 'Callee not found');
  let caller: SimChannel | undefined;
  if (callerId) {
    caller = world.liveChannel(callerId);
    if (!caller) return ariError(404, 'Channel not found');
  }
  if (ch.origin !== 'create') return ariError(409, 'Dialing a channel not created by ARI');
  if (!ch.stasisApp) return ariError(409, 'Channel not in Stasis application');
  if (ch.state !== 'Down' || ch.dialed) return ariError(409, "Channel is not in the 'Down' state");
  ch.dialed = true;
  if (caller) ch.connected = { ...caller.caller };
  const origination = world.originations.find((o) => o.channelId === ch.id);
  if (origination && caller) origination.callerChannelId = caller.id;
  // /dial's timeout defaults to 0: ring forever.
  const timeoutMs = timeout && timeout > 0 ? timeout * 1000 : null;
  return noContent(() => {
    if (ch.alive && origination) startDialing(world, ch, origination, 'dial', timeoutMs);
  });
}

function startDialing(
  world: SimWorld,
  ch: SimChannel,
  origination: Origination,
  mode: 'originate' | 'dial',
  timeoutMs: number | null,
): void {
  if (!ch.alive) return;
  world.emitDial(ch, '', ch.dialString);
  const script = world.directory.scriptFor(origination.dialString, ch.endpoint);
  const afterMs = script.afterMs ?? 0;
  const timeoutTimer =
    timeoutMs === null
      ? undefined
      : world.schedule(ch, timeoutMs, () => ringTimeout(world, ch, origination, mode));

  const answer = () => {
    if (timeoutTimer) {
      world.clock.clearTimeout(timeoutTimer);
      ch.timers.delete(timeoutTimer);
    }
    ch.originateRinging = false;
    ch.setState('Up');
    world.emitChannel('ChannelStateChange', ch);
    // The recordings show an empty dialstring on the ANSWER of a /dial.
    world.emitDial(ch, 'ANSWER', mode === 'dial' ? '' : ch.dialString);
    origination.result = 'answered';
    if (mode === 'originate' && origination.app) world.enterStasis(ch, origination.app, origination.appArgs);
    if (script.hangupAfterMs !== undefined) {
      world.schedule(ch, script.hangupAfterMs, () => remoteHangup(world, ch, 'remote', 16));
    }
  };
  const busy = () => {
    origination.result = 'busy';
    beginTeardown(world, ch, {
      by: 'remote',
      hangupRequest: { cause: 17, tech_cause: 486 },
      cause: 17,
      techCause: 486,
      dialStatus: 'BUSY',
    })();
  };

  // A phone that answers at once (auto-answer) sends 200 OK without a 180 Ringing first.
  if (script.answer === 'after' && afterMs === 0) {
    answer();
    return;
  }
  if (script.answer === 'busy' && afterMs === 0) {
    busy();
    return;
  }
  ch.setState('Ringing');
  origination.result = 'ringing';
  world.emitChannel('ChannelStateChange', ch);
  // As recorded: the RINGING of a /dial has an empty dialstring.
  world.emitDial(ch, 'RINGING', mode === 'dial' ? '' : ch.dialString);
  if (script.answer === 'after') world.schedule(ch, afterMs, answer);
  else if (script.answer === 'busy') world.schedule(ch, afterMs, busy);
}

function ringTimeout(world: SimWorld, ch: SimChannel, origination: Origination, mode: 'originate' | 'dial') {
  origination.result = 'noanswer';
  // Originate: only ChannelDestroyed (cause 19 since 22.8). /dial: a soft hangup, StasisEnd, Destroyed.
  // Both report the SIP 480 the cancelled INVITE ended with, as recorded.
  beginTeardown(world, ch, {
    by: 'timeout',
    hangupRequest: mode === 'dial' ? { cause: 32, soft: true } : null,
    cause: 19,
    techCause: 480,
    dialStatus: null,
  })();
}
