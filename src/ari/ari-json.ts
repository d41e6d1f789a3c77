// The slice of ARI's JSON the adapter reads (Asterisk 22.10.1, NOTES §2.1 and §2.4), checked with
// zod where it enters. Schemas are loose: Asterisk adds optional keys over releases and
// unknown keys are ignored, but a missing id or a wrong type is caught here, not in the engine.
import { z } from 'zod';
import { sanitizeCallerId } from '../domain/caller-id.ts';
import { ChannelId } from '../domain/ids.ts';
import type { ChannelInfo, ChannelState } from '../telephony/telephony-port.ts';

export const AriCallerSchema = z.object({ name: z.string().default(''), number: z.string().default('') });

export const AriChannelSchema = z.object({
  id: z.string().min(1),
  name: z.string().default(''),
  state: z.string().default('Unknown'),
  caller: AriCallerSchema.default({ name: '', number: '' }),
  dialplan: z
    .object({ context: z.string().default(''), exten: z.string().default('') })
    .partial()
    .default({}),
  creationtime: z.string().optional(),
  language: z.string().default(''),
});
export type AriChannel = z.infer<typeof AriChannelSchema>;

export const AriBridgeSchema = z.object({ id: z.string().min(1) });

export const AriPlaybackSchema = z.object({
  id: z.string().min(1),
  target_uri: z.string().default(''),
  state: z.string().default(''),
});

export const AriApplicationSchema = z.object({
  name: z.string(),
  channel_ids: z.array(z.string()).default([]),
  bridge_ids: z.array(z.string()).default([]),
});

const STATES: Record<string, ChannelState> = {
  Down: 'Down',
  Ring: 'Ring',
  Ringing: 'Ringing',
  Up: 'Up',
  Busy: 'Busy',
};

/** Asterisk has eleven channel states; the engine only distinguishes these five. */
export function toChannelState(state: string): ChannelState {
  return STATES[state] ?? 'Other';
}

/**
 * Asterisk writes `2026-11-28T12:57:43.123+0000` (offset without a colon, NOTES §2.1), which is
 * not ISO 8601 as `Date.parse` guarantees it; the colon is added before parsing.
 */
export function parseAriTimestamp(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function toChannelInfo(channel: AriChannel, fallbackCreatedAt: number): ChannelInfo {
  return {
    id: ChannelId(channel.id),
    name: channel.name,
    state: toChannelState(channel.state),
    // Cleaned where they enter: a NUL byte would make Postgres refuse the call record.
    callerNumber: sanitizeCallerId(channel.caller.number),
    callerName: sanitizeCallerId(channel.caller.name),
    exten: channel.dialplan.exten ?? '',
    language: channel.language,
    createdAt: parseAriTimestamp(channel.creationtime) ?? fallbackCreatedAt,
  };
}
