// Key → audio from a capture (bench/capacity): the pcap reader, Asterisk's µ-law, the matcher and
// the split by the engine's ARI traffic, on a synthetic capture written here — a call's 200 OK with
// SDP, its keys as SIP INFO, the RTP Asterisk sends (the previous prompt, then silence, then the
// next prompt from its frame 0), and the WebSocket events and REST requests between them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AriWire } from '../../bench/capacity/ari-wire.ts';
import { KeyAudio } from '../../bench/capacity/key-audio.ts';
import { splitKeys } from '../../bench/capacity/key-split.ts';
import {
  type Packet as CapturedPacket,
  readPackets,
  type UdpDatagram,
} from '../../bench/capacity/pcap-reader.ts';
import { asteriskUlaw, FRAME_SAMPLES, promptFrames } from '../../bench/capacity/prompt-frames.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cagri-key-audio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AST = '127.0.0.1';
const SIPP = '127.0.0.2';
const SIP_PORT = 5080;
const T0 = 1_800_000_000_000; // ms

interface Packet {
  atMs: number;
  src: [string, number];
  dst: [string, number];
  payload: Buffer;
  /** A TCP segment (UDP otherwise). */
  tcp?: { seq: number; syn?: boolean };
}

function ipBytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** A pcap as tcpdump -i lo writes it: EN10MB frames, µs timestamps; or LINUX_SLL2 (-i any). */
function writePcap(file: string, packets: Packet[], linkType: 1 | 276 = 1): void {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(linkType, 20);
  parts.push(head);
  for (const p of packets) {
    let l4: Buffer;
    if (p.tcp) {
      l4 = Buffer.alloc(20);
      l4.writeUInt32BE(p.tcp.seq >>> 0, 4);
      l4[12] = 5 << 4;
      l4[13] = p.tcp.syn ? 0x02 : 0x18;
    } else {
      l4 = Buffer.alloc(8);
      l4.writeUInt16BE(8 + p.payload.length, 4);
    }
    l4.writeUInt16BE(p.src[1], 0);
    l4.writeUInt16BE(p.dst[1], 2);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + l4.length + p.payload.length, 2);
    ip[8] = 64;
    ip[9] = p.tcp ? 6 : 17;
    Buffer.from(ipBytes(p.src[0])).copy(ip, 12);
    Buffer.from(ipBytes(p.dst[0])).copy(ip, 16);
    const link = Buffer.alloc(linkType === 1 ? 14 : 20);
    if (linkType === 1) link.writeUInt16BE(0x0800, 12);
    else link.writeUInt16BE(0x0800, 0);
    const frame = Buffer.concat([link, ip, l4, p.payload]);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(p.atMs / 1000), 0);
    rec.writeUInt32LE(Math.round((p.atMs % 1000) * 1000), 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    parts.push(rec, frame);
  }
  writeFileSync(file, Buffer.concat(parts));
}

function writeWav(file: string, samples: Int16Array): void {
  const data = Buffer.alloc(samples.length * 2);
  for (const [i, s] of samples.entries()) data.writeInt16LE(s, i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([h, data]));
}

/** `silentFrames` of silence, then a tone that glides, so every frame differs. */
function prompt(silentFrames: number, hz: number, frames = 50): Int16Array {
  const s = new Int16Array(frames * FRAME_SAMPLES);
  for (let i = silentFrames * FRAME_SAMPLES; i < s.length; i++) {
    s[i] = Math.round(8000 * Math.sin((2 * Math.PI * (hz + i / 40) * i) / 8000));
  }
  return s;
}

function ulawFrame(samples: Int16Array, j: number): Buffer {
  const out = Buffer.alloc(FRAME_SAMPLES);
  for (let k = 0; k < FRAME_SAMPLES; k++) out[k] = asteriskUlaw(samples[j * FRAME_SAMPLES + k] as number);
  return out;
}

function rtp(seq: number, payload: Buffer, pt = 0): Buffer {
  const h = Buffer.alloc(12);
  h[0] = 0x80;
  h[1] = pt;
  h.writeUInt16BE(seq & 0xffff, 2);
  h.writeUInt32LE(seq * 160, 4);
  return Buffer.concat([h, payload]);
}

