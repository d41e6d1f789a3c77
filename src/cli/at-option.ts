// `--at <iso-time>` (demo, rehearse): the instant the engine's clock starts at, to try nights,
// weekends and holidays.

/** Epoch ms of `--at`, undefined when not given; null (after saying why) when it is not a time. */
export function parseAtOption(at: string | undefined): number | undefined | null {
  if (at === undefined) return undefined;
  const startAt = Date.parse(at);
  if (!Number.isNaN(startAt)) return startAt;
  console.error(`--at: not an ISO time: ${at} (e.g. 2026-12-05T22:00:00+04:00)`);
  return null;
}
