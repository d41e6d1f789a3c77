// The ARI simulator: a fake Asterisk 22.10.1 that the unmodified ari-client drives over real HTTP
// and WebSocket, plus the `/sim/*` control API. See NOTES in ../shared/ari-reference for the
// behaviour it copies.
import type { AddressInfo } from 'node:net';
import { type Clock, SystemClock } from '../domain/clock.ts';
import { createAriHttpServer } from './ari-http-server.ts';
import { type DialplanEntry, SimWorld } from './sim-world.ts';

export interface SimulatorOptions {
  host?: string;
  /** 0 = an ephemeral port. */
  port?: number;
  /** Every simulated duration (playbacks, ringing, DTMF, hangupAfterMs) runs on this clock. */
  clock?: Clock;
  username?: string;
  password?: string;
  /** Short number → Stasis app. */
  dialplan?: DialplanEntry[];
  /** `PJSIP/<number>@trunk` goes out through `PJSIP/trunk`. */
  endpoints?: string[];
  defaultPlaybackMs?: number;
  /** Media uri → duration in ms. */
  playbackMs?: Record<string, number>;
}

export interface AriSimulator {
  url: string;
  port: number;
  world: SimWorld;
  close(): Promise<void>;
}

export const DEFAULT_ENDPOINTS = ['PJSIP/op1', 'PJSIP/op2', 'PJSIP/op3', 'PJSIP/duty', 'PJSIP/trunk'];

export async function startSimulator(opts: SimulatorOptions = {}): Promise<AriSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const world = new SimWorld({
    clock: opts.clock ?? new SystemClock(),
    dialplan: opts.dialplan ?? [{ exten: '1655', app: 'cagri' }],
    endpoints: opts.endpoints ?? DEFAULT_ENDPOINTS,
    defaultPlaybackMs: opts.defaultPlaybackMs ?? 1000,
    playbackMs: opts.playbackMs ?? {},
  });
  const { server, sockets } = createAriHttpServer(world, {
    username: opts.username ?? 'cagri',
    password: opts.password ?? 'cagri',
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8088, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    world,
    async close() {
      await sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type { CallView } from './citizen-calls.ts';
export type { EndpointScript, Origination } from './endpoint-scripts.ts';
export type { DialplanEntry } from './sim-world.ts';
export { SimWorld } from './sim-world.ts';
