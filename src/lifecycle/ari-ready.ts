// Start-up waits for ARI: the BullMQ worker of callbacks starts only once Asterisk is reachable.
import type { AriTelephony } from '../ari/ari-telephony.ts';
import { TelephonyError } from '../telephony/telephony-port.ts';

/** Waits for the ARI connection however long it takes (the adapter retries forever), or until aborted. */
export async function waitConnected(telephony: AriTelephony, signal: AbortSignal): Promise<void> {
  const aborted = new Promise<void>((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  while (!signal.aborted) {
    try {
      await Promise.race([telephony.waitUntilConnected(60_000), aborted]);
      return;
    } catch (err) {
      // 'timeout': still retrying, keep waiting; anything else (closed) ends the wait.
      if (!(err instanceof TelephonyError) || err.kind !== 'timeout') throw err;
    }
  }
}
