// A caller ID with control characters (a NUL byte made Postgres refuse the call record) is cleaned
// where it enters the engine: in the ARI channel mapping.
import { describe, expect, it } from 'vitest';
import { mapAriEvent } from '../../src/ari/ari-event-mapper.ts';
import { MAX_CALLER_ID_LENGTH, sanitizeCallerId } from '../../src/domain/caller-id.ts';

describe('sanitizeCallerId', () => {
  it('strips NUL and every other control character, trims, bounds the length', () => {
    expect(sanitizeCallerId('050\u00001234567')).toBe('0501234567');
    expect(sanitizeCallerId(' \t0501234567\r\n')).toBe('0501234567');
    expect(sanitizeCallerId('Ali\u001b[31m Veli\u007f\u0085\u2028')).toBe('Ali[31m Veli');
    expect(sanitizeCallerId('x'.repeat(500))).toHaveLength(MAX_CALLER_ID_LENGTH);
    expect(sanitizeCallerId('+994501234567')).toBe('+994501234567');
    expect(sanitizeCallerId('Əliyev Ünal')).toBe('Əliyev Ünal');
  });

  it('applies to what ARI delivers: a StasisStart with a NUL in the caller number', () => {
    const m = mapAriEvent(
      {
        type: 'StasisStart',
        application: 'cagri',
        timestamp: '2026-12-01T09:00:00.000+0000',
        args: [],
        channel: {
          id: 'C1',
          name: 'PJSIP/trunk-00000001',
          state: 'Ring',
          caller: { name: 'Bad\u0000Name', number: '050\u00001234567' },
          connected: { name: '', number: '' },
          accountcode: '',
          dialplan: {
            context: 'citizens',
            exten: '1655',
            priority: 2,
            app_name: 'Stasis',
            app_data: 'cagri',
          },
          creationtime: '2026-12-01T09:00:00.000+0000',
          language: 'en',
        },
      },
      Date.parse('2026-12-01T09:00:00Z'),
    );
    expect(m.kind).toBe('event');
    if (m.kind !== 'event' || !('channel' in m.event)) throw new Error(JSON.stringify(m));
    expect(m.event.channel).toMatchObject({ callerNumber: '0501234567', callerName: 'BadName' });
  });
});
