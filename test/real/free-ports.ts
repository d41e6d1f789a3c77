// Free ports for real-Asterisk instances and SIP phones. Several instances (other test files,
// other processes) run on one machine at once, so every port is probed by binding it first.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** A TCP port the OS says is free on `host` (bound to 0, then released). */
export function freeTcpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** True when UDP `port` can be bound on `host` right now. */
export function udpPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, host, () => s.close(() => resolve(true)));
  });
}

/** A UDP port free on `host` that is also free as TCP (SIP over UDP; some tools bind both). */
export async function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await freeTcpPort(host);
    if (await udpPortFree(port, host)) return port;
  }
  throw new Error(`no free UDP port found on ${host} after 50 tries`);
}

export interface PortRange {
  start: number;
  end: number;
}

// RTP ranges are taken below Linux's ephemeral range (32768+), where bind(0) never lands, in
// blocks chosen at random so that concurrent processes rarely even try the same block.
const RANGE_FLOOR = 10_200;
const RANGE_CEIL = 32_000;

/** `size` consecutive UDP ports (even start, as RTP wants), every one of them free now. */
export async function freeUdpRange(size: number, host = '127.0.0.1'): Promise<PortRange> {
  const blocks = Math.floor((RANGE_CEIL - RANGE_FLOOR) / size);
  for (let i = 0; i < 40; i++) {
    const start = RANGE_FLOOR + size * Math.floor(Math.random() * blocks);
    const even = start % 2 === 0 ? start : start + 1;
    const end = even + size - 1;
    let free = true;
    for (let p = even; p <= end && free; p++) free = await udpPortFree(p, host);
    if (free) return { start: even, end };
  }
  throw new Error(`no free block of ${size} UDP ports found on ${host}`);
}
