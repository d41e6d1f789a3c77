// swagger-client 2.0.26 (pinned by ari-client 2.2.0) declares `log` as an implicit global and
// calls it with `console.log`: on every connect to Asterisk (whose resources.json says Swagger
// "1.1") it writes a raw "deprecated version of Swagger" line into stdout, i.e. into the middle
// of our JSON log, and it keeps every message it ever logged in `log.history` (a slow leak).
// The global is looked up at each call, so replacing it routes those lines to our logger at
// debug level and drops the history. Checked against the pinned version like the fail patch.
import { createRequire } from 'node:module';
import type { Logger } from '../log/logger.ts';

const PATCHED = Symbol.for('cagri.swaggerLogRouted');

type SwaggerLog = ((...args: unknown[]) => void) & { [PATCHED]?: true };

let sink: Pick<Logger, 'debug'> | undefined;

/** Routes swagger-client's global `log` to `logger` (debug); idempotent, the last logger wins. */
export function routeSwaggerLog(logger: Pick<Logger, 'debug'>): void {
  sink = logger;
  // Make sure swagger-client has run its module body (which assigns the global) before replacing it.
  const requireFromAriClient = createRequire(createRequire(import.meta.url).resolve('ari-client'));
  requireFromAriClient('swagger-client');
  const scope = globalThis as { log?: SwaggerLog };
  if (scope.log?.[PATCHED]) return;
  if (typeof scope.log !== 'function') {
    throw new Error(
      'swagger-client no longer defines a global `log`: ari-client was upgraded, review src/ari',
    );
  }
  const routed: SwaggerLog = (...args: unknown[]) => {
    sink?.debug({ swagger: args.map(String).join(' ') }, 'swagger-client message');
  };
  routed[PATCHED] = true;
  scope.log = routed;
}
