// ari-client loses the HTTP status: a failed REST call rejects with `Error(<raw body>)`
// (`{"message":"Channel not found"}`, `{"error":"Allocation failed"}`, or '' for an empty body),
// and some failures reject with a bare string ("channelId is a required path param."). The only
// reliable signal left is Asterisk's message text, so errors are classified by it (NOTES §2.3,
// Appendix B). Our thin client (ari-http-rest.ts) keeps the status, but its `message` is the same
// text, classified the same way; the status only speaks when the text is missing. Everything
// leaving the adapter is a `TelephonyError` with a kind the engine acts on.
import { TelephonyError, type TelephonyErrorKind } from '../telephony/telephony-port.ts';
import { AriHttpError, AriTransportError, asteriskMessage, transportNeverReached } from './ari-http-rest.ts';
import { TimeoutError } from './with-timeout.ts';

/** Asterisk 22.10.1 message texts (res/ari/*.c, res/res_ari.c) and the kind each one means. */
const BY_MESSAGE: ReadonlyArray<readonly [RegExp, TelephonyErrorKind]> = [
  // The resource is gone: usually a concurrent hangup or a prompt that already ended (P1).
  [/^Channel not found$/, 'gone'],
  [/^Provided channel was not found$/, 'gone'],
  [/^Callee not found$/, 'gone'],
  [/^Playback not found$/, 'gone'],
  [/^Bridge not found$/, 'gone'],
  [/^Channel not in this bridge$/, 'gone'],
  [/^Provided variable was not found$/, 'gone'],
  // 500 when the answer was queued while the channel died (res_stasis_answer.c).
  [/^Failed to answer channel$/, 'gone'],
  [/^Channel not in Stasis application$/, 'not-in-stasis'],
  [/^Channel in invalid state$/, 'invalid-state'],
  [/^Channel is not in the 'Down' state$/, 'invalid-state'],
  [/^Can only \S+ while media is playing$/, 'invalid-state'],
  [/^Could not stop playback$/, 'invalid-state'],
  [/^Bridge isn't playing music$/, 'invalid-state'],
  [/^Bridge not in Stasis application$/, 'conflict'],
  [/^Dialing a channel not created by ARI$/, 'conflict'],
  [/already exists$/, 'conflict'],
  [/^Unable to create bridge\. Possible duplicate bridge id/, 'conflict'],
  [/^Channel \S+ currently recording$/, 'conflict'],
  // Asterisk could not request the channel: unknown endpoint, no contact (main/dial.c:366).
  [/^Allocation failed$/, 'unavailable'],
  [/^Asterisk not booted$/, 'disconnected'],
  // Our request was wrong; retrying it unchanged will fail the same way.
  [/^Endpoint must be specified$/, 'bad-request'],
  [/^Invalid endpoint specified$/, 'bad-request'],
  [/^Application or extension must be specified$/, 'bad-request'],
  [/^Uniqueid length exceeds maximum/, 'bad-request'],
  [/^Originator and formats can't both be specified$/, 'bad-request'],
  [/^Provided originator channel was not found$/, 'bad-request'],
  [/^Provided format \(.*\) was not found$/, 'bad-request'],
  [/^Each value in 'variables' must be/, 'bad-request'],
  [/^The reason and reason_code can't both be specified$/, 'bad-request'],
  [/^Invalid reason for hangup reason (code )?provided$/, 'bad-request'],
  [/^(skipms|offsetms) cannot be negative$/, 'bad-request'],
  [/^Failed to queue media for playback$/, 'bad-request'],
  [/^Missing operation$/, 'bad-request'],
  [/^Invalid operation /, 'bad-request'],
  [/^Missing parameter channel$/, 'bad-request'],
  [/^Variable name is required$/, 'bad-request'],
  [/^Failed to execute function$/, 'bad-request'],
  [/^Unable to read provided function$/, 'bad-request'],
  [/^Requested label can not be found$/, 'bad-request'],
  [/^Requested priority is illegal$/, 'bad-request'],
  [/^Error parsing request body$/, 'bad-request'],
  [/^Resource not found$/, 'bad-request'],
  [/^ARI URLs do not end with a slash/, 'bad-request'],
  [/^Invalid method$/, 'bad-request'],
  // swagger-client's own string rejection when a path parameter is missing or empty.
  [/ is a required path param\.$/, 'bad-request'],
];

export interface ClassifiedAriError {
  kind: TelephonyErrorKind;
  /** Asterisk's message text (or the best description we have). */
  message: string;
}

/** Extracts Asterisk's message from whatever ari-client rejected with, and classifies it. */
export function classifyAriError(err: unknown): ClassifiedAriError {
  if (err instanceof TelephonyError) return { kind: err.kind, message: err.message };
  if (err instanceof TimeoutError) return { kind: 'timeout', message: err.message };
  if (err instanceof AriTransportError) {
    // Refused: Asterisk is not there and nothing ran. Reset mid-request: it may or may not have
    // run, which is what 'timeout' means to the engine.
    return transportNeverReached(err)
      ? { kind: 'disconnected', message: err.message }
      : { kind: 'timeout', message: `${err.message}; it may or may not have run` };
  }
  if (err instanceof AriHttpError && err.message.trim() === '') return byStatus(err);
  const raw = rawText(err);
  const message = asteriskMessage(raw);
  if (message === '') return { kind: 'unknown', message: 'Asterisk answered an error with an empty body' };
  for (const [pattern, kind] of BY_MESSAGE) {
    if (pattern.test(message)) return { kind, message };
  }
  return { kind: 'unknown', message };
}

/** Wraps any failure of `operation` as a `TelephonyError` (never re-wraps one). */
export function toTelephonyError(operation: string, err: unknown): TelephonyError {
  if (err instanceof TelephonyError) return err;
  const { kind, message } = classifyAriError(err);
  return new TelephonyError(kind, operation, message);
}

const RESOURCE_PATH = /^\/ari\/(channels|bridges|playbacks)\/(?!create[/?]|create$)[^/?]+/;

/** An error answer without text: a 404 on a channel, bridge or playback is that resource gone. */
function byStatus(err: AriHttpError): ClassifiedAriError {
  const where = `${err.method} ${err.path}`;
  if (err.status === 404 && RESOURCE_PATH.test(err.path)) {
    return { kind: 'gone', message: `Asterisk answered 404 with an empty body (${where})` };
  }
  return { kind: 'unknown', message: `Asterisk answered ${err.status} with an empty body (${where})` };
}

function rawText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  if (Array.isArray(err)) return err.map(String).join('; ');
  return String(err);
}
