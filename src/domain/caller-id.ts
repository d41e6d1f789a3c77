// Caller IDs come from the network (a SIP From header, a trunk) and are not to be trusted: a NUL
// byte made Postgres refuse the whole call record. They are cleaned once, where they enter.

/** Longest caller number or name kept; E.164 numbers are at most 15 digits, names a few words. */
export const MAX_CALLER_ID_LENGTH = 80;

/** Control characters (C0 incl. NUL, DEL, C1) and Unicode line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** The caller ID without control characters, trimmed and bounded in length. */
export function sanitizeCallerId(raw: string): string {
  return raw.replace(CONTROL, '').trim().slice(0, MAX_CALLER_ID_LENGTH);
}
