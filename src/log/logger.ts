// pino JSON logs. Phone numbers are masked wherever they appear in a logged object, and secrets
// are redacted by key, so a log file can be handed over without leaking who called.
import { type Logger, pino } from 'pino';

export type { Logger };

/** Keeps the first 3 and last 2 digits: `0501234567` → `050*****67`. */
export function maskNumber(number: string): string {
  const digits = number.replace(/[^\d+]/g, '');
  if (digits.length <= 5) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 5) + digits.slice(-2);
}

/** Fields that may hold a phone number. Only values that look like one are masked: an operator's
 * state change logs `from: 'available', to: 'paused'`, which must stay readable. */
const NUMBER_KEYS = new Set([
  'number',
  'callerNumber',
  'caller_number',
  'callerId',
  'phone',
  'from',
  'to',
  'destination',
]);

/** Fields holding dial strings or channel names, e.g. `PJSIP/0501234567@trunk`. */
const DIAL_KEYS = new Set(['endpoint', 'dialString', 'channelName']);

/** Digits with the separators people write between them: `+994 50 123-45-67`, `(012) 345 67 89`. */
const PHONE_LIKE = /^\+?[\d\s().-]+$/;
/** Six digits or more in a row: long enough to be a subscriber's number, longer than a short number. */
const DIGIT_RUN = /\+?\d{6,}/g;

/** Masks every run of 6+ digits in a dial string: `PJSIP/0501234567@trunk` → `PJSIP/050*****67@trunk`. */
export function maskDialString(text: string): string {
  return text.replace(DIGIT_RUN, (run) => maskNumber(run));
}

/** A value under a number key: masked when it is a phone number (6+ digits), else kept as is. */
function maskNumberField(value: string): string {
  // `from`/`to` also carry dates and times (`2026-12-01`, `2026-12-01T09:00:00+04:00`).
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return value;
  if (PHONE_LIKE.test(value)) return value.replace(/\D/g, '').length >= 6 ? maskNumber(value) : value;
  return maskDialString(value);
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && NUMBER_KEYS.has(k)) out[k] = maskNumberField(v);
    else if (typeof v === 'string' && DIAL_KEYS.has(k)) out[k] = maskDialString(v);
    else out[k] = maskDeep(v, depth + 1);
  }
  return out;
}

/**
 * Standard output, written asynchronously: a synchronous write per line cost about 8 % of the
 * engine's CPU at 300 calls (issue 15). pino registers the stream for a synchronous flush on
 * process exit (on-exit-leak-free), so lines logged just before `process.exit` are not lost;
 * `flushLog` empties it earlier where a caller wants that.
 */
function asyncStdout(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

/** Writes out what the logger still buffers (no-op for a synchronous destination). */
export function flushLog(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = opts.level ?? 'info';
  const destination = opts.destination ?? (level === 'silent' ? undefined : asyncStdout());
  return pino(
    {
      level,
      base: { service: 'cagri' },
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
      formatters: {
        log: (obj) => maskDeep(obj) as Record<string, unknown>,
      },
    },
    destination,
  );
}
