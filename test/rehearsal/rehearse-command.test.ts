// `cagri rehearse` as an admin scripts it: a child process with piped stdin, keys written once
// the line they answer has been printed, and assertions on what it prints. No sleeps: each step
// waits for an output line, with a timeout.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const LIVE = '2026-12-01T10:00:00+04:00'; // a Tuesday morning
const SATURDAY_NIGHT = '2026-12-05T22:00:00+04:00';

interface Run {
  lines: string[];
  /** Resolves with the first printed line (already printed or still to come) matching `re`. */
  line(re: RegExp, timeoutMs?: number): Promise<string>;
  press(keys: string): void;
  exit: Promise<number | null>;
  stderr(): string;
}

const children: ChildProcessWithoutNullStreams[] = [];

function rehearse(...args: string[]): Run {
  const child = spawn(process.execPath, ['bin/cagri.js', 'rehearse', ...args], { cwd: REPO });
  children.push(child);
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of [...waiters]) w();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    lines,
    line(re, timeoutMs = 45_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find((l) => re.test(l));
          if (hit === undefined) return;
          cleanup();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no line matching ${re} in:\n${lines.join('\n')}\nstderr:\n${err}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    press(keys) {
      child.stdin.write(`${keys}\n`);
    },
    exit,
    stderr: () => err,
  };
}

/** The texts of the `♪` lines printed strictly between the lines for two prompts. */
function heardTexts(lines: readonly string[], after: string, before: string): string {
  const start = lines.findIndex((l) => l.startsWith(`♪ ${after} `));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(`♪ ${before} `));
  return lines
    .slice(start + 1, end)
    .map((l) => /^♪ \S+ {2}“(.*)”$/.exec(l)?.[1])
    .filter((t) => t !== undefined)
    .join(' ');
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill();
});

