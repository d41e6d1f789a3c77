// Wire formats Asterisk uses: timestamps, ids, cause texts and the JSON shapes of its resources.

export type ChannelState = 'Down' | 'Ring' | 'Ringing' | 'Up';

export interface CallerIdJson {
  name: string;
  number: string;
}

export interface ChannelJson {
  id: string;
  name: string;
  state: ChannelState;
  protocol_id: string;
  caller: CallerIdJson;
  connected: CallerIdJson;
  accountcode: string;
  dialplan: { context: string; exten: string; priority: number; app_name: string; app_data: string };
  creationtime: string;
  language: string;
}

export interface BridgeJson {
  id: string;
  technology: string;
  bridge_type: 'holding' | 'mixing';
  bridge_class: 'stasis';
  creator: 'Stasis';
  name: string;
  channels: string[];
  creationtime: string;
  video_mode: 'talker';
}

export interface PlaybackJson {
  id: string;
  media_uri: string;
  next_media_uri?: string;
  target_uri: string;
  language: string;
  state: 'queued' | 'playing' | 'continuing' | 'done' | 'failed';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-11-28T12:57:43.123+0000`: milliseconds and an offset without a colon (AST_ISO8601_FORMAT). */
export function ariTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `.${pad(d.getUTCMilliseconds(), 3)}+0000`
  );
}

/** Q.850 cause texts as `ast_cause2str` prints them. */
const CAUSE_TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  26: 'Answered elsewhere',
  28: 'Invalid number format (incomplete number)',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  58: 'Bearer capability not available',
  127: 'Interworking, unspecified',
};

export const causeText = (cause: number): string => CAUSE_TEXT[cause] ?? 'Unknown';

/** `reason` of `DELETE /channels/{id}` → Q.850 cause (resource_channels.c). */
export const HANGUP_REASONS: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};

/** `ast_hangup_cause_to_dial_status`. */
export function dialStatusForCause(cause: number): string {
  if (cause === 17) return 'BUSY';
  if (cause === 34) return 'CONGESTION';
  if (cause === 3 || cause === 20) return 'CHANUNAVAIL';
  return 'NOANSWER';
}

/** `"Name" <number>`, `Name <number>` or a bare number, as `ast_callerid_parse` reads it. */
export function parseCallerId(raw: string): CallerIdJson {
  const m = /^\s*(?:"([^"]*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(raw);
  if (m) return { name: (m[1] ?? m[2] ?? '').trim(), number: (m[3] ?? '').trim() };
  return { name: '', number: raw.trim() };
}