const sip = (text: string) => Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');

function ok200(callId: string, mediaPort: number): Buffer {
  const sdp = `v=0\no=- 1 1 IN IP4 ${AST}\ns=Asterisk\nc=IN IP4 ${AST}\nt=0 0\nm=audio ${mediaPort} RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\n`;
  return sip(
    `SIP/2.0 200 OK\nVia: SIP/2.0/UDP ${SIPP}:5999\nCall-ID: ${callId}\nCSeq: 1 INVITE\nContent-Type: application/sdp\nContent-Length: ${sdp.length}\n\n${sdp}`,
  );
}

function invite(callId: string, from: string): Buffer {
  return sip(
    `INVITE sip:1655@${AST}:${SIP_PORT} SIP/2.0\nFrom: <sip:${from}@${SIPP}:5999>;tag=1\nCall-ID: ${callId}\nCSeq: 1 INVITE\nContent-Length: 0\n\n`,
  );
}

/** A WebSocket text frame as Asterisk writes it (unmasked). */
function wsText(json: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(json));
  const head =
    body.length < 126
      ? Buffer.from([0x81, body.length])
      : Buffer.from([0x81, 126, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([head, body]);
}

function info(callId: string, cseq: number, digit: string): Buffer {
  const body = `Signal=${digit}\nDuration=160\n`;
  return sip(
    `INFO sip:1655@${AST}:${SIP_PORT} SIP/2.0\nCall-ID: ${callId}\nCSeq: ${cseq} INFO\nContent-Type: application/dtmf-relay\nContent-Length: ${body.length}\n\n${body}`,
  );
}

describe('Asterisk µ-law', () => {
  it('encodes as main/ulaw.c does (old algorithm, no zero trap, 14-bit table)', () => {
    expect(asteriskUlaw(0)).toBe(0xff);
    expect(asteriskUlaw(1000)).toBe(0xce);
    expect(asteriskUlaw(-1000)).toBe(0x4e);
    expect(asteriskUlaw(32767)).toBe(0x80);
    expect(asteriskUlaw(-32768)).toBe(0x00);
    // One table entry per 4 samples: the group's highest decides (-4..-1 → as -1).
    expect(asteriskUlaw(-4)).toBe(asteriskUlaw(-1));
  });
});

describe('key → audio from a capture', () => {
  const appeals = prompt(3, 440);
  const previous = prompt(0, 300);
  const appealsWav = path.join(dir, 'appeals.wav');
  writeWav(appealsWav, appeals);
  const frames = { '1': promptFrames(appealsWav) };

  function capture(linkType: 1 | 276 = 1, extra: Packet[] = []): CapturedPacket[] {
    const packets: Packet[] = [...extra];
    const ast: [string, number] = [AST, SIP_PORT];
    const caller: [string, number] = [SIPP, 5999];
    const media: [string, number] = [SIPP, 6000];
    packets.push({ atMs: T0, src: ast, dst: caller, payload: ok200('call-a', 12000) });
    packets.push({ atMs: T0 + 1, src: ast, dst: caller, payload: ok200('call-b', 12002) });
    // Call a: the previous prompt plays, key 1 at +100 ms (and its retransmission), 40 ms of
    // silence, then appeals from frame 0 (3 silent frames first): it starts at +140 ms.
    let seq = 0;
    for (let j = 0; j < 5; j++) {
      packets.push({
        atMs: T0 + 20 * j,
        src: [AST, 12000],
        dst: media,
        payload: rtp(seq++, ulawFrame(previous, j)),
      });
    }
    packets.push({ atMs: T0 + 100, src: caller, dst: ast, payload: info('call-a', 2, '1') });
    packets.push({ atMs: T0 + 130, src: caller, dst: ast, payload: info('call-a', 2, '1') });
    // SIPp's echo of the prompt goes the other way and must not count.
    packets.push({ atMs: T0 + 120, src: media, dst: [AST, 12000], payload: rtp(0, ulawFrame(appeals, 3)) });
    for (let j = 0; j < 2; j++) {
      packets.push({
        atMs: T0 + 101 + 20 * j,
        src: [AST, 12000],
        dst: media,
        payload: rtp(seq++, Buffer.alloc(160, 0xff)),
      });
    }
    for (let j = 0; j < 10; j++) {
      packets.push({
        atMs: T0 + 140 + 20 * j,
        src: [AST, 12000],
        dst: media,
        payload: rtp(seq++, ulawFrame(appeals, j)),
      });
    }
    // Call b: key 1, and nothing but silence after it.
    packets.push({ atMs: T0 + 200, src: caller, dst: ast, payload: info('call-b', 2, '1') });
    for (let j = 0; j < 10; j++) {
      packets.push({
        atMs: T0 + 210 + 20 * j,
        src: [AST, 12002],
        dst: media,
        payload: rtp(j, Buffer.alloc(160, 0xff)),
      });
    }
    packets.sort((a, b) => a.atMs - b.atMs);
    const file = path.join(dir, `c-${linkType}.pcap`);
    writePcap(file, packets, linkType);
    return [...readPackets(file)];
  }
  const udp = (packets: CapturedPacket[]) => packets.filter((p): p is UdpDatagram => p.proto === 'udp');

  it('reads UDP datagrams from EN10MB and LINUX_SLL2 captures alike', () => {
    for (const link of [1, 276] as const) {
      const got = capture(link);
      expect(got.length).toBe(33);
      expect(got.every((p) => p.proto === 'udp')).toBe(true);
      expect(got[0]).toMatchObject({ srcIp: AST, srcPort: SIP_PORT, dstIp: SIPP, dstPort: 5999 });
      expect(got[0]?.atMs).toBe(T0);
      expect(got.at(-1)?.payload.length).toBe(172);
    }
  });

  it('times the prompt from its first frame heard, back to its start, and counts the key never heard', () => {
    const matcher = new KeyAudio({ ip: AST, port: SIP_PORT }, frames);
    for (const d of udp(capture())) matcher.push(d);
    const report = matcher.finish();
    expect(report.keys).toBe(2);
    expect(report.unmatched).toBe(1);
    const [a, b] = report.timelines;
    expect(a).toMatchObject({ callId: 'call-a', digit: '1', frame: 3 });
    expect(a?.firstRtpAtMs).toBeCloseTo(T0 + 101, 3);
    expect(a?.matchAtMs).toBeCloseTo(T0 + 200, 3);
    expect(a?.latencyMs).toBeCloseTo(40, 3);
    expect(b).toMatchObject({ callId: 'call-b', unmatched: 'never-heard' });
    expect(report.latency.getValueAtPercentile(50) / 1000).toBeCloseTo(40, 0);
  });

  it('reads every request of a pipelined segment (a stop and a play written as one)', () => {
    const wire = new AriWire(8088);
    const requests = [
      'POST /ari/channels/ch-p/play?playbackId=ch-p%3A1&media=sound%3Agreeting',
      'DELETE /ari/playbacks/ch-p%3A1',
      'POST /ari/channels/ch-p/play?playbackId=ch-p%3A2&media=sound%3Aappeals',
    ].map((line) => `${line} HTTP/1.1\r\nHost: ari\r\nContent-Length: 0\r\n\r\n`);
    const segment = (atMs: number, text: string) => {
      const payload = Buffer.from(text, 'latin1');
      return {
        proto: 'tcp' as const,
        atMs,
        srcIp: '127.0.0.1',
        srcPort: 41010,
        dstIp: '127.0.0.1',
        dstPort: 8088,
        payload,
        seq: 1,
        syn: false,
        wireLength: payload.length,
      };
    };
    wire.push(segment(1, requests[0] as string));
    wire.push(segment(2, (requests[1] as string) + (requests[2] as string)));
    expect(wire.requests.get('ch-p')).toEqual([
      { atMs: 1, kind: 'play' },
      { atMs: 2, kind: 'stop' },
      { atMs: 2, kind: 'play' },
    ]);
  });

  it('splits key → audio into Asterisk in, engine and Asterisk out by the ARI traffic on the wire', () => {
    const ari = 8088;
    const ws: [string, number] = [AST, 41000];
    const restA: [string, number] = [AST, 41002];
    const stasisStart = wsText({
      type: 'StasisStart',
      application: 'cagri',
      args: [],
      channel: { id: 'ch-a', name: 'PJSIP/carrier-0001', caller: { name: '', number: '0500001' } },
    });
    const dtmf = wsText({
      type: 'ChannelDtmfReceived',
      digit: '1',
      duration_ms: 160,
      channel: { id: 'ch-a' },
    });
    const request = (line: string) => Buffer.from(`${line} HTTP/1.1\r\nHost: ari\r\n\r\n`, 'latin1');
    let seq = 5000;
    const fromAsterisk = (atMs: number, payload: Buffer): Packet => {
      const p = { atMs, src: [AST, ari] as [string, number], dst: ws, payload, tcp: { seq } };
      seq += payload.length;
      return p;
    };
    const half = 40;
    const extra: Packet[] = [
      { atMs: T0 - 5, src: [SIPP, 5999], dst: [AST, SIP_PORT], payload: invite('call-a', '0500001') },
      // The link is older than the capture: its first segment captured ends an earlier frame.
      fromAsterisk(T0 - 4, Buffer.from('"}}')),
      fromAsterisk(T0 - 3, stasisStart),
      {
        atMs: T0 + 2,
        src: restA,
        dst: [AST, ari],
        payload: request('POST /ari/channels/ch-a/play?playbackId=greet&media=sound%3Agreeting'),
        tcp: { seq: 1 },
      },
      // The key's event in two segments: its time is the second's. Then a retransmission of it.
      fromAsterisk(T0 + 100.9, dtmf.subarray(0, half)),
      fromAsterisk(T0 + 101.5, dtmf.subarray(half)),
      {
        atMs: T0 + 101.6,
        src: [AST, ari],
        dst: ws,
        payload: dtmf.subarray(half),
        tcp: { seq: seq - (dtmf.length - half) },
      },
      {
        atMs: T0 + 102,
        src: restA,
        dst: [AST, ari],
        payload: request('DELETE /ari/playbacks/greet'),
        tcp: { seq: 200 },
      },
      {
        atMs: T0 + 102.25,
        src: [AST, 41004],
        dst: [AST, ari],
        payload: request('POST /ari/channels/ch-a/play?playbackId=appeals&media=sound%3Aappeals'),
        tcp: { seq: 1 },
      },
    ];
    const packets = capture(1, extra);
    const matcher = new KeyAudio({ ip: AST, port: SIP_PORT }, frames);
    const wire = new AriWire(ari);
    for (const p of packets) {
      if (p.proto === 'udp') matcher.push(p);
      else wire.push(p);
    }
    expect(wire.channelByCaller.get('0500001')).toBe('ch-a');
    expect(wire.keys.get('ch-a')).toEqual([{ atMs: expect.closeTo(T0 + 101.5, 3), digit: '1' }]);
    expect(wire.requests.get('ch-a')?.map((r) => r.kind)).toEqual(['play', 'stop', 'play']);
    expect(wire.unreadable).toBe(0);
    const report = matcher.finish();
    expect(report.timelines[0]).toMatchObject({ callId: 'call-a', callerNumber: '0500001' });
    // The engine's own clock: the key handed to it at 1000 ms, the submenu's play written 0.3 ms later.
    const tap = {
      keysHanded: new Map([['ch-a', [{ digit: '1', at: 1000 }]]]),
      playsWritten: new Map([['ch-a', [900, 1000.3]]]),
    };
    const split = splitKeys(report.timelines, wire, tap);
    // call-a: key at +100, event at +101.5, play at +102.25, prompt from +140; call-b never heard.
    expect(split.split).toBe(1);
    expect(split.missing).toEqual({ caller: 0, event: 0, play: 0 });
    expect(split.asteriskIn.getValueAtPercentile(50) / 1000).toBeCloseTo(1.5, 2);
    expect(split.engine.getValueAtPercentile(50) / 1000).toBeCloseTo(0.75, 2);
    expect(split.asteriskOut.getValueAtPercentile(50) / 1000).toBeCloseTo(37.75, 1);
    // Of the engine's 0.75 ms: 0.3 handling the key, 0.45 waiting to read the event and send the play.
    expect(split.engineHandle.getValueAtPercentile(50) / 1000).toBeCloseTo(0.3, 2);
    expect(split.engineWait.getValueAtPercentile(50) / 1000).toBeCloseTo(0.45, 2);
  });
});
