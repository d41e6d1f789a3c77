// swagger-client 2.0.26 (pinned by ari-client 2.2.0) reports a failed API load twice: it calls
// the failure callback, so `connect()` rejects (which we handle), and then `throw message` from
// inside shred's HTTP callback (`SwaggerApi.prototype.fail`). That throw is a bare string
// ("401 : Unauthorized http://…/resources.json", "Unable to read api 'mailboxes' from path …")
// no try/catch can reach: an uncaughtException that kills the process whenever Asterisk answers
// its API docs with an error, e.g. while it boots or with a wrong password (NOTES §1.2, P16).
//
// A process-wide 'uncaughtException' listener cannot contain it: Node calls every listener, so
// the engine's own handler (or vitest's) would still see a crash. The narrowest fix is at the
// source: `fail` keeps reporting through the callback but no longer throws. It is applied once,
// to the very module instance ari-client loads, and checked against the pinned version.
import { createRequire } from 'node:module';

interface SwaggerModule {
  SwaggerApi?: { prototype: { fail?: (this: SwaggerApiLike, message: unknown) => void } };
}
interface SwaggerApiLike {
  failure: (message: unknown) => void;
}

const PATCHED = Symbol.for('cagri.swaggerFailDoesNotThrow');
let applied = false;

/** Makes swagger-client report API-load failures without throwing. Idempotent. */
export function patchSwaggerFailure(): void {
  if (applied) return;
  const requireFromAriClient = createRequire(createRequire(import.meta.url).resolve('ari-client'));
  const swagger = requireFromAriClient('swagger-client') as SwaggerModule;
  const proto = swagger.SwaggerApi?.prototype as (SwaggerModule['SwaggerApi'] & object)['prototype'] & {
    [PATCHED]?: true;
  };
  if (!proto || typeof proto.fail !== 'function') {
    throw new Error(
      'swagger-client has no SwaggerApi.prototype.fail: ari-client was upgraded, review src/ari',
    );
  }
  if (!proto[PATCHED]) {
    proto.fail = function fail(this: SwaggerApiLike, message: unknown): void {
      this.failure(message);
    };
    proto[PATCHED] = true;
  }
  applied = true;
}
