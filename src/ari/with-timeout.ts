// ari-client's REST promises never settle when the TCP connection drops mid-request (NOTES §0.1,
// node-ari-client#78), so every call is raced against a timer from the injected clock.
import type { Clock } from '../domain/clock.ts';

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/**
 * Settles with `work`, or rejects with `TimeoutError` after `ms`. The losing promise keeps a
 * handler (Promise.race subscribes to both), so a late rejection is never "unhandled".
 */
export async function withTimeout<T>(work: PromiseLike<T>, ms: number, clock: Clock): Promise<T> {
  let handle: ReturnType<Clock['setTimeout']> | undefined;
  const timer = new Promise<never>((_, reject) => {
    handle = clock.setTimeout(() => reject(new TimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(work), timer]);
  } finally {
    clock.clearTimeout(handle);
  }
}
