// Key → audio, as the caller hears it (issue 15): from the SIP INFO that carries a key (SIPp →
// Asterisk) to the moment the prompt that key leads to starts in the RTP Asterisk sends that
// caller, both taken from one packet capture on loopback (capture timestamps, one clock).
//
// - The call's media: Asterisk's 200 OK to the INVITE carries its SDP, so Call-ID → Asterisk's
//   RTP address (SIPp may use one media port for every call, Asterisk never does).
// - The prompt: the first packet from that address after the key whose payload is one of the
//   prompt's own PCMU frames (prompt-frames.ts); frame j arrives 20 × j ms after the prompt
//   started, so the start is its arrival − 20 × j ms. Whatever the caller hears before (the rest
//   of the previous prompt, silence, music) never matches.
import type * as hdr from 'hdr-histogram-js';
import { newHistogram } from './ari-tap.ts';
import type { UdpDatagram } from './pcap-reader.ts';
import { FRAME_MS, type PromptFrames } from './prompt-frames.ts';

/**
 * The journey's keys (journey.xml) and the prompt each leads to, in both paths: 1 → the appeals
 * submenu (config/menus/main.yaml; native-menu.conf's Background), 0 → the position announcement,
 * which starts with queue-position (src/prompts/queue-announcement.ts; native-menu.conf's
 * Playback). Callers speak the service's first language, az. Relative to sounds/cagri.
 */
export const JOURNEY_PROMPTS: Readonly<Record<string, string>> = {
  '1': 'az/appeals.wav',
  '0': 'az/queue-position.wav',
};

export interface KeyTimeline {
  callId: string;
  /** The caller's number (the INVITE's From user): how ARI names the same caller. */
  callerNumber?: string;
  digit: string;
  /** Capture time of the INFO (ms since the epoch). */
  keyAtMs: number;
  /** The first packet Asterisk sent the caller after the key, whatever it carried. */
  firstRtpAtMs?: number;
  /** The first packet carrying the prompt, and which of its frames it was. */
  matchAtMs?: number;
  frame?: number;
  /** matchAtMs − 20 × frame − keyAtMs. */
  latencyMs?: number;
  /** Why there is no latency. */
  unmatched?: 'no-media' | 'next-key-first' | 'never-heard';
}

export interface KeyAudioReport {
  /** Key → audio in µs (hdr-histogram), every key of the journey, both digits. */
  latency: hdr.Histogram;
  byDigit: Record<string, hdr.Histogram>;
  keys: number;
  unmatched: number;
  timelines: KeyTimeline[];
}

interface Endpoint {
  ip: string;
  port: number;
}

export class KeyAudio {
  /** Asterisk's RTP address ("ip:port") → the call it belongs to now (ports are reused). */
  private callByMedia = new Map<string, string>();
  private mediaByCall = new Map<string, string>();
  private numberByCall = new Map<string, string>();
  /** The key of each call still waiting for its prompt. */
  private pending = new Map<string, KeyTimeline & { cseq: string }>();
  private seenInfo = new Set<string>();
  private timelines: KeyTimeline[] = [];

  constructor(
    private readonly asteriskSip: Endpoint,
    private readonly prompts: Readonly<Record<string, PromptFrames>>,
  ) {}

  push(d: UdpDatagram): void {
    const toSip = d.dstIp === this.asteriskSip.ip && d.dstPort === this.asteriskSip.port;
    const fromSip = d.srcIp === this.asteriskSip.ip && d.srcPort === this.asteriskSip.port;
    if (toSip || fromSip) {
      this.sip(d, toSip);
      return;
    }
    const callId = this.callByMedia.get(`${d.srcIp}:${d.srcPort}`);
    if (callId === undefined) return;
    const key = this.pending.get(callId);
    if (!key) return;
    const payload = rtpPayload(d.payload);
    if (!payload) return;
    key.firstRtpAtMs ??= d.atMs;
    const frame = this.prompts[key.digit]?.byPayload.get(payload.toString('hex'));
    if (frame === undefined) return;
    key.matchAtMs = d.atMs;
    key.frame = frame;
    key.latencyMs = d.atMs - frame * FRAME_MS - key.keyAtMs;
    this.pending.delete(callId);
  }

