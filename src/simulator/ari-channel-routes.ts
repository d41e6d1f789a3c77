// /ari/channels: the statuses and messages of resource_channels.c (NOTES §2.3).
import { HANGUP_REASONS } from './ari-format.ts';
import { queuePlayback } from './ari-play-route.ts';
import type { Route, RouteContext } from './ari-router.ts';
import { beginTeardown } from './call-teardown.ts';
import { asyncCommand, syncCommand } from './control-queue.ts';
import {
  type AriReply,
  ariError,
  channelNotFound,
  invalidState,
  noContent,
  notInStasis,
  ok,
} from './errors.ts';
import { create, dial, type LegRequest, originate } from './outbound-dialer.ts';
import type { SimChannel } from './sim-channel.ts';
import type { SimWorld } from './sim-world.ts';

type Controlled = { ok: true; ch: SimChannel } | { ok: false; reply: AriReply };

/** find_control + channel_state_invalid: 404 gone, 409 not in Stasis, 412 not answered outbound leg. */
function control(world: SimWorld, id: string | undefined, checkState = true): Controlled {
  const ch = id === undefined ? undefined : world.liveChannel(id);
  if (!ch) return { ok: false, reply: channelNotFound() };
  if (!ch.stasisApp) return { ok: false, reply: notInStasis() };
  if (checkState && (ch.state === 'Down' || ch.state === 'Ringing'))
    return { ok: false, reply: invalidState() };
  return { ok: true, ch };
}

function legRequest(ctx: RouteContext): LegRequest {
  return {
    endpoint: ctx.str('endpoint'),
    app: ctx.str('app'),
    appArgs: ctx.str('appArgs'),
    extension: ctx.str('extension'),
    callerId: ctx.str('callerId'),
    timeout: ctx.int('timeout'),
    channelId: ctx.str('channelId'),
    originator: ctx.str('originator'),
    formats: ctx.str('formats'),
    variables: ctx.raw('variables'),
  };
}

function hangup(ctx: RouteContext): AriReply {
  const ch = ctx.world.liveChannel(ctx.str('channelId') ?? '');
  if (!ch) return channelNotFound();
  const reason = ctx.str('reason');
  const reasonCode = ctx.str('reason_code');
  if (reason !== undefined && reasonCode !== undefined) {
    return ariError(400, "The reason and reason_code can't both be specified");
  }
  let cause = 16;
  if (reasonCode !== undefined) {
    if (!/^\d+$/.test(reasonCode)) return ariError(400, 'Invalid reason for hangup reason code provided');
    cause = Number.parseInt(reasonCode, 10);
  } else if (reason !== undefined) {
    const mapped = HANGUP_REASONS[reason];
    if (mapped === undefined) return ariError(400, 'Invalid reason for hangup reason provided');
    cause = mapped;
  }
  // From DELETE the request blob is the soft-hangup flag {cause:32, soft:true}; the reason shows up
  // only in ChannelDestroyed.cause.
  const finish = beginTeardown(ctx.world, ch, { by: 'app', hangupRequest: { cause: 32, soft: true }, cause });
  return noContent(finish);
}

/** skipms/offsetms are checked before the media is queued (ari_channels_handle_play). */
function play(ctx: RouteContext, ch: SimChannel): AriReply {
  const skipms = ctx.int('skipms');
  const offsetms = ctx.int('offsetms');
  if (skipms !== undefined && skipms < 0) return ariError(400, 'skipms cannot be negative');
  if (offsetms !== undefined && offsetms < 0) return ariError(400, 'offsetms cannot be negative');
  // A play suspends channel MOH and does not resume it.
  return queuePlayback(ctx, {
    uri: `channel:${ch.id}`,
    queue: ch.control,
    // Still queued when the channel hung up: it runs anyway, and fails at once.
    cannotPlay: () => !ch.alive,
    onStart: () => {
      ch.mohClass = null;
    },
  });
}

function getVariable(ctx: RouteContext): AriReply {
  const name = ctx.str('variable');
  if (!name) return ariError(400, 'Variable name is required');
  const ch = ctx.world.liveChannel(ctx.str('channelId') ?? '');
  if (!ch) return ariError(404, 'Provided channel was not found');
  const fn = /^(\w+)\((.*)\)$/.exec(name);
  if (fn) {
    const [, func, arg] = fn;
    const party = func === 'CALLERID' ? ch.caller : func === 'CONNECTEDLINE' ? ch.connected : undefined;
    if (party && (arg === 'num' || arg === 'number')) return ok({ value: party.number });
    if (party && arg === 'name') return ok({ value: party.name });
    if (party && arg === 'all') return ok({ value: `"${party.name}" <${party.number}>` });
    if (func === 'CHANNEL' && arg === 'name') return ok({ value: ch.name });
    return ok({ value: '' }); // functions return "" rather than 404
  }
  const value = ch.variables.get(name);
  if (value === undefined) return ariError(404, 'Provided variable was not found');
  return ok({ value });
}

