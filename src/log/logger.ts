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

const NUMBER_KEYS = new Set([
  'number',
  'callerNumber',
  'caller_number',
  'phone',
  'from',
  'to',
  'destination',
]);

function maskDeep(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = NUMBER_KEYS.has(k) && typeof v === 'string' ? maskNumber(v) : maskDeep(v, depth + 1);
  }
  return out;
}

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
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
    opts.destination,
  );
}