// Each case is its own process, a few seconds to start through tsx (more on a busy machine).
describe('cagri rehearse', { timeout: 90_000 }, () => {
  it('walks the live menu: 1 then 0 reaches the operator queue', async () => {
    const r = rehearse('config', '--at', LIVE, '--prompt-ms', '50');
    expect(await r.line(/^Clock /)).toMatch(
      /Tue 1 Dec 2026 10:00 Asia\/Baku · live hours → menu 'main' · language az/,
    );
    expect(await r.line(/main-menu/)).toMatch(/^♪ cagri\/az\/main-menu {2}“Müraciət, şikayət/);
    r.press('1');
    await r.line(/^♪ cagri\/az\/appeals /);
    r.press('0');
    await r.line(/^→ operator queue 'general' \(urgent: no, language az, reason zero\)$/);
    await r.line(/^Call ended after \d+ s: to an operator \(queue 'general'\)$/);
    expect(await r.exit).toBe(0);
    expect(r.lines.indexOf('▸ 1')).toBeGreaterThan(r.lines.findIndex((l) => l.includes('main-menu')));
  });

  it('shows the reason and what the caller keyed on the → line', async () => {
    const r = rehearse('config', '--at', LIVE, '--prompt-ms', '50');
    await r.line(/main-menu/);
    r.press('1');
    await r.line(/^♪ cagri\/az\/appeals /);
    r.press('1');
    await r.line(/^♪ cagri\/az\/complaint /);
    r.press('3');
    await r.line(/^♪ cagri\/az\/appeal-number /);
    r.press('12345#');
    await r.line(/^♪ cagri\/az\/complaint /);
    r.press('0');
    await r.line(/^→ operator queue 'general' \(urgent: no, language az, reason zero, appealNumber=12345\)$/);
    expect(await r.exit).toBe(0);
  });

  it('after hours, books a callback and says when it will come (next working day)', async () => {
    const r = rehearse('config', '--at', SATURDAY_NIGHT, '--lang', 'en', '--prompt-ms', '50');
    await r.line(/after hours → menu 'after-hours' · language en/);
    await r.line(/^♪ cagri\/en\/after-hours /);
    r.press('1');
    await r.line(/^♪ cagri\/en\/callback-offer /);
    r.press('1');
    await r.line(/^♪ cagri\/en\/callback-confirm /);
    expect(heardTexts(r.lines, 'cagri/en/callback-read-back', 'cagri/en/callback-confirm')).toBe(
      'zero fifty one hundred twenty three forty five sixty seven',
    );
    r.press('1');
    expect(await r.line(/^→ callback booked/)).toMatch(
      /^→ callback booked to \+994501234567, due Mon 7 Dec 09:00–18:00 Asia\/Baku/,
    );
    await r.line(/^♪ cagri\/en\/say\/weekday-1 {2}“Monday”$/);
    await r.line(/^Call ended after \d+ s: callback booked$/);
    expect(heardTexts(r.lines, 'cagri/en/callback-booked', 'cagri/en/goodbye')).toBe(
      'Monday December seventh at nine a.m.',
    );
    expect(await r.exit).toBe(0);
  });

  it('in Azerbaijani, the read-back and the date are Azerbaijani fragments', async () => {
    const r = rehearse('config', '--at', SATURDAY_NIGHT, '--lang', 'az', '--prompt-ms', '50');
    await r.line(/^♪ cagri\/az\/after-hours /);
    r.press('1');
    await r.line(/^♪ cagri\/az\/callback-offer /);
    r.press('1');
    await r.line(/^♪ cagri\/az\/callback-confirm /);
    expect(r.lines).toContain('♪ cagri/az/say/50  “əlli”');
    expect(heardTexts(r.lines, 'cagri/az/callback-read-back', 'cagri/az/callback-confirm')).toBe(
      'sıfır əlli yüz iyirmi üç qırx beş altmış yeddi',
    );
    r.press('1');
    await r.line(/^Call ended after \d+ s: callback booked$/);
    expect(heardTexts(r.lines, 'cagri/az/callback-booked', 'cagri/az/goodbye')).toBe(
      'yeddi dekabr bazar ertəsi saat doqquzda',
    );
    expect(await r.exit).toBe(0);
  });

  it('starts in another language and follows a refer with transfer', async () => {
    const r = rehearse('config', '--at', LIVE, '--lang', 'ru', '--prompt-ms', '50');
    await r.line(/^♪ cagri\/ru\/main-menu /);
    r.press('1');
    await r.line(/^♪ cagri\/ru\/appeals /);
    r.press('3');
    await r.line(/^♪ cagri\/ru\/other-bodies /);
    r.press('1');
    await r.line(/^♪ cagri\/ru\/say\/8 {2}“восемь”$/); // 108: сто восемь
    await r.line(/^→ put through to PJSIP\/108@trunk$/);
    await r.line(/^Call ended after \d+ s: put through to PJSIP\/108@trunk$/);
    expect(await r.exit).toBe(0);
  });

  it('q hangs up', async () => {
    const r = rehearse('config', '--at', LIVE, '--prompt-ms', '50');
    await r.line(/^♪ cagri\/az\/main-menu /);
    r.press('q');
    await r.line(/^Call ended after \d+ s: you hung up$/);
    expect(await r.exit).toBe(0);
  });

  it('refuses an invalid folder with file:line:col and exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cagri-rehearse-'));
    try {
      cpSync(path.join(REPO, 'config'), dir, { recursive: true });
      const main = path.join(dir, 'menus', 'main.yaml');
      writeFileSync(main, readFileSync(main, 'utf8').replace('node: appeals }', 'node: appeal }'));
      const r = rehearse(dir);
      expect(await r.exit).toBe(1);
      expect(r.lines.join('\n')).toMatch(
        new RegExp(`^${main.replaceAll('/', '\\/')}:\\d+:\\d+: .*appeal`, 'm'),
      );
      expect(r.lines.some((l) => l.startsWith('Rehearsing'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which numbers exist when --number is wrong', async () => {
    const r = rehearse('config', '--number', '999');
    expect(await r.exit).toBe(2);
    expect(r.stderr()).toMatch(/no service answers 999 .*numbers: 1655/);
  });
});
