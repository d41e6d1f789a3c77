// Only phone numbers are masked: operator states, dates and short service numbers stay readable;
// numbers in dial strings are masked wherever the engine logs them.
import { describe, expect, it } from 'vitest';
import { createLogger, maskDialString, maskNumber } from '../../src/log/logger.ts';

function logged(fields: Record<string, unknown>): Record<string, unknown> {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
  logger.info(fields, 'x');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('log masking', () => {
  it('masks phone numbers under number fields, in any notation', () => {
    expect(
      logged({ from: '0501234567', to: '+994501234567', callerNumber: '+994 50 123-45-67' }),
    ).toMatchObject({
      from: '050*****67',
      to: '+99********67',
      callerNumber: '+99********67',
    });
  });

  it('keeps what is not a phone number: operator states, dates, short numbers (was "from":"","to":"")', () => {
    expect(logged({ operatorId: 'op1', from: 'available', to: 'paused' })).toMatchObject({
      from: 'available',
      to: 'paused',
    });
    expect(logged({ from: '2026-12-01', to: '2026-12-07T23:59:59+04:00' })).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-07T23:59:59+04:00',
    });
    expect(logged({ to: '1655', number: '1655' })).toMatchObject({ to: '1655', number: '1655' });
  });

  it('masks numbers inside dial strings and nested objects', () => {
    expect(logged({ endpoint: 'PJSIP/0501234567@trunk' })).toMatchObject({
      endpoint: 'PJSIP/050*****67@trunk',
    });
    expect(logged({ endpoint: 'PJSIP/op1' })).toMatchObject({ endpoint: 'PJSIP/op1' });
    expect(logged({ leg: { destination: 'PJSIP/0501234567@trunk' } })).toMatchObject({
      leg: { destination: 'PJSIP/050*****67@trunk' },
    });
  });

  it('maskDialString masks every run of 6+ digits and nothing shorter', () => {
    expect(maskDialString('create PJSIP/0501234567@trunk failed: 404')).toBe(
      'create PJSIP/050*****67@trunk failed: 404',
    );
    expect(maskDialString('Local/1655@cagri')).toBe('Local/1655@cagri');
    expect(maskDialString(maskDialString('PJSIP/0501234567@trunk'))).toBe('PJSIP/050*****67@trunk');
    expect(maskNumber('0501234567')).toBe('050*****67');
  });
});
