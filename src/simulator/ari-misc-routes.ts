// /ari/asterisk, /applications, /playbacks, /endpoints and the read-only minimum of the rest.
import { ariTimestamp } from './ari-format.ts';
import type { Route, RouteContext } from './ari-router.ts';
import { type AriReply, ariError, noContent, ok, playbackNotFound } from './errors.ts';
import type { SimWorld } from './sim-world.ts';
import type { EventTypeFilter } from './subscriptions.ts';

export const ASTERISK_VERSION = '22.10.1';

function asteriskInfo(ctx: RouteContext): AriReply {
  const { world } = ctx;
  const started = ariTimestamp(world.startedAt);
  const info: Record<string, unknown> = {
    build: {
      os: 'Linux',
      kernel: '6.1.0',
      options: 'BUILD_NATIVE, OPTIONAL_API',
      machine: 'x86_64',
      date: '2026-01-01 00:00:00 UTC',
      user: 'cagri-simulator',
    },
    system: { version: ASTERISK_VERSION, entity_id: world.asteriskId },
    config: {
      name: 'cagri-simulator',
      default_language: 'en',
      setid: { user: 'asterisk', group: 'asterisk' },
    },
    status: { startup_time: started, last_reload_time: started },
  };
  const only = ctx.list('only');
  return ok(only.length ? Object.fromEntries(Object.entries(info).filter(([k]) => only.includes(k))) : info);
}

export function applicationJson(world: SimWorld, name: string) {
  const app = world.subs.apps.get(name);
  return {
    name,
    channel_ids: app ? [...app.channels.keys()] : [],
    bridge_ids: app ? [...app.bridges.keys()] : [],
    endpoint_ids: [],
    device_names: [],
    events_allowed: app?.allowed ?? [],
    events_disallowed: app?.disallowed ?? [],
  };
}

function subscription(ctx: RouteContext, subscribe: boolean): AriReply {
  const { world } = ctx;
  const name = ctx.str('applicationName') ?? '';
  if (!world.subs.apps.has(name)) return ariError(404, 'Application not found');
  const sources = ctx.list('eventSource');
  if (sources.length === 0) return ariError(400, 'Missing parameter eventSource');
  // Every source is checked before any subscription changes.
  const targets: Array<{ scheme: 'channel' | 'bridge'; id: string }> = [];
  for (const source of sources) {
    const [scheme, id = ''] = source.split(/:(.*)/s) as [string, string?];
    if (scheme !== 'channel' && scheme !== 'bridge')
      return ariError(400, `Invalid event source URI scheme: ${source}`);
    const exists = scheme === 'channel' ? world.liveChannel(id) : world.bridges.get(id);
    if (!exists) return ariError(422, 'Event source does not exist');
    targets.push({ scheme, id });
  }
  for (const { scheme, id } of targets) {
    if (scheme === 'channel') {
      if (subscribe) world.subs.subscribeChannel(name, id);
      else world.subs.unsubscribeChannel(name, id);
    } else if (subscribe) world.subs.subscribeBridge(name, id);
    else world.subs.unsubscribeBridge(name, id);
  }
  return ok(applicationJson(world, name));
}

/**
 * PUT /applications/{app}/eventFilter, as res/stasis/app.c stasis_app_event_filter_set: the body
 * is the filter; `{}` (or no body) clears both lists; a list that is present replaces that list,
 * an absent one is kept; every entry must name a `type`, else 400 (the disallowed list is set
 * before the allowed one is checked, as there).
 */
function eventFilter(ctx: RouteContext): AriReply {
  const name = ctx.str('applicationName') ?? '';
  if (!ctx.world.subs.apps.has(name)) return ariError(404, 'Application not found');
  const app = ctx.world.subs.ensure(name);
  const filter = ctx.body;
  const reset = Object.keys(filter).length === 0;
  for (const key of ['disallowed', 'allowed'] as const) {
    const list = reset ? null : filter[key];
    if (list === undefined) continue;
    if (list !== null && !Array.isArray(list)) return ariError(400, 'Invalid format definition');
    const entries = list ?? [];
    if (!entries.every((e) => e && typeof e === 'object' && typeof e.type === 'string' && e.type !== '')) {
      return ariError(400, 'Invalid format definition');
    }
    app[key] = list === null ? null : (entries as EventTypeFilter[]);
  }
  return ok(applicationJson(ctx.world, name));
}

function endpointJson(world: SimWorld, endpoint: string) {
  const [technology = '', resource = ''] = endpoint.split('/');
  const channelIds = [...world.channels.values()].filter((c) => c.endpoint === endpoint).map((c) => c.id);
  return { technology, resource, state: 'online', channel_ids: channelIds };
}

