// What the caller hears, in words: a media URI (`sound:cagri/az/main-menu`, `digits:108`,
// `number:9`, `sound:digits/day-2`) becomes the file name and, when the YAML gives one, its text.
import type { CagriConfig } from '../config/cagri-config.ts';
import { nodePrompts, servicePrompts } from '../menu/menu-prompts.ts';

export interface HeardText {
  /** The sound file (or `digits 1 0 8`, `number 9`). */
  label: string;
  text?: string;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export class PromptTexts {
  private readonly texts = new Map<string, string>();

  constructor(config: CagriConfig) {
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
    if (text) return { label: rest, text };
    const day = /^digits\/day-(\d)$/.exec(rest);
    if (day) return { label: rest, text: DAYS[Number(day[1])] ?? '' };
    const month = /^digits\/mon-(\d{1,2})$/.exec(rest);
    if (month) return { label: rest, text: MONTHS[Number(month[1])] ?? '' };
    return { label: rest };
  }
}