  /** The keys seen; those still waiting for their prompt never heard it. */
  finish(): KeyAudioReport {
    for (const key of this.pending.values()) {
      key.unmatched = this.mediaByCall.has(key.callId) ? 'never-heard' : 'no-media';
    }
    this.pending.clear();
    const latency = newHistogram();
    const byDigit: Record<string, hdr.Histogram> = {};
    for (const t of this.timelines) {
      if (t.latencyMs === undefined) continue;
      // µs, at least 1: a prompt whose frames came faster than real time can land just before.
      const us = Math.max(1, Math.round(t.latencyMs * 1000));
      latency.recordValue(us);
      byDigit[t.digit] ??= newHistogram();
      byDigit[t.digit]?.recordValue(us);
    }
    return {
      latency,
      byDigit,
      keys: this.timelines.length,
      unmatched: this.timelines.filter((t) => t.latencyMs === undefined).length,
      timelines: this.timelines,
    };
  }

  private sip(d: UdpDatagram, toAsterisk: boolean): void {
    const text = d.payload.toString('latin1');
    const split = text.indexOf('\r\n\r\n');
    const head = split < 0 ? text : text.slice(0, split);
    const body = split < 0 ? '' : text.slice(split + 4);
    const callId = header(head, /^(?:call-id|i)[ \t]*:[ \t]*(.+?)\s*$/im);
    const cseq = /^cseq[ \t]*:[ \t]*(\d+)[ \t]+(\w+)/im.exec(head);
    if (!callId || !cseq) return;
    const firstLine = head.slice(0, head.indexOf('\r\n'));
    if (toAsterisk && firstLine.startsWith('INVITE ')) {
      const from = header(head, /^(?:from|f)[ \t]*:[ \t]*.*?<?sips?:([^@>;]+)@/im);
      if (from) this.numberByCall.set(callId, from);
      return;
    }
    if (toAsterisk && firstLine.startsWith('INFO ')) {
      const digit = /^Signal[ \t]*=[ \t]*(\S+)/im.exec(body)?.[1];
      // The first copy of each INFO (SIPp retransmits until it gets the 200).
      const id = `${callId} ${cseq[1]}`;
      if (!digit || !(digit in this.prompts) || this.seenInfo.has(id)) return;
      this.seenInfo.add(id);
      const before = this.pending.get(callId);
      if (before) {
        before.unmatched = 'next-key-first';
        this.pending.delete(callId);
      }
      const callerNumber = this.numberByCall.get(callId);
      const key = {
        callId,
        ...(callerNumber === undefined ? {} : { callerNumber }),
        digit,
        keyAtMs: d.atMs,
        cseq: cseq[1] as string,
      };
      this.timelines.push(key);
      this.pending.set(callId, key);
      return;
    }
    if (!toAsterisk && /^SIP\/2\.0 200/.test(firstLine) && cseq[2]?.toUpperCase() === 'INVITE') {
      const ip = /^c=IN IP4 (\S+)/m.exec(body)?.[1];
      const port = /^m=audio (\d+)/m.exec(body)?.[1];
      if (!ip || !port) return;
      const media = `${ip}:${port}`;
      const old = this.mediaByCall.get(callId);
      if (old && this.callByMedia.get(old) === callId) this.callByMedia.delete(old);
      this.callByMedia.set(media, callId);
      this.mediaByCall.set(callId, media);
    }
  }
}

function header(head: string, re: RegExp): string | undefined {
  return re.exec(head)?.[1];
}

/** The payload of an RTP packet (version 2, PCMU), or undefined for anything else (RTCP, events). */
function rtpPayload(p: Buffer): Buffer | undefined {
  if (p.length < 12 || p[0] === undefined || p[0] >> 6 !== 2) return undefined;
  const pt = (p[1] ?? 0) & 0x7f;
  if (pt !== 0) return undefined;
  let at = 12 + 4 * (p[0] & 0x0f);
  if (p[0] & 0x10) {
    if (p.length < at + 4) return undefined;
    at += 4 + 4 * p.readUInt16BE(at + 2);
  }
  let end = p.length;
  if (p[0] & 0x20) end -= p[p.length - 1] ?? 0;
  return at < end ? p.subarray(at, end) : undefined;
}

/** A few keys' timelines, relative to the key, for checking the method by eye. */
export function formatTimelines(timelines: readonly KeyTimeline[], n: number): string {
  const rel = (ms: number | undefined, key: KeyTimeline) =>
    ms === undefined ? '–' : `+${(ms - key.keyAtMs).toFixed(1)} ms`;
  return timelines
    .slice(0, n)
    .map(
      (t) =>
        `  ${t.callId.slice(0, 24).padEnd(24)} key ${t.digit}: first RTP ${rel(t.firstRtpAtMs, t)}, ` +
        `prompt frame ${t.frame ?? '–'} at ${rel(t.matchAtMs, t)} → start ${
          t.latencyMs === undefined ? t.unmatched : `+${t.latencyMs.toFixed(1)} ms`
        }`,
    )
    .join('\n');
}
