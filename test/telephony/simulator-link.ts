// The one way tests link an AriTelephony to the ARI simulator: its account (cagri/cagri), the
// app `cagri`, real time for connection upkeep; callers add what their test varies.
import { AriTelephony, type AriTelephonyOptions } from '../../src/ari/ari-telephony.ts';
import { SystemClock } from '../../src/domain/clock.ts';
import type { Logger } from '../../src/log/logger.ts';

export function linkToSimulator(
  url: string,
  logger: Logger,
  opts: Partial<AriTelephonyOptions> = {},
): AriTelephony {
  return AriTelephony.start({
    url,
    username: 'cagri',
    password: 'cagri',
    app: 'cagri',
    clock: new SystemClock(),
    logger,
    ...opts,
  });
}
