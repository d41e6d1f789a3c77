// Reading the say module's output back: fragment media → names → the number they say (the
// inverse the round-trip properties check) and → the words a listener hears.
import { grammarOf } from '../../src/say/say.ts';
import type { SayLanguage } from '../../src/say/say-language.ts';

/** `sound:cagri/az/say/5` → `5`; throws on anything that is not a say fragment of `lang`. */
export function names(lang: SayLanguage, media: readonly string[]): string[] {
  const prefix = `sound:cagri/${lang}/say/`;
  return media.map((m) => {
    if (!m.startsWith(prefix)) throw new Error(`${m} is not a ${lang} say fragment`);
    return m.slice(prefix.length);
  });
}

/** The words heard, joined with spaces. */
export function words(lang: SayLanguage, media: readonly string[]): string {
  const lexicon = grammarOf(lang).lexicon;
  return names(lang, media)
    .map((n) => {
      const t = lexicon[n];
      if (t === undefined) throw new Error(`fragment ${n} is not in the ${lang} lexicon`);
      return t;
    })
    .join(' ');
}

const THOUSAND = new Set(['1000', 'thousand', 'thousand-one', 'thousand-few', 'thousand-many']);
const HUNDRED = new Set(['hundred']);

/** The value of a cardinal's fragments (az/en multiply by "yüz"/"hundred"; ru has 200…900 words). */
export function numberOf(lang: SayLanguage, fragmentNames: readonly string[]): number {
  let total = 0;
  let current = 0;
  for (const n of fragmentNames) {
    if (THOUSAND.has(n)) {
      total += (current || 1) * 1000;
      current = 0;
    } else if (HUNDRED.has(n) || (lang === 'az' && n === '100')) {
      current = (current || 1) * 100;
    } else {
      const base = n.replace(/-(f|f-acc|loc)$/, '');
      const v = Number(base);
      if (!Number.isInteger(v)) throw new Error(`${n} is not a number fragment`);
      current += v;
    }
  }
  return total + current;
}
