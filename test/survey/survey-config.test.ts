// The survey's config and prompts: the engine's own survey prompts are catalogued in every offered
// language (so `cagri prompts` generates them and `cagri check --sounds` looks for them), a
// service's own recordings replace them and are checked like every prompt, bad values are refused
// at their line.
import { afterEach, describe, expect, it } from 'vitest';
import { formatConfigError } from '../../src/config/config-error.ts';
import { loadConfig } from '../../src/config/config-loader.ts';
import { promptCatalogue } from '../../src/prompts/prompt-catalogue.ts';
import { copyConfig, removeDir, SHIPPED } from '../config/config-fixture.ts';
import { setSurvey } from './survey-config-edit.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeDir(d);
});

async function withSurvey(survey: string) {
  const dir = await copyConfig();
  dirs.push(dir);
  setSurvey(dir, survey);
  return loadConfig(dir);
}

describe('survey config and prompts', () => {
  it('catalogues the engine survey prompts in az, ru and en, with their text', async () => {
    const loaded = await loadConfig(SHIPPED);
    if (!loaded.ok) throw new Error('the shipped config does not load');
    const survey = promptCatalogue(loaded.config).filter((p) => /\/survey-/.test(p.file));
    expect(survey.map((p) => p.file).sort()).toEqual(
      ['az', 'ru', 'en']
        .flatMap((l) => ['rating', 'resolved', 'thanks'].map((n) => `cagri/${l}/survey-${n}`))
        .sort(),
    );
    for (const p of survey) expect(p.text?.length).toBeGreaterThan(5);
  });

  it("a service's own survey recordings are catalogued at their YAML path", async () => {
    const rec = (n: string) =>
      `{ az: { file: my/az/${n}, text: "${n}" }, ru: { file: my/ru/${n} }, en: { file: my/en/${n} } }`;
    const loaded = await withSurvey(`{ enabled: true, prompts: { rating: ${rec('rate')} } }`);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const own = promptCatalogue(loaded.config).find((p) => p.file === 'my/az/rate');
    expect(own?.source).toMatchObject({
      kind: 'config',
      path: ['services', 0, 'survey', 'prompts', 'rating', 'az', 'file'],
    });
  });

  it('refuses a share above 1, an unknown question and a recording missing a language', async () => {
    for (const [survey, words] of [
      ['{ share: 2 }', /share/],
      ['{ questions: [rating, mood] }', /questions/],
      ['{ prompts: { thanks: { az: { file: my/az/thanks } } } }', /thanks/],
    ] as const) {
      const loaded = await withSurvey(survey);
      expect(loaded.ok).toBe(false);
      if (loaded.ok) continue;
      const text = loaded.errors.map(formatConfigError).join('\n');
      expect(text).toMatch(/services\.yaml/);
      expect(text).toMatch(words);
    }
  });
});
