// Reads the UDP datagrams and TCP segments of a classic pcap file (what `tcpdump -w` writes): a
// 24-byte global header, then per packet a 16-byte record header and the captured bytes. Read in
// chunks, so a capture of hundreds of megabytes never sits in memory whole. IPv4 only (the
// benchmark is on 127.0.0.1/127.0.0.2); other packets are skipped, never guessed at.
import { closeSync, openSync, readSync } from 'node:fs';

/** Link types this reader unwraps (tcpdump -i lo writes EN10MB; -i any writes LINUX_SLL/SLL2). */
const LINKTYPE_NULL = 0;
const LINKTYPE_EN10MB = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_IPV4 = 228;
const LINKTYPE_LINUX_SLL2 = 276;

const CHUNK = 4 << 20;

interface IpPacket {
  /** Capture time in milliseconds since the epoch (µs or ns resolution, as the file has it). */
  atMs: number;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  /** As captured: shorter than the datagram or segment when the snap length cut it. */
  payload: Buffer;
}

export interface UdpDatagram extends IpPacket {
  proto: 'udp';
}

export interface TcpSegment extends IpPacket {
  proto: 'tcp';
  seq: number;
  syn: boolean;
  /** The payload's length on the wire (more than `payload.length` when the snap length cut it). */
  wireLength: number;
}

export type Packet = UdpDatagram | TcpSegment;

export class PcapError extends Error {}

/** Every UDP datagram and TCP segment (IPv4) of the capture, in file order. */
export function* readPackets(file: string): Generator<Packet> {
  const fd = openSync(file, 'r');
  try {
    let buf: Buffer = Buffer.alloc(0);
    let eof = false;
    // Keeps at least `need` unread bytes from `off` in `buf`, reading on; false at the end.
    const fill = (off: number, need: number): { buf: Buffer; off: number } | undefined => {
      if (buf.length - off >= need) return { buf, off };
      while (!eof && buf.length - off < need) {
        const chunk = Buffer.allocUnsafe(Math.max(CHUNK, need));
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) eof = true;
        buf = Buffer.concat([buf.subarray(off), chunk.subarray(0, n)]);
        off = 0;
      }
      return buf.length - off >= need ? { buf, off } : undefined;
    };
    const head = fill(0, 24);
    if (!head) throw new PcapError(`${file}: shorter than a pcap header (did the capture start?)`);
    const magicLe = buf.readUInt32LE(0);
    let le: boolean;
    let nano: boolean;
    if (magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d) {
      le = true;
      nano = magicLe === 0xa1b23c4d;
    } else if (buf.readUInt32BE(0) === 0xa1b2c3d4 || buf.readUInt32BE(0) === 0xa1b23c4d) {
      le = false;
      nano = buf.readUInt32BE(0) === 0xa1b23c4d;
    } else if (magicLe === 0x0a0d0d0a) {
      throw new PcapError(`${file}: pcapng, not pcap (write it with tcpdump -w, or dumpcap -P)`);
    } else {
      throw new PcapError(`${file}: not a pcap file (magic ${magicLe.toString(16)})`);
    }
    const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
    const linkType = u32(buf, 20) & 0x0fffffff;
    let off = 24;
    for (;;) {
      const rec = fill(off, 16);
      if (!rec) return;
      ({ buf, off } = rec);
      const sec = u32(buf, off);
      const frac = u32(buf, off + 4);
      const caplen = u32(buf, off + 8);
      const body = fill(off + 16, caplen);
      // A capture stopped mid-write ends with a partial record: the packets before it stand.
      if (!body) return;
      ({ buf, off } = body);
      const start = off;
      off = start + caplen;
      const atMs = sec * 1000 + (nano ? frac / 1e6 : frac / 1e3);
      const ip = ipv4Start(buf.subarray(start, off), linkType, le);
      if (ip === undefined) continue;
      const p = packetOf(buf.subarray(start + ip, off), atMs);
      if (p) yield p;
    }
  } finally {
    closeSync(fd);
  }
}

/** Where the IPv4 header starts in a frame of the link type, or undefined when it is not IPv4. */
function ipv4Start(frame: Buffer, linkType: number, fileLe: boolean): number | undefined {
  switch (linkType) {
    case LINKTYPE_EN10MB: {
      if (frame.length < 14) return undefined;
      let type = frame.readUInt16BE(12);
      let at = 14;
      if (type === 0x8100 && frame.length >= 18) {
        type = frame.readUInt16BE(16);
        at = 18;
      }
      return type === 0x0800 ? at : undefined;
    }
    case LINKTYPE_LINUX_SLL:
      return frame.length >= 16 && frame.readUInt16BE(14) === 0x0800 ? 16 : undefined;
    case LINKTYPE_LINUX_SLL2:
      return frame.length >= 20 && frame.readUInt16BE(0) === 0x0800 ? 20 : undefined;
    case LINKTYPE_NULL: {
      if (frame.length < 4) return undefined;
      const family = fileLe ? frame.readUInt32LE(0) : frame.readUInt32BE(0);
      return family === 2 ? 4 : undefined;
    }
    case LINKTYPE_RAW:
    case LINKTYPE_IPV4:
      return frame.length > 0 && frame.readUInt8(0) >> 4 === 4 ? 0 : undefined;
    default:
      throw new PcapError(`link type ${linkType} is not read here (capture with tcpdump -i lo)`);
  }
}

function packetOf(ip: Buffer, atMs: number): Packet | undefined {
  const v = ip[0] ?? 0;
  if (ip.length < 20 || v >> 4 !== 4) return undefined;
  const ihl = (v & 0x0f) * 4;
  const protocol = ip[9];
  // Fragments after the first carry no UDP/TCP header (loopback's MTU means none are expected).
  const fragOffset = ip.readUInt16BE(6) & 0x1fff;
  if (fragOffset !== 0) return undefined;
  const total = ip.readUInt16BE(2) || ip.length;
  const addresses = {
    atMs,
    srcIp: `${ip.readUInt8(12)}.${ip.readUInt8(13)}.${ip.readUInt8(14)}.${ip.readUInt8(15)}`,
    dstIp: `${ip.readUInt8(16)}.${ip.readUInt8(17)}.${ip.readUInt8(18)}.${ip.readUInt8(19)}`,
  };
  if (protocol === 17 && ip.length >= ihl + 8) {
    const udpLen = ip.readUInt16BE(ihl + 4);
    const end = Math.min(ip.length, total, ihl + udpLen);
    return {
      proto: 'udp',
      ...addresses,
      srcPort: ip.readUInt16BE(ihl),
      dstPort: ip.readUInt16BE(ihl + 2),
      payload: ip.subarray(ihl + 8, Math.max(ihl + 8, end)),
    };
  }
  if (protocol === 6 && ip.length >= ihl + 20) {
    const dataAt = ihl + ((ip.readUInt8(ihl + 12) >> 4) & 0x0f) * 4;
    if (ip.length < dataAt) return undefined;
    return {
      proto: 'tcp',
      ...addresses,
      srcPort: ip.readUInt16BE(ihl),
      dstPort: ip.readUInt16BE(ihl + 2),
      seq: ip.readUInt32BE(ihl + 4),
      syn: (ip.readUInt8(ihl + 13) & 0x02) !== 0,
      wireLength: Math.max(0, total - dataAt),
      payload: ip.subarray(dataAt, Math.min(ip.length, total)),
    };
  }
  return undefined;
}
