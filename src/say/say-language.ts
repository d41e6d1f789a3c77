// The languages the say module has a grammar for. A service may offer another language; its
// callers then hear numbers in the first of the service's languages that has one (or English),
// because a number said in a known language beats a number not said at all.

export const SAY_LANGUAGES = ['az', 'ru', 'en'] as const;
export type SayLanguage = (typeof SAY_LANGUAGES)[number];

export function isSayLanguage(language: string): language is SayLanguage {
  return (SAY_LANGUAGES as readonly string[]).includes(language);
}

/** The call's language if it has a grammar, else the first of `fallbacks` that has one, else en. */
export function sayLanguageFor(language: string, fallbacks: readonly string[] = []): SayLanguage {
  for (const l of [language, ...fallbacks]) if (isSayLanguage(l)) return l;
  return 'en';
}
