// What is done each time the ARI link is (re)made, before the engine hears `connected`: the event
// filter is set again (a restarted Asterisk forgot it) and the channels already in the app are read.
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import { type ChannelInfo, TelephonyError } from '../telephony/telephony-port.ts';
import { unusedEventFilter } from './ari-event-mapper.ts';
import { AriApplicationSchema, AriChannelSchema, toChannelInfo } from './ari-json.ts';
import type { AriRestClient } from './ari-rest-client.ts';

export interface LinkContext {
  app: string;
  clock: Clock;
  logger: Logger;
  /** Whether the port's user wants `playback-started` (else Asterisk is asked not to send it). */
  playbackStarts: boolean;
  /** A request bounded by the adapter's timeout, its errors classified. */
  bounded<T>(operation: string, work: Promise<T>): Promise<T>;
}

/** Sets the event filter, then lists the app's channels (what the engine re-adopts). */
export async function prepareLink(rest: AriRestClient, ctx: LinkContext): Promise<ChannelInfo[]> {
  await filterUnusedEvents(rest, ctx);
  return channelsInApp(rest, ctx);
}

/**
 * Asks Asterisk not to send the event types the engine drops (ChannelVarset, ChannelDialplan, …),
 * sparing their JSON on both sides. Set on every connect: a restarted Asterisk forgot it. Without
 * it everything still works, only dearer, so a refusal is a warning, not a failed connect.
 */
async function filterUnusedEvents(rest: AriRestClient, ctx: LinkContext): Promise<void> {
  const setFilter = rest.applications.filter;
  if (!setFilter) {
    ctx.logger.warn('this Asterisk has no ARI event filter: every event type is sent');
    return;
  }
  try {
    await ctx.bounded(
      'eventFilter',
      setFilter.call(rest.applications, {
        applicationName: ctx.app,
        filter: unusedEventFilter({ playbackStarts: ctx.playbackStarts }),
      }),
    );
  } catch (err) {
    ctx.logger.warn({ err: String(err) }, 'ARI event filter not set: every event type is sent');
  }
}

/** GET /applications/{app} → channel_ids, then each channel; ones gone meanwhile are skipped. */
export async function channelsInApp(rest: AriRestClient, ctx: LinkContext): Promise<ChannelInfo[]> {
  const appJson = await ctx.bounded('listChannels', rest.applications.get({ applicationName: ctx.app }));
  const app = AriApplicationSchema.safeParse(appJson);
  if (!app.success) throw new TelephonyError('unknown', 'listChannels', 'unreadable application description');
  const now = ctx.clock.now();
  const channels = await Promise.all(
    app.data.channel_ids.map(async (channelId) => {
      try {
        const json = await ctx.bounded('listChannels', rest.channels.get({ channelId }));
        const parsed = AriChannelSchema.safeParse(json);
        return parsed.success ? toChannelInfo(parsed.data, now) : undefined;
      } catch (err) {
        if (err instanceof TelephonyError && err.kind === 'gone') return undefined;
        throw err;
      }
    }),
  );
  return channels.filter((c): c is ChannelInfo => c !== undefined);
}
