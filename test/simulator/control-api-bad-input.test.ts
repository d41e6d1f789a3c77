// The simulator's control API answers bad input with a 4xx and a reason: a malformed %-escape is a
// 400 (it was a 500), a body over the limit a 413 (the connection used to be dropped).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';

let sim: AriSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

/** Raw request (fetch would refuse some of these URLs itself). */
function raw(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sim.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('control API bad input', () => {
  it('a malformed %-escape: 400 with a reason, not 500', async () => {
    const r = await raw('PUT', '/sim/endpoints/PJSIP/op%zz1', Buffer.from('{"answer":"never"}'), {
      'content-type': 'application/json',
    });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ message: 'malformed %-escape in /sim/endpoints/PJSIP/op%zz1' });
  });

  it('a body over 1 MB: 413 with a reason, the connection answered, not dropped', async () => {
    const big = Buffer.alloc(2_000_000, 'a');
    const r = await raw('POST', '/sim/calls', big, { 'content-type': 'application/json' });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ message: 'request body over 1000000 bytes' });
  });

  it('a chunked body over 1 MB (no Content-Length): 413 too', async () => {
    const r = await new Promise<{ status: number }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: sim.port,
          method: 'POST',
          path: '/sim/calls',
          headers: { 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write(Buffer.alloc(100_000, 'a'));
      req.end();
    });
    expect(r.status).toBe(413);
  });

  it('the simulator still works afterwards', async () => {
    const r = await raw('POST', '/sim/calls', Buffer.from('{"from":"0501234567","to":"1655"}'), {
      'content-type': 'application/json',
    });
    expect(r.status).toBe(201);
  });
});
