// Where a cagri caller's key → audio goes (issue 15), all on the capture's one clock:
//   Asterisk in:  the SIP INFO carrying the key → Asterisk's ChannelDtmfReceived on the WebSocket
//   engine:       that event → the engine's play request for the next prompt on the wire
//   Asterisk out: that request → the prompt's start in the RTP Asterisk sends (key-audio.ts)
// The three add up to key → audio for every key they are given for. A key is left out when its
// caller, event or request is not in the capture (the counts say how many). With the tap's times
// from inside the engine's process (ari-tap.ts, on the process's own clock), the engine's part is
// split again: its handling (the key handed to the engine → the play request written to its
// socket, which node:http does a tick after the request was made) and the rest (the event
// waiting to be read and the write reaching the wire: the process busy with other work or not
// scheduled, and the system calls).
import type * as hdr from 'hdr-histogram-js';
import type { TapReport } from './ari-tap.ts';
import { newHistogram } from './ari-tap.ts';
import type { AriWire, WireEvent, WireRequest } from './ari-wire.ts';
import type { KeyTimeline } from './key-audio.ts';

export interface KeySplitReport {
  asteriskIn: hdr.Histogram;
  engine: hdr.Histogram;
  asteriskOut: hdr.Histogram;
  /** The engine's part again, from the tap: its handling, and the rest of the engine's part. */
  engineHandle: hdr.Histogram;
  engineWait: hdr.Histogram;
  /** Keys split (of those heard). */
  split: number;
  /** Keys heard whose caller, DTMF event or play request was not found on the wire. */
  missing: { caller: number; event: number; play: number };
}

export function splitKeys(
  timelines: readonly KeyTimeline[],
  wire: AriWire,
  tap?: Pick<TapReport, 'keysHanded' | 'playsWritten'>,
): KeySplitReport {
  const report: KeySplitReport = {
    asteriskIn: newHistogram(),
    engine: newHistogram(),
    asteriskOut: newHistogram(),
    engineHandle: newHistogram(),
    engineWait: newHistogram(),
    split: 0,
    missing: { caller: 0, event: 0, play: 0 },
  };
  for (const key of timelines) {
    if (key.latencyMs === undefined) continue;
    const channel = key.callerNumber === undefined ? undefined : wire.channelByCaller.get(key.callerNumber);
    if (!channel) {
      report.missing.caller++;
      continue;
    }
    const event = firstAfter(wire.keys.get(channel), key.keyAtMs, (e: WireEvent) => e.digit === key.digit);
    if (!event) {
      report.missing.event++;
      continue;
    }
    const play = firstAfter(wire.requests.get(channel), event.atMs, (r: WireRequest) => r.kind === 'play');
    if (!play) {
      report.missing.play++;
      continue;
    }
    const audioAtMs = key.keyAtMs + key.latencyMs;
    record(report.asteriskIn, event.atMs - key.keyAtMs);
    record(report.engine, play.atMs - event.atMs);
    record(report.asteriskOut, audioAtMs - play.atMs);
    report.split++;
    // The tap's n-th key of this digit and the play written after it (the wire's are in the same order).
    const nth =
      wire.keys
        .get(channel)
        ?.filter((e) => e.digit === key.digit)
        .indexOf(event) ?? -1;
    const handed = tap?.keysHanded.get(channel)?.filter((k) => k.digit === key.digit)[nth];
    const written = handed && tap?.playsWritten.get(channel)?.find((at) => at >= handed.at);
    if (handed && written !== undefined) {
      const handle = written - handed.at;
      record(report.engineHandle, handle);
      record(report.engineWait, play.atMs - event.atMs - handle);
    }
  }
  return report;
}

function firstAfter<T extends { atMs: number }>(
  list: readonly T[] | undefined,
  atMs: number,
  match: (item: T) => boolean,
): T | undefined {
  return list?.find((item) => item.atMs >= atMs && match(item));
}

/** µs, at least 1 (a histogram holds no zero or negative values; the frame estimate can undershoot). */
function record(h: hdr.Histogram, ms: number): void {
  h.recordValue(Math.max(1, Math.round(ms * 1000)));
}
