// The RTP payloads Asterisk sends when it plays a prompt to a PCMU caller, computed from the WAV
// file it reads: format_wav hands the core 160-sample (20 ms) frames from the start of the data,
// and codec_ulaw encodes them with Asterisk's own table (main/ulaw.c, the default "old" G.711
// algorithm without ZEROTRAP: AST_LIN2MU indexes a 16,384-entry table by sample >> 2, each
// entry holding the code of the group's highest sample). So frame j of the file is byte for byte
// the payload the caller receives 20 × j ms after the prompt started.
import { readWav } from '../../test/real/audio-check.ts';

export const FRAME_SAMPLES = 160;
export const FRAME_MS = 20;

/** Asterisk's linear2ulaw (main/ulaw.c, old algorithm, no ZEROTRAP) of a 16-bit sample. */
function linear2ulaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  const sign = (sample >> 8) & 0x80;
  let mag = sign ? -sample : sample;
  if (mag > CLIP) mag = CLIP;
  mag += BIAS;
  const high = (mag >> 7) & 0xff;
  const exponent = high === 0 ? 0 : 31 - Math.clz32(high);
  const mantissa = (mag >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

const LIN2MU = (() => {
  const table = new Uint8Array(16384);
  // As ast_ulaw_init fills it: in ascending order, so the last (highest) sample of each group wins.
  for (let i = -32768; i < 32768; i++) table[(i & 0xffff) >> 2] = linear2ulaw(i);
  return table;
})();

/** AST_LIN2MU: what Asterisk's slin → ulaw translation makes of a sample. */
export function asteriskUlaw(sample: number): number {
  return LIN2MU[(sample & 0xffff) >> 2] as number;
}

/** A frame worth matching: silence (and near-silence) is the same in every prompt. */
export function isDistinctive(frame: Buffer): boolean {
  return new Set(frame).size >= 24;
}

export interface PromptFrames {
  file: string;
  /** Payload (hex) → its frame's index, for the first `count` distinctive frames of the prompt. */
  byPayload: Map<string, number>;
  /** Frames in the prompt (20 ms each). */
  frames: number;
}

/**
 * The prompt's first `count` distinctive PCMU frames, by payload. Several, not one: a caller who
 * misses a packet (or a frame Asterisk happened to cut differently) still matches on the next.
 */
export function promptFrames(wavFile: string, count = 25): PromptFrames {
  const pcm = readWav(wavFile);
  if (pcm.rate !== 8000) throw new Error(`${wavFile}: ${pcm.rate} Hz; Asterisk plays 8 kHz WAV as is only`);
  const frames = Math.floor(pcm.samples.length / FRAME_SAMPLES);
  const byPayload = new Map<string, number>();
  for (let j = 0; j < frames && byPayload.size < count; j++) {
    const frame = Buffer.alloc(FRAME_SAMPLES);
    for (let k = 0; k < FRAME_SAMPLES; k++) {
      frame[k] = asteriskUlaw(pcm.samples[j * FRAME_SAMPLES + k] as number);
    }
    const hex = frame.toString('hex');
    if (isDistinctive(frame) && !byPayload.has(hex)) byPayload.set(hex, j);
  }
  if (byPayload.size === 0) throw new Error(`${wavFile}: no frame that is not silence`);
  return { file: wavFile, byPayload, frames };
}
