// Multi-digit entry (a phone number, an appeal number): `#` finishes, reaching the maximum
// finishes, an inter-digit silence finishes (the caller stopped typing). 0 is the operator key
// only as the *first* key of an entry: after that it is a digit, since numbers contain zeros.

export interface EntryRules {
  minDigits: number;
  maxDigits: number;
}

export type EntryStep =
  /** Keep collecting (start the inter-digit timer). */
  | { kind: 'more'; digits: string }
  | { kind: 'done'; digits: string }
  | { kind: 'invalid'; digits: string; why: string };

/** True when a 0 pressed now means "operator" rather than a digit of the entry. */
export function zeroMeansOperator(digitsSoFar: string): boolean {
  return digitsSoFar.length === 0;
}

/** Applies one key to the entry. */
export function pressEntryKey(digits: string, key: string, rules: EntryRules): EntryStep {
  if (key === '#') return finishEntry(digits, rules);
  if (!/^[0-9]$/.test(key)) return { kind: 'invalid', digits, why: `key ${key} is not a digit` };
  const next = digits + key;
  return next.length >= rules.maxDigits ? finishEntry(next, rules) : { kind: 'more', digits: next };
}

/** `#` or the inter-digit timeout: the entry is complete if its length is within the rules. */
export function finishEntry(digits: string, rules: EntryRules): EntryStep {
  if (digits.length < rules.minDigits) {
    return { kind: 'invalid', digits, why: `${digits.length} digits, at least ${rules.minDigits} needed` };
  }
  if (digits.length > rules.maxDigits) {
    return { kind: 'invalid', digits, why: `${digits.length} digits, at most ${rules.maxDigits} allowed` };
  }
  return { kind: 'done', digits };
}
