// Text → an 8 kHz mono 16-bit WAV, the format Asterisk plays without transcoding for narrowband
// calls: espeak-ng speaks each sentence in its language's voice, sox joins, resamples and
// normalises. A stand-in until a voice talent's recordings replace it.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** espeak-ng voices for the languages cagri ships texts in. */
const VOICES: Readonly<Record<string, string>> = { az: 'az', ru: 'ru', en: 'en' };
/** Words per minute: a little slower than espeak's 175, for a phone line. */
const SPEED = '150';
/** Everything besides the text that shapes a generated file: a change regenerates them all. */
export const SYNTH_SETTINGS = JSON.stringify({ VOICES, SPEED, rate: 8000, norm: -3 });

export class SpeechToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpeechToolError';
  }
}

async function version(tool: string, install: string): Promise<string> {
  try {
    const { stdout } = await run(tool, ['--version']);
    return stdout.trim().split('\n')[0] ?? tool;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new SpeechToolError(`${tool} is not installed (${install}); it is needed to generate prompts`);
    throw new SpeechToolError(`${tool} --version failed: ${(err as Error).message}`);
  }
}

/** Checks espeak-ng and sox are there; returns their version lines (part of the output hash). */
export async function speechTools(): Promise<string[]> {
  return Promise.all([
    version('espeak-ng', 'Debian: apt-get install espeak-ng'),
    version('sox', 'Debian: apt-get install sox'),
  ]);
}

export function hasVoice(language: string): boolean {
  return VOICES[language] !== undefined;
}

export interface Segment {
  language: string;
  text: string;
}

/**
 * Splits a prompt into runs of sentences by language, so a language menu that says each choice in
 * its own language ("Azərbaycan dili üçün 1. Для русского языка нажмите 2. For English, press 3.")
 * is spoken by the right voice each time. Cyrillic → ru; Azerbaijani letters → az; other Latin
 * text in an az or ru prompt → en; anything else (digits only) stays in the prompt's language.
 */
export function segments(text: string, language: string): Segment[] {
  const out: Segment[] = [];
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    if (!sentence.trim()) continue;
    const lang = /\p{Script=Cyrillic}/u.test(sentence)
      ? 'ru'
      : /[əığöüşçƏİĞÖÜŞÇ]/.test(sentence)
        ? 'az'
        : /[A-Za-z]/.test(sentence) && language !== 'en' && hasVoice('en')
          ? 'en'
          : language;
    const last = out.at(-1);
    if (last && last.language === lang) last.text += ` ${sentence}`;
    else out.push({ language: lang, text: sentence });
  }
  return out;
}

function speak(voice: string, text: string, wavFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The text goes through stdin: no argument parsing, whatever it starts with.
    const child = spawn('espeak-ng', ['-v', voice, '-s', SPEED, '-w', wavFile], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new SpeechToolError(`espeak-ng -v ${voice} failed (${code}): ${stderr.trim()}`)),
    );
    child.stdin.end(text);
  });
}

/** Speaks `text` (in `language`, switching voice per sentence) into `outFile`, atomically. */
export async function synthesize(text: string, language: string, outFile: string): Promise<void> {
  const parts = segments(text, language);
  if (parts.length === 0) throw new SpeechToolError(`nothing to say for ${outFile}`);
  const tmp = await mkdtemp(join(tmpdir(), 'cagri-prompt-'));
  try {
    const wavs: string[] = [];
    for (const [i, part] of parts.entries()) {
      const voice = VOICES[part.language];
      if (!voice) throw new SpeechToolError(`no espeak-ng voice for language "${part.language}"`);
      const wav = join(tmp, `part-${i}.wav`);
      await speak(voice, part.text, wav);
      wavs.push(wav);
    }
    // Written next to the target, then renamed: a half-written file never has the final name.
    const staged = `${outFile}.partial`;
    const format = ['-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'wav'];
    await run('sox', [...wavs, ...format, staged, 'norm', '-3']).catch(async (err: unknown) => {
      await rm(staged, { force: true });
      throw new SpeechToolError(`sox could not write ${outFile}: ${(err as Error).message}`);
    });
    await rename(staged, outFile);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
