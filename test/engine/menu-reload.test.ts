// Hot reload while calls are in progress: a call finishes on the config version it started on, a
// new call gets the new one, and an invalid config is rejected with file:line:col while the
// running one stays — through the store and through POST /api/config/reload.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dial, hangUp, LIVE, nowPlaying, press, snd, startMenuScenario } from './menu-scenario.ts';
import { useScenario } from './scenario.ts';

describe('config reload mid-call', () => {
  const s = useScenario(() => startMenuScenario(LIVE));
  let mainYaml: string;
  let original: string;
  beforeAll(() => {
    mainYaml = path.join(s.h.configDir, 'menus', 'main.yaml');
    original = readFileSync(mainYaml, 'utf8');
  });

  it('a call in progress keeps its version; a new call gets the new one', async () => {
    const before = s.h.cagri.config.current().version;
    const early = await dial(s, '0505000001');
    writeFileSync(mainYaml, original.replaceAll('cagri/az/appeals,', 'cagri/az/appeals-v2,'));
    const r = await s.h.cagri.config.reload('test');
    expect(r).toMatchObject({ ok: true, changed: true });
    expect(s.h.cagri.config.current().version).not.toBe(before);

    await press(s, early, '1');
    await nowPlaying(s, early, snd('az/appeals')); // the old prompt name

    const late = await dial(s, '0505000002');
    await press(s, late, '1');
    await nowPlaying(s, late, snd('az/appeals-v2'));

    const versions = await s.h.api('GET', '/api/calls?number=0505000001');
    expect(versions.body.calls[0]?.config_version).toBe(before);
    await hangUp(s, early);
    await hangUp(s, late);
  });

  it('an invalid config is rejected with file:line:col and nothing changes', async () => {
    const running = s.h.cagri.config.current();
    // A node may not take 0: it is the operator key of the whole service.
    writeFileSync(mainYaml, original.replace('"9": { action: repeat }', '"0": { action: repeat }'));
    const r = await s.h.cagri.config.reload('test');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ file: mainYaml, line: expect.any(Number), col: expect.any(Number) });
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/0/);
    expect(s.h.cagri.config.current()).toBe(running);

    const api = await s.h.api('POST', '/api/config/reload');
    expect(api.status).toBe(422);
    expect(api.body.version).toBe(running.version);
    expect(api.body.errors[0]).toMatch(/menus\/main\.yaml:\d+:\d+: /);

    // Calls still get the running menu.
    const id = await dial(s, '0505000003');
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/appeals-v2'));
    await hangUp(s, id);

    writeFileSync(mainYaml, original);
    const back = await s.h.api('POST', '/api/config/reload');
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ ok: true, changed: true });
  });
});
