// `/sim/*`: the control API for tests, the demo and people. Bodies are validated with zod; a bad
// request gets a 4xx with `{message}` saying what to fix, and changes nothing.
import { z } from 'zod';
import { DTMF_DIGITS } from './citizen-calls.ts';
import { endpointScriptSchema } from './endpoint-scripts.ts';
import { type AriReply, ControlError } from './errors.ts';
import type { SimWorld } from './sim-world.ts';

/** A reply with nothing deferred: the control API acts before it answers. */
export type ControlReply = Omit<AriReply, 'after'>;

const placeCallBody = z
  .object({
    from: z.string().trim().min(1, 'from: the caller number is required').max(64),
    to: z.string().trim().min(1, 'to: the dialled number is required').max(64),
  })
  .strict();

const dtmfBody = z
  .object({
    digits: z.string().regex(DTMF_DIGITS, 'digits: use 0-9, A-D, * and # only').max(64),
    gapMs: z.number().int().min(0).max(60_000).optional(),
    durationMs: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

const refuseBody = z.object({ ms: z.number().int().min(1).max(3_600_000) }).strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const reasons = result.error.issues.map((i) =>
      i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
    );
    throw new ControlError(400, `invalid request body: ${reasons.join('; ')}`);
  }
  return result.data;
}

type Handler = (world: SimWorld, params: string[], body: unknown) => ControlReply;

interface ControlRoute {
  method: string;
  regex: RegExp;
  handler: Handler;
}

const seg = '([^/]+)';
const routes: ControlRoute[] = [
  {
    method: 'POST',
    regex: /^\/sim\/calls$/,
    handler: (world, _p, body) => {
      const { from, to } = parse(placeCallBody, body);
      const { id } = world.placeCall({ from, to });
      const call = world.getCall(id);
      return { status: 201, body: { id, state: call?.state, failureReason: call?.failureReason ?? null } };
    },
  },
  { method: 'GET', regex: /^\/sim\/calls$/, handler: (world) => ({ status: 200, body: world.listCalls() }) },
  {
    method: 'GET',
    regex: new RegExp(`^/sim/calls/${seg}$`),
    handler: (world, [id = '']) => {
      const call = world.getCall(id);
      if (!call) throw new ControlError(404, `no call with id '${id}'`);
      return { status: 200, body: call };
    },
  },
  {
    method: 'DELETE',
    regex: new RegExp(`^/sim/calls/${seg}$`),
    handler: (world, [id = '']) => {
      world.hangup(id);
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    regex: new RegExp(`^/sim/calls/${seg}/dtmf$`),
    handler: (world, [id = ''], body) => {
      const { digits, gapMs, durationMs } = parse(dtmfBody, body);
      world.sendDtmf(id, digits, gapMs, durationMs);
      return { status: 202, body: { id, digits } };
    },
  },
  {
    method: 'GET',
    regex: /^\/sim\/endpoints$/,
    handler: (world) => ({
      status: 200,
      body: { endpoints: world.directory.endpoints, scripts: world.directory.scriptsSnapshot() },
    }),
  },
  {
    method: 'PUT',
    regex: new RegExp(`^/sim/endpoints/${seg}/${seg}$`),
    handler: (world, [tech = '', resource = ''], body) => {
      const script = parse(endpointScriptSchema, body);
      world.scriptEndpoint(tech, resource, script);
      return { status: 200, body: { endpoint: `${tech}/${resource}`, script } };
    },
  },
  {
    method: 'GET',
    regex: /^\/sim\/stats$/,
    handler: (world) => ({
      status: 200,
      body: {
        liveChannels: world.channels.size,
        bridges: world.bridges.size,
        playbacks: world.playbacks.size,
        callRecords: world.records.size,
        cpuMicros: process.cpuUsage(),
        memory: process.memoryUsage(),
      },
    }),
  },
  {
    method: 'GET',
    regex: /^\/sim\/originations$/,
    handler: (world) => ({ status: 200, body: world.listOriginations() }),
  },
  {
    method: 'POST',
    regex: /^\/sim\/faults\/drop-websockets$/,
    handler: (world) => ({ status: 200, body: { dropped: world.dropWebSockets() } }),
  },
  {
    method: 'POST',
    regex: /^\/sim\/faults\/refuse-websockets$/,
    handler: (world, _p, body) => {
      const { ms } = parse(refuseBody, body);
      world.refuseWebSockets(ms);
      return { status: 200, body: { refusingForMs: ms } };
    },
  },
];

export function handleControl(world: SimWorld, method: string, path: string, body: unknown): ControlReply {
  const matching = routes
    .map((r) => ({ r, m: r.regex.exec(path) }))
    .filter((x): x is { r: ControlRoute; m: RegExpExecArray } => x.m !== null);
  if (matching.length === 0) return { status: 404, body: { message: `no control endpoint at ${path}` } };
  const hit = matching.find((x) => x.r.method === method);
  if (!hit) {
    const allow = matching.map((x) => x.r.method).join(', ');
    return {
      status: 405,
      body: { message: `${method} not allowed on ${path}; use ${allow}` },
      headers: { Allow: allow },
    };
  }
  let params: string[];
  try {
    params = hit.m.slice(1).map((p) => decodeURIComponent(p));
  } catch {
    // `%zz` or a lone `%`: the client's mistake, said as such (it was a 500).
    return { status: 400, body: { message: `malformed %-escape in ${path.slice(0, 200)}` } };
  }
  try {
    return hit.r.handler(world, params, body);
  } catch (err) {
    if (err instanceof ControlError) return { status: err.status, body: { message: err.message } };
    if (err instanceof z.ZodError) return { status: 400, body: { message: err.message } };
    throw err;
  }
}
