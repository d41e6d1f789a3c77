// The catalogue is what `cagri prompts` generates and `cagri check --sounds` looks for, so it
// must hold every sound the engine can ask for: each config prompt, the queue's announcements
// and every say fragment the read-backs, dates and announcements can compose.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CagriConfig } from '../../src/config/cagri-config.ts';
import { loadConfig } from '../../src/config/config-loader.ts';
import { promptCatalogue } from '../../src/prompts/prompt-catalogue.ts';
import { queueAnnouncementMedia } from '../../src/prompts/queue-announcement.ts';
import { sayPhoneNumber } from '../../src/say/say.ts';
import { SAY_LANGUAGES } from '../../src/say/say-language.ts';
import { sayWhen } from '../../src/say/say-when.ts';
import { SHIPPED } from '../config/config-fixture.ts';

describe('prompt catalogue of the shipped config', () => {
  let config: CagriConfig;
  let files: Set<string>;
  beforeAll(async () => {
    const loaded = await loadConfig(SHIPPED);
    if (!loaded.ok) throw new Error('the shipped config does not load');
    config = loaded.config;
    files = new Set(promptCatalogue(config).map((p) => p.file));
  });
  const covered = (media: string[]) => media.every((m) => files.has(m.replace(/^sound:/, '')));

  it('holds each config prompt once, with its text, and nothing twice', () => {
    const all = promptCatalogue(config);
    expect(new Set(all.map((p) => p.file)).size).toBe(all.length);
    expect(all.find((p) => p.file === 'cagri/az/main-menu')).toMatchObject({
      language: 'az',
      text: expect.stringContaining('Müraciət'),
      source: { kind: 'config' },
    });
    expect(all.filter((p) => !p.text)).toEqual([]);
  });

  it.each(SAY_LANGUAGES)('%s: every queue announcement is covered (property)', (language) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.option(fc.integer({ min: 0, max: 7200 })),
        (position, wait) =>
          covered(
            queueAnnouncementMedia({
              language,
              position,
              ...(wait === null ? {} : { estimatedWaitSec: wait }),
            }),
          ),
      ),
    );
  });

  it.each(SAY_LANGUAGES)('%s: every callback read-back and due time is covered (property)', (language) => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\+?\d{1,15}$/),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2029-01-01T00:00:00Z') }),
        (number, due) =>
          covered(sayPhoneNumber(language, number)) && covered(sayWhen(language, due, 'Asia/Baku', [])),
      ),
    );
  });
});
