// Which numbers a callback may dial: only subscriber numbers of the configured country and types
// (Azerbaijani mobile and landline in the example). Checked at booking and again before dialling,
// because the number may come from a caller id in any form or from digits keyed on a phone.
// Reasons never repeat the number itself: they end up in logs, where numbers must stay masked.
import {
  type CountryCode,
  getCountryCallingCode,
  type PhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import type { NumberingPlan, NumberType } from './callback-config.ts';

export type DestinationRefusal =
  | 'empty'
  | 'junk'
  | 'short-code'
  | 'international'
  | 'invalid'
  | 'type-not-allowed';

export type DestinationCheck =
  | { ok: true; e164: string; national: string; type: NumberType }
  | { ok: false; code: DestinationRefusal; reason: string };

const LIB_TYPES: Record<string, NumberType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed-line',
  TOLL_FREE: 'toll-free',
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal-number',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

/** Numbers this short are service/short codes (112, 1655), never a subscriber to call back. */
const MAX_SHORT_CODE_DIGITS = 6;

export function checkCallbackNumber(raw: string, plan: NumberingPlan): DestinationCheck {
  const input = raw.trim();
  if (input === '') return refuse('empty', 'no number was given');
  if (!/^\+?[\d\s\-().]+$/.test(input)) {
    return refuse('junk', `this is not a phone number: use digits only, e.g. ${example(plan.country)}`);
  }
  let compact = input.replace(/[\s\-().]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`; // international prefix keyed on a phone
  const digits = compact.replace('+', '');
  if (digits.length === 0) return refuse('junk', 'the number has no digits');
  if (!compact.startsWith('+') && digits.length <= MAX_SHORT_CODE_DIGITS) {
    return refuse(
      'short-code',
      'this is a short service number; a callback can only go to a subscriber number ' +
        `(${allowedList(plan)}), e.g. ${example(plan.country)}`,
    );
  }

  const parsed = parse(compact, plan.country);
  if (!parsed) {
    return refuse('junk', `this is not a phone number; expected e.g. ${example(plan.country)}`);
  }
  if (parsed.country !== plan.country) {
    const where = parsed.country
      ? regionName(parsed.country)
      : 'no single country (an international service)';
    return refuse(
      'international',
      `this number belongs to ${where}; callbacks only go to numbers in ${regionName(plan.country)}`,
    );
  }
  if (!parsed.isValid()) {
    const length = validatePhoneNumberLength(compact, plan.country);
    const detail =
      length === 'TOO_SHORT'
        ? 'it has too few digits'
        : length === 'TOO_LONG'
          ? 'it has too many digits'
          : 'no such number range exists';
    return refuse(
      'invalid',
      `not a valid ${regionName(plan.country)} number: ${detail}; expected e.g. ${example(plan.country)}`,
    );
  }
  const libType = parsed.getType();
  if (libType === 'FIXED_LINE_OR_MOBILE') {
    // Some plans cannot tell the two apart; either kind is a subscriber line.
    const kind = plan.allow.includes('mobile')
      ? 'mobile'
      : plan.allow.includes('fixed-line')
        ? 'fixed-line'
        : null;
    if (kind) return accept(parsed, kind);
    return refuse(
      'type-not-allowed',
      `mobile and landline numbers are not allowed (allowed: ${allowedList(plan)})`,
    );
  }
  const type = libType ? LIB_TYPES[libType] : undefined;
  if (!type) {
    return refuse(
      'type-not-allowed',
      `the kind of this number is unknown, so it cannot be called back (allowed: ${allowedList(plan)})`,
    );
  }
  if (!plan.allow.includes(type)) {
    return refuse(
      'type-not-allowed',
      `${type} numbers cannot be called back (allowed: ${allowedList(plan)})`,
    );
  }
  return accept(parsed, type);
}

/** National reading first (how people key it), then with the country code but no "+" (994501234567). */
function parse(compact: string, country: CountryCode): PhoneNumber | undefined {
  if (compact.startsWith('+')) return parsePhoneNumberFromString(compact, country);
  const national = parsePhoneNumberFromString(compact, country);
  if (national?.isValid()) return national;
  const international = parsePhoneNumberFromString(`+${compact}`);
  const callingCode = getCountryCallingCode(country);
  if (international?.isValid() && (compact.startsWith(callingCode) || international.country !== country)) {
    return international;
  }
  return national;
}

function accept(p: PhoneNumber, type: NumberType): DestinationCheck {
  return { ok: true, e164: p.number, national: p.formatNational().replace(/[^\d]/g, ''), type };
}

function refuse(code: DestinationRefusal, reason: string): DestinationCheck {
  return { ok: false, code, reason };
}

function allowedList(plan: NumberingPlan): string {
  return plan.allow.join(', ');
}

function regionName(country: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

function example(country: CountryCode): string {
  return country === 'AZ' ? '050 123 45 67 or 012 345 67 89' : `a ${regionName(country)} number`;
}
