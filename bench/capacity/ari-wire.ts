// The engine's ARI traffic as it crossed loopback, read from the same capture as the SIP and RTP
// (one clock): the events Asterisk wrote on the WebSocket and the REST requests the engine sent.
// key-split.ts lays them beside a key's SIP INFO and its prompt's first RTP, to say which side
// the time between them went to.
//
// - Events: the bytes Asterisk sent on the WebSocket connection, put back in order per connection
//   (TCP sequence numbers) and cut into frames (RFC 6455: server frames are unmasked). A frame's
//   time is that of the segment that completed it. The connection is older than the capture, so
//   a stream is read from its first segment that starts a frame; a gap (a packet the capture
//   lost, a segment the snap length cut) drops the stream until the next such segment.
// - Requests: a segment to Asterisk's HTTP port that starts with a method is a request sent then.
import { type AriRequestKind, AriRequestTargets } from './ari-request-target.ts';
import type { TcpSegment } from './pcap-reader.ts';
import { appendTo } from './per-channel.ts';

export interface WireEvent {
  atMs: number;
  digit: string;
}

export interface WireRequest {
  atMs: number;
  kind: AriRequestKind;
}

/** A connection's events being read: from a segment that started a frame, with no gap since. */
interface Stream {
  nextSeq: number;
  /** Bytes received and not yet cut into frames. */
  pending: Buffer;
  /** The 101 of an upgrade seen on this connection: its headers come before the first frame. */
  awaitingHeaders: boolean;
}

const WS_TEXT = 0x81;
/** Every request line in a segment: a pipelining client writes several requests in one. */
const REQUEST_LINES = /(?:^|\n)(GET|POST|PUT|DELETE) (\S+) HTTP\/1\.1\r\n/g;

export class AriWire {
  /** Caller number (StasisStart's channel.caller.number) → channel id. */
  readonly channelByCaller = new Map<string, string>();
  /** Per channel, its DTMF events in order. */
  readonly keys = new Map<string, WireEvent[]>();
  /** Per channel, the requests about it in order. */
  readonly requests = new Map<string, WireRequest[]>();
  /** Frames that were not JSON (never expected; counted, not guessed at). */
  unreadable = 0;
  /** Times a stream lost bytes and waited to find a frame start again. */
  gaps = 0;
  /** Connections the engine opened to Asterisk's HTTP port during the capture (its SYNs). */
  connectionsOpened = 0;
  private readonly streams = new Map<string, Stream>();
  private readonly targets = new AriRequestTargets();

  constructor(private readonly ariPort: number) {}

  push(s: TcpSegment): void {
    if (s.dstPort === this.ariPort && s.syn) this.connectionsOpened++;
    if (s.dstPort === this.ariPort) this.request(s);
    else if (s.srcPort === this.ariPort) this.fromAsterisk(s);
  }

  private request(s: TcpSegment): void {
    if (s.payload.length === 0) return;
    for (const line of s.payload.toString('latin1').matchAll(REQUEST_LINES)) {
      const target = this.targets.of(line[1] as string, line[2] as string);
      if (target) appendTo(this.requests, target.channel, { atMs: s.atMs, kind: target.kind });
    }
  }

  private fromAsterisk(s: TcpSegment): void {
    if (s.wireLength === 0) return;
    const id = `${s.dstIp}:${s.dstPort}`;
    let stream = this.streams.get(id);
    let data = s.payload;
    if (stream) {
      const behind = (stream.nextSeq - s.seq) | 0; // bytes of this segment already read
      if (behind >= s.wireLength) return; // a retransmission
      if (behind < 0 || data.length < s.wireLength) {
        this.gaps++;
        this.streams.delete(id);
        stream = undefined;
      } else {
        data = data.subarray(behind);
      }
    }
    if (!stream) {
      const upgrade = data.subarray(0, 12).toString('latin1') === 'HTTP/1.1 101';
      // Not a frame's start, or cut by the snap length: wait for a segment that starts one.
      if ((data[0] !== WS_TEXT && !upgrade) || data.length < s.wireLength) return;
      stream = { nextSeq: s.seq, pending: Buffer.alloc(0), awaitingHeaders: upgrade };
      this.streams.set(id, stream);
    }
    stream.nextSeq = (s.seq + s.wireLength) >>> 0;
    stream.pending = stream.pending.length ? Buffer.concat([stream.pending, data]) : data;
    if (stream.awaitingHeaders) {
      const end = stream.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      stream.pending = stream.pending.subarray(end + 4);
      stream.awaitingHeaders = false;
    }
    stream.pending = this.frames(stream.pending, s.atMs);
  }

  /** Reads the whole frames at the front of `buf`; returns what is left of it. */
  private frames(buf: Buffer, atMs: number): Buffer {
    let at = 0;
    for (;;) {
      if (buf.length - at < 2) break;
      const opcode = (buf[at] as number) & 0x0f;
      let len = (buf[at + 1] as number) & 0x7f;
      let head = 2;
      if (len === 126) {
        if (buf.length - at < 4) break;
        len = buf.readUInt16BE(at + 2);
        head = 4;
      } else if (len === 127) {
        if (buf.length - at < 10) break;
        len = Number(buf.readBigUInt64BE(at + 2));
        head = 10;
      }
      if (buf.length - at < head + len) break;
      if (opcode === 1) this.event(buf.subarray(at + head, at + head + len), atMs);
      at += head + len;
    }
    return Buffer.from(buf.subarray(at));
  }

  private event(payload: Buffer, atMs: number): void {
    let e: { type?: string; digit?: string; channel?: { id?: string; caller?: { number?: string } } };
    try {
      e = JSON.parse(payload.toString('utf8'));
    } catch {
      this.unreadable++;
      return;
    }
    const channel = e.channel?.id;
    if (!channel) return;
    if (e.type === 'StasisStart' && e.channel?.caller?.number) {
      this.channelByCaller.set(e.channel.caller.number, channel);
    } else if (e.type === 'ChannelDtmfReceived' && e.digit) {
      appendTo(this.keys, channel, { atMs, digit: e.digit });
    }
  }
}
