// How a media list is cut into playbacks Asterisk can stop. Asterisk stops a playback by sending
// a stream-stop to the file being streamed; `ast_say_*` (the `digits:`, `number:` and
// `characters:` schemes) swallow it and go on with their next file, and the playback then goes
// on with its next item (res_stasis_playback.c play_on_channel, file.c
// sanitize_waitstream_return): DELETE answers 204 and the caller hears the rest. So:
// - `digits:` is spelled out as the very files `ast_say_digit_str` plays (`digits/N`), which
//   stop like any sound;
// - each other item Asterisk cannot stop gets a playback of its own, so a stop that lands on it
//   cancels everything after it (the item itself ends by itself, within a second or two);
// - consecutive stoppable items stay one playback, as the engine asked.
import { TelephonyError } from '../telephony/telephony-port.ts';

const STOPPABLE_SCHEMES = ['sound:', 'recording:', 'tone:'];

/**
 * Checks a media list for channel and bridge `play`. Asterisk splits `media` on commas, so a
 * comma inside one URI would silently break it apart: such a list is refused here.
 */
export function checkMedia(operation: string, media: readonly string[]): void {
  if (media.length === 0) throw new TelephonyError('bad-request', operation, 'no media given');
  const bad = media.find((m) => m.includes(',') || m.trim() === '');
  if (bad !== undefined) {
    throw new TelephonyError('bad-request', operation, `media URI is empty or contains a comma: "${bad}"`);
  }
}

/** The playbacks to run one after the other for `media`; one entry when nothing needs cutting. */
export function planPlaybacks(media: readonly string[]): string[][] {
  const segments: string[][] = [];
  let run: string[] = [];
  for (const item of media.flatMap(spellDigits)) {
    if (STOPPABLE_SCHEMES.some((s) => item.startsWith(s))) {
      run.push(item);
      continue;
    }
    if (run.length > 0) segments.push(run);
    run = [];
    segments.push([item]);
  }
  if (run.length > 0) segments.push(run);
  return segments;
}

/** `digits:0501` → the files say.c's `ast_say_digit_str` streams for it, in the same language. */
function spellDigits(item: string): string[] {
  if (!item.startsWith('digits:')) return [item];
  const digits = item.slice('digits:'.length);
  if (!/^[0-9]+$/.test(digits)) return [item];
  return [...digits].map((d) => `sound:digits/${d}`);
}
