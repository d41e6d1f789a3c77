import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ari from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchSwaggerFailure } from '../../src/ari/swagger-fail-patch.ts';

// Without the patch, ari-client.connect() against a server answering 401 both rejects AND throws
// the same string from an HTTP callback: an uncaught exception (NOTES §1.2). Vitest reports any
// uncaught exception as a failed run, so this file passing is itself the proof.
describe('patchSwaggerFailure', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"message":"Authentication required"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('lets connect() reject with the reason and throws nothing past it', async () => {
    patchSwaggerFailure();
    patchSwaggerFailure(); // idempotent
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const failure = await ari.connect(url, 'user', 'wrong').then(
        () => 'connected?',
        (e: unknown) => e,
      );
      expect(String(failure)).toMatch(/^401 : /);
      await new Promise((resolve) => setImmediate(resolve));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
