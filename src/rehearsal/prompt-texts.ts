// What the caller hears, in words: a media URI (`sound:cagri/az/main-menu`, a say-module fragment
// `sound:cagri/az/say/50`, `digits:108`) becomes the file name and, when known, its text: the
// YAML's `text` for config prompts, the say module's lexicon for number/date fragments, the
// engine's own texts for the queue's announcements.
import type { CagriConfig } from '../config/cagri-config.ts';
import { nodePrompts, servicePrompts } from '../menu/menu-prompts.ts';
import { enginePrompts } from '../prompts/engine-prompts.ts';
import { allSayFragments } from '../say/say.ts';
import { SAY_LANGUAGES } from '../say/say-language.ts';

export interface HeardText {
  /** The sound file (or `digits 1 0 8`, `number 9`). */
  label: string;
  text?: string;
}

export class PromptTexts {
  private readonly texts = new Map<string, string>();

  constructor(config: CagriConfig) {
    for (const f of allSayFragments()) this.texts.set(f.file, f.text);
    for (const lang of SAY_LANGUAGES) {
      for (const p of enginePrompts(lang)) if (p.text) this.texts.set(p.file, p.text);
    }
    const all = [
      ...config.services.flatMap((s, i) => servicePrompts(i, s)),
      ...Object.entries(config.menus).flatMap(([id, node]) => nodePrompts(id, node)),
    ];
    for (const { prompt } of all) {
      for (const p of Object.values(prompt)) if (p.text) this.texts.set(p.file, p.text);
    }
  }

  describe(media: string): HeardText {
    const colon = media.indexOf(':');
    const scheme = media.slice(0, colon);
    const rest = media.slice(colon + 1);
    if (scheme === 'digits') return { label: `digits ${rest.split('').join(' ')}` };
    if (scheme === 'number') return { label: `number ${rest}` };
    if (scheme !== 'sound') return { label: media };
    const text = this.texts.get(rest);
    return text ? { label: rest, text } : { label: rest };
  }
}