function setVariable(ctx: RouteContext, ch: SimChannel): AriReply | Promise<AriReply> {
  const name = ctx.str('variable');
  if (!name) return ariError(400, 'Variable name is required');
  const value = ctx.str('value') ?? '';
  // Set in the channel's thread: it waits behind a playing playback. (A flushed request would fail
  // with 400, but Asterisk still runs queued commands after a hang-up, so this one runs too.)
  return syncCommand(
    ch.control,
    'setChannelVar',
    () => applyVariable(ctx, ch, name, value),
    failedToExecute(),
  );
}

const failedToExecute = () => ariError(400, 'Failed to execute function');
const failedToAnswer = () => ariError(500, 'Failed to answer channel');

function applyVariable(ctx: RouteContext, ch: SimChannel, name: string, value: string): AriReply {
  if (name === 'CALLERID(name)' || name === 'CALLERID(num)') {
    ch.caller = name === 'CALLERID(name)' ? { ...ch.caller, name: value } : { ...ch.caller, number: value };
    ctx.world.emitChannel('ChannelCallerId', ch, {
      caller_presentation: 0,
      caller_presentation_txt: 'Presentation Allowed, Not Screened',
    });
    return noContent();
  }
  ch.variables.set(name, value);
  ctx.world.emitChannel('ChannelVarset', ch, { variable: name, value });
  return noContent();
}

/** Wraps a handler that needs the channel in Stasis (and, by default, in a valid state). */
const withControl =
  (fn: (ctx: RouteContext, ch: SimChannel) => AriReply | Promise<AriReply>, checkState = true) =>
  (ctx: RouteContext): AriReply | Promise<AriReply> => {
    const c = control(ctx.world, ctx.str('channelId'), checkState);
    return c.ok ? fn(ctx, c.ch) : c.reply;
  };

export const channelRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/channels',
    handler: (ctx) => ok([...ctx.world.channels.values()].map((c) => c.toJson())),
  },
  { method: 'POST', pattern: '/channels', handler: (ctx) => originate(ctx.world, legRequest(ctx)) },
  { method: 'POST', pattern: '/channels/create', handler: (ctx) => create(ctx.world, legRequest(ctx)) },
  {
    method: 'GET',
    pattern: '/channels/{channelId}',
    handler: (ctx) => {
      const ch = ctx.world.liveChannel(ctx.str('channelId') ?? '');
      return ch ? ok(ch.toJson()) : channelNotFound();
    },
  },
  {
    method: 'POST',
    pattern: '/channels/{channelId}',
    handler: (ctx) => originate(ctx.world, legRequest(ctx)),
  },
  { method: 'DELETE', pattern: '/channels/{channelId}', handler: hangup },
  {
    method: 'POST',
    pattern: '/channels/{channelId}/answer',
    // Synchronous: answers after the state change, and only once the commands before it ran.
    handler: withControl((ctx, ch) =>
      syncCommand(
        ch.control,
        'answer',
        () => {
          // Queued before a hang-up, it still runs, and fails.
          if (!ch.alive) return failedToAnswer();
          if (ch.state === 'Ring') {
            ch.setState('Up');
            ctx.world.emitChannel('ChannelStateChange', ch);
          }
          return noContent();
        },
        failedToAnswer(),
      ),
    ),
  },
  {
    method: 'POST',
    pattern: '/channels/{channelId}/ring',
    handler: withControl((_ctx, ch) => {
      asyncCommand(ch.control, 'ring', () => {});
      return noContent();
    }),
  },
  {
    method: 'DELETE',
    pattern: '/channels/{channelId}/ring',
    handler: withControl((_ctx, ch) => {
      asyncCommand(ch.control, 'ring_stop', () => {});
      return noContent();
    }),
  },
  {
    method: 'POST',
    pattern: '/channels/{channelId}/dtmf',
    handler: withControl((ctx, ch) => {
      const dtmf = ctx.str('dtmf');
      if (!dtmf) return ariError(400, 'DTMF is required');
      // Heard by the far end once its turn comes; Asterisk reports no event for sent DTMF.
      asyncCommand(ch.control, 'dtmf', () => ch.dtmfSent.push(dtmf));
      return noContent();
    }),
  },
  {
    method: 'POST',
    pattern: '/channels/{channelId}/moh',
    handler: withControl((ctx, ch) => {
      const mohClass = ctx.str('mohClass') ?? 'default';
      asyncCommand(ch.control, 'moh_start', () => {
        ch.mohClass = mohClass;
      });
      return noContent();
    }),
  },
  {
    method: 'DELETE',
    pattern: '/channels/{channelId}/moh',
    handler: withControl((_ctx, ch) => {
      asyncCommand(ch.control, 'moh_stop', () => {
        ch.mohClass = null;
      });
      return noContent();
    }),
  },
  // Playing in Ring state is allowed (early media); Down/Ringing legs get 412.
  { method: 'POST', pattern: '/channels/{channelId}/play', handler: withControl(play) },
  { method: 'POST', pattern: '/channels/{channelId}/play/{playbackId}', handler: withControl(play) },
  { method: 'GET', pattern: '/channels/{channelId}/variable', handler: getVariable },
  { method: 'POST', pattern: '/channels/{channelId}/variable', handler: withControl(setVariable, false) },
  {
    method: 'POST',
    pattern: '/channels/{channelId}/dial',
    handler: (ctx) => dial(ctx.world, ctx.str('channelId') ?? '', ctx.str('caller'), ctx.int('timeout')),
  },
];
