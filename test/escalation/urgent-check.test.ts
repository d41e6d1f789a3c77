// `cagri check` on the rules of this feature: an urgent action must reach someone (the queue has a
// ladder), and services sharing a queue count the operators' week in one time zone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config-loader.ts';
import { copyConfig, edit, removeDir, where } from '../config/config-fixture.ts';

describe('cagri check: urgent reach and queue zones', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await copyConfig();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  const errorsOf = async () => {
    const r = await loadConfig(dir);
    return r.ok ? [] : r.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`);
  };

  it('the shipped config passes', async () => {
    expect(await errorsOf()).toEqual([]);
  });

  it('an urgent action whose queue has no ladder is an error at the action, in every menu', async () => {
    await edit(dir, 'queues.yaml', (t) =>
      t.replace(/ladder:\n(\s+- \{ endpoint: "PJSIP\/duty"[^\n]*\n)/, 'ladder: []\n'),
    );
    const main = `${dir}/menus/main.yaml`;
    const night = `${dir}/menus/after-hours.yaml`;
    const errors = await errorsOf();
    expect(errors).toEqual(
      expect.arrayContaining([
        `${await where(main, '{ action: urgent')}: urgent action with no one to reach: queue "general" of service "citizens" has no urgent.ladder (or dutyEndpoint) in ${dir}/queues.yaml; add the duty phones and supervisors to ring`,
        expect.stringMatching(
          new RegExp(`^${await where(night, '{ action: urgent')}: urgent action with no one to reach`),
        ),
      ]),
    );
    expect(errors).toHaveLength(2);
  });

  it('the one-rung shorthand is enough; a queue without any urgent section is flagged', async () => {
    await edit(dir, 'queues.yaml', (t) =>
      t.replace(
        /ladder:\n\s+- \{ endpoint: "PJSIP\/duty"[^\n]*\n/,
        'dutyEndpoint: "PJSIP/duty"\n      dutyAfterSec: 20\n',
      ),
    );
    expect(await errorsOf()).toEqual([]);
    await edit(dir, 'queues.yaml', (t) => t.replace(/\n {4}urgent:\n( {6}[^\n]*\n)+/, '\n'));
    expect(await errorsOf()).toHaveLength(2);
  });

  it('services sharing a queue in different time zones are refused', async () => {
    await edit(dir, 'hours.yaml', (t) =>
      t.replace(/always:\n\s+timezone: Asia\/Baku/, 'always:\n    timezone: Europe/Istanbul'),
    );
    const services = await edit(dir, 'services.yaml', (t) => {
      const start = t.indexOf('  - id: citizens');
      const second = t
        .slice(start)
        .replace('id: citizens', 'id: night-line')
        .replace('number: "1655"', 'number: "1656"')
        .replace(/hours: working-days[^\n]*/, 'hours: always');
      return `${t.trimEnd()}\n${second}`;
    });
    const errors = await errorsOf();
    expect(errors).toEqual([
      `${await where(services, 'always', { after: 'id: night-line' })}: service "night-line" shares queue "general" with service "citizens" but its hours are in Europe/Istanbul, not Asia/Baku: the operators' weekly cap needs one zone per queue`,
    ]);
  });
});
