// What a phone heard, measured from its recording: how long a given tone was present (Goertzel
// over 100 ms windows), and how long anything but silence was (a prompt, music, a voice).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Pcm {
  rate: number;
  samples: Int16Array;
}

/**
 * Reads 16-bit mono PCM from a WAV file. The data chunk is read to the end of the file whatever
 * its header says: a recorder that has not closed its file yet has not written the final size.
 * A file still shorter than a WAV header is an empty recording.
 */
/** RIFF header, "fmt " chunk and "data" chunk header of a plain PCM WAV file. */
const WAV_HEADER_BYTES = 44;

export function readWav(file: string): Pcm {
  const buf = readFileSync(file);
  // A recorder that has just opened its file may not have flushed the header yet: nothing heard.
  if (buf.length < WAV_HEADER_BYTES) return { rate: 8000, samples: new Int16Array(0) };
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${file}: not a WAV file`);
  }
  let rate = 8000;
  let off = 12;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      const format = buf.readUInt16LE(off + 8);
      const channels = buf.readUInt16LE(off + 10);
      rate = buf.readUInt32LE(off + 12);
      const bits = buf.readUInt16LE(off + 22);
      if (format !== 1 || channels !== 1 || bits !== 16) {
        throw new Error(`${file}: want 16-bit mono PCM, got format ${format}, ${channels} ch, ${bits} bit`);
      }
    }
    if (id === 'data') {
      const start = off + 8;
      const bytes = (buf.length - start) & ~1;
      const samples = new Int16Array(bytes / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(start + i * 2);
      return { rate, samples };
    }
    off += 8 + size + (size % 2);
  }
  return { rate, samples: new Int16Array(0) };
}

const WINDOW_MS = 100;
/** RMS below this (of 32768) is silence: G.711 idle noise and comfort noise stay far under it. */
const SILENCE_RMS = 300;
/** Share of a window's energy at the tone's frequency for the window to count as that tone. */
const TONE_SHARE = 0.6;

function* windows(pcm: Pcm): Generator<Int16Array> {
  const n = Math.floor((pcm.rate * WINDOW_MS) / 1000);
  for (let i = 0; i + n <= pcm.samples.length; i += n) yield pcm.samples.subarray(i, i + n);
}

function rms(w: Int16Array): number {
  let e = 0;
  for (const s of w) e += s * s;
  return Math.sqrt(e / w.length);
}

/** Share of the window's energy at `hz` (1 for a pure tone at hz, ~0 for anything else). */
export function toneShare(w: Int16Array, rate: number, hz: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const x of w) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  if (energy === 0) return 0;
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * power) / (w.length * energy);
}

export interface Heard {
  /** Seconds in which the tone dominated. */
  toneSec: number;
  /** Seconds that were not silence. */
  soundSec: number;
  totalSec: number;
}

export function analyse(pcm: Pcm, toneHz?: number): Heard {
  let tone = 0;
  let sound = 0;
  let total = 0;
  for (const w of windows(pcm)) {
    total++;
    if (rms(w) < SILENCE_RMS) continue;
    sound++;
    if (toneHz !== undefined && toneShare(w, pcm.rate, toneHz) >= TONE_SHARE) tone++;
  }
  const sec = WINDOW_MS / 1000;
  return { toneSec: tone * sec, soundSec: sound * sec, totalSec: total * sec };
}

/** Seconds of `toneHz` in a recording. */
export function toneSeconds(file: string, toneHz: number): number {
  return analyse(readWav(file), toneHz).toneSec;
}

/** Seconds of non-silence in a recording. */
export function soundSeconds(file: string): number {
  return analyse(readWav(file)).soundSec;
}

const TONE_CACHE = '/tmp/cagri-tones';

/** A long 8 kHz mono sine WAV at `hz` (what a test phone sends), made once with sox. */
export async function toneWav(hz: number, seconds = 300): Promise<string> {
  mkdirSync(TONE_CACHE, { recursive: true });
  const file = path.join(TONE_CACHE, `sine-${hz}-${seconds}s.wav`);
  if (existsSync(file)) return file;
  const tmp = `${file}.${process.pid}.wav`;
  await run('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '1',
    '-b',
    '16',
    tmp,
    'synth',
    String(seconds),
    'sine',
    String(hz),
    'vol',
    '0.5',
  ]);
  await run('mv', [tmp, file]);
  return file;
}
