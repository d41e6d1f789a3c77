import { describe, expect, it } from 'vitest';
import { DEFAULT_NUMBERING_PLAN } from '../../../src/callbacks/policy/callback-config.ts';
import { checkCallbackNumber } from '../../../src/callbacks/policy/destination-policy.ts';

const plan = DEFAULT_NUMBERING_PLAN; // AZ, mobile + fixed-line

describe('checkCallbackNumber: accepted', () => {
  it.each([
    '0501234567',
    '050 123 45 67',
    '050-123-45-67',
    '(050) 123-45-67',
    '+994501234567',
    '+994 50 123 45 67',
    '994501234567',
    '00994501234567',
    '  0501234567  ',
  ])('Azerbaijani mobile %j', (raw) => {
    expect(checkCallbackNumber(raw, plan)).toEqual({
      ok: true,
      e164: '+994501234567',
      national: '0501234567',
      type: 'mobile',
    });
  });

  it.each(['0124987654', '(012) 498 76 54', '+994124987654', '994124987654'])('Baku landline %j', (raw) => {
    expect(checkCallbackNumber(raw, plan)).toEqual({
      ok: true,
      e164: '+994124987654',
      national: '0124987654',
      type: 'fixed-line',
    });
  });

  it.each([
    ['0554001122', '+994554001122'],
    ['0707001122', '+994707001122'],
    ['0774001122', '+994774001122'],
    ['0997001122', '+994997001122'],
    ['0101234567', '+994101234567'],
  ])('other mobile operators %j', (raw, e164) => {
    expect(checkCallbackNumber(raw, plan)).toMatchObject({ ok: true, e164, type: 'mobile' });
  });
});

describe('checkCallbackNumber: refused with a reason', () => {
  it.each([
    ['', 'empty', 'no number'],
    ['   ', 'empty', 'no number'],
    ['abc', 'junk', 'not a phone number'],
    ['050 123 45 67; DROP TABLE', 'junk', 'not a phone number'],
    ['+', 'junk', 'not a phone number'],
    ['( - )', 'junk', 'no digits'],
    ['1655', 'short-code', 'short service number'],
    ['112', 'short-code', 'short service number'],
    ['102', 'short-code', 'short service number'],
    ['+79161234567', 'international', 'Russia'],
    ['79161234567', 'international', 'Russia'],
    ['+442071838750', 'international', 'United Kingdom'],
    ['0044 20 7183 8750', 'international', 'United Kingdom'],
    ['+800 1234 5678', 'international', 'no single country'],
    ['0900200123', 'type-not-allowed', 'premium-rate'],
    ['0881234567', 'type-not-allowed', 'toll-free'],
    ['0501234', 'invalid', 'too few digits'],
    ['05012345678', 'invalid', 'too many digits'],
    ['0225551234', 'invalid', 'no such number range'],
  ])('%j → %s', (raw, code, text) => {
    const result = checkCallbackNumber(raw, plan);
    expect(result).toMatchObject({ ok: false, code });
    if (result.ok) return;
    expect(result.reason).toContain(text);
    // Reasons are logged: they never repeat the number.
    const digits = raw.replace(/\D/g, '');
    if (digits.length >= 7) expect(result.reason).not.toContain(digits.slice(-7));
  });

  it('follows the configured types: a plan of mobiles only refuses landlines', () => {
    const mobileOnly = { country: 'AZ' as const, allow: ['mobile' as const] };
    expect(checkCallbackNumber('0124987654', mobileOnly)).toMatchObject({
      ok: false,
      code: 'type-not-allowed',
    });
    expect(checkCallbackNumber('0501234567', mobileOnly)).toMatchObject({ ok: true });
  });

  it('follows the configured country', () => {
    const georgia = { country: 'GE' as const, allow: ['mobile' as const, 'fixed-line' as const] };
    expect(checkCallbackNumber('+994501234567', georgia)).toMatchObject({ ok: false, code: 'international' });
  });
});
