// Every prompt the engine can play, with what it says: the config's prompts (services and menu
// nodes, each with its YAML path), the engine's own (queue announcements) and the say module's
// fragments, in each language the services offer. The generator speaks them; `cagri check
// --sounds` looks for them.
import type { CagriConfig } from '../config/cagri-config.ts';
import { nodePrompts, servicePrompts } from '../menu/menu-prompts.ts';
import { sayFragments } from '../say/say.ts';
import { isSayLanguage } from '../say/say-language.ts';
import { enginePrompts } from './engine-prompts.ts';

export type PromptSource =
  /** Named in a config file: `path` inside `file` locates it. */
  | { kind: 'config'; file: string; path: (string | number)[] }
  /** Built into the engine (the queue's announcements). */
  | { kind: 'engine'; purpose: string }
  /** A say-module fragment (numbers, dates, times). */
  | { kind: 'say' };

export interface CataloguedPrompt {
  /** Sound name without extension, relative to the sounds folder (`cagri/az/main-menu`). */
  file: string;
  language: string;
  /** What it says; undefined when nobody wrote it down (it cannot be generated). */
  text?: string;
  source: PromptSource;
}

/** The languages the services offer, in first-seen order. */
export function offeredLanguages(config: Pick<CagriConfig, 'services'>): string[] {
  return [...new Set(config.services.flatMap((s) => s.languages))];
}

export function promptCatalogue(config: Pick<CagriConfig, 'dir' | 'services' | 'menus'>): CataloguedPrompt[] {
  const out: CataloguedPrompt[] = [];
  const servicesFile = `${config.dir}/services.yaml`;
  config.services.forEach((s, i) => {
    for (const at of servicePrompts(i, s)) {
      for (const [language, p] of Object.entries(at.prompt)) {
        out.push({
          file: p.file,
          language,
          ...(p.text ? { text: p.text } : {}),
          source: { kind: 'config', file: servicesFile, path: [...at.path, language, 'file'] },
        });
      }
    }
  });
  for (const [id, node] of Object.entries(config.menus)) {
    const file = `${config.dir}/menus`; // the loader has checked these with their own file:line:col
    for (const at of nodePrompts(id, node)) {
      for (const [language, p] of Object.entries(at.prompt)) {
        out.push({
          file: p.file,
          language,
          ...(p.text ? { text: p.text } : {}),
          source: { kind: 'config', file, path: [...at.path, language, 'file'] },
        });
      }
    }
  }
  for (const language of offeredLanguages(config)) {
    for (const p of enginePrompts(language)) {
      out.push({
        file: p.file,
        language,
        ...(p.text ? { text: p.text } : {}),
        source: { kind: 'engine', purpose: p.purpose },
      });
    }
    if (isSayLanguage(language)) {
      for (const f of sayFragments(language))
        out.push({ file: f.file, language, text: f.text, source: { kind: 'say' } });
    }
  }
  // One entry per sound name: the same file named twice says the same thing.
  const seen = new Set<string>();
  return out.filter((p) => {
    if (seen.has(p.file)) return false;
    seen.add(p.file);
    return true;
  });
}