const notFound = (message: string) => () => ariError(404, message);

export const miscRoutes: Route[] = [
  { method: 'GET', pattern: '/asterisk/info', handler: asteriskInfo },
  {
    method: 'GET',
    pattern: '/asterisk/ping',
    handler: (ctx) =>
      ok({ asterisk_id: ctx.world.asteriskId, ping: 'pong', timestamp: ctx.world.timestamp() }),
  },
  {
    method: 'GET',
    pattern: '/asterisk/variable',
    handler: (ctx) => {
      const name = ctx.str('variable');
      if (!name) return ariError(400, 'Variable name is required');
      const value = ctx.world.globals.get(name);
      return value === undefined ? ariError(404, 'Provided variable was not found') : ok({ value });
    },
  },
  {
    method: 'POST',
    pattern: '/asterisk/variable',
    handler: (ctx) => {
      const name = ctx.str('variable');
      if (!name) return ariError(400, 'Variable name is required');
      ctx.world.globals.set(name, ctx.str('value') ?? '');
      return noContent();
    },
  },
  {
    method: 'GET',
    pattern: '/applications',
    handler: (ctx) => ok([...ctx.world.subs.apps.keys()].map((n) => applicationJson(ctx.world, n))),
  },
  {
    method: 'GET',
    pattern: '/applications/{applicationName}',
    handler: (ctx) => {
      const name = ctx.str('applicationName') ?? '';
      return ctx.world.subs.apps.has(name)
        ? ok(applicationJson(ctx.world, name))
        : ariError(404, 'Application not found');
    },
  },
  {
    method: 'POST',
    pattern: '/applications/{applicationName}/subscription',
    handler: (ctx) => subscription(ctx, true),
  },
  {
    method: 'DELETE',
    pattern: '/applications/{applicationName}/subscription',
    handler: (ctx) => subscription(ctx, false),
  },
  { method: 'PUT', pattern: '/applications/{applicationName}/eventFilter', handler: eventFilter },
  {
    method: 'GET',
    pattern: '/playbacks/{playbackId}',
    handler: (ctx) => {
      const pb = ctx.world.playbacks.get(ctx.str('playbackId') ?? '');
      return pb ? ok(pb.toJson()) : playbackNotFound();
    },
  },
  {
    method: 'DELETE',
    pattern: '/playbacks/{playbackId}',
    handler: (ctx) => {
      const result = ctx.world.playbacks.stop(ctx.str('playbackId') ?? '');
      if (result === 'not-found') return playbackNotFound();
      if (result === 'not-controllable') return ariError(500, 'Could not stop playback');
      return noContent();
    },
  },
  {
    method: 'GET',
    pattern: '/endpoints',
    handler: (ctx) => ok(ctx.world.directory.endpoints.map((e) => endpointJson(ctx.world, e))),
  },
  {
    method: 'GET',
    pattern: '/endpoints/{tech}',
    handler: (ctx) => {
      const tech = ctx.str('tech') ?? '';
      const list = ctx.world.directory.endpoints.filter((e) => e.startsWith(`${tech}/`));
      if (list.length === 0) return ariError(404, `No Endpoints found - invalid tech ${tech}`);
      return ok(list.map((e) => endpointJson(ctx.world, e)));
    },
  },
  {
    method: 'GET',
    pattern: '/endpoints/{tech}/{resource}',
    handler: (ctx) => {
      const endpoint = `${ctx.str('tech')}/${ctx.str('resource')}`;
      if (!ctx.world.directory.endpoints.includes(endpoint)) return ariError(404, 'Endpoint not found');
      return ok(endpointJson(ctx.world, endpoint));
    },
  },
  { method: 'GET', pattern: '/recordings/stored', handler: () => ok([]) },
  { method: 'GET', pattern: '/recordings/stored/{recordingName}', handler: notFound('Recording not found') },
  { method: 'GET', pattern: '/recordings/live/{recordingName}', handler: notFound('Recording not found') },
  { method: 'GET', pattern: '/sounds', handler: () => ok([]) },
  { method: 'GET', pattern: '/sounds/{soundId}', handler: notFound('Sound not found') },
  { method: 'GET', pattern: '/deviceStates', handler: () => ok([]) },
  { method: 'GET', pattern: '/deviceStates/{deviceName}', handler: notFound('Device state not found') },
  { method: 'GET', pattern: '/mailboxes', handler: () => ok([]) },
  { method: 'GET', pattern: '/mailboxes/{mailboxName}', handler: notFound('Mailbox not found') },
];
