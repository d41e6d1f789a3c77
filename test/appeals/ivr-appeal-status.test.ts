// The IVR status lookup on the simulator: a real appeal in Postgres, the caller keys its number,
// and the recorded playbacks are the right prompt fragments (status, "due by", the date said by the
// say module), then the complaint menu again. Unknown numbers are said so and asked again; 0 still
// reaches an operator.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sayDate } from '../../src/say/say.ts';
import {
  dial,
  finishPrompt,
  hangUp,
  heard,
  inQueue,
  LIVE,
  nowPlaying,
  press,
  snd,
  startMenuScenario,
} from '../engine/menu-scenario.ts';
import { useScenario } from '../engine/scenario.ts';

const token = { kind: 'token' } as const;

describe('IVR appeal-status', () => {
  const s = useScenario(() => startMenuScenario(LIVE));

  async function toAppealStatus(id: string): Promise<void> {
    for (const [key, node] of [
      ['1', 'appeals'],
      ['1', 'complaint'],
      ['3', 'appeal-number'],
    ] as const) {
      await press(s, id, key);
      await nowPlaying(s, id, snd(`az/${node}`));
    }
  }

  /** Lets prompts play to their end (fake time) until `media` starts after the first `after` items. */
  async function playUntil(id: string, media: string, after: number): Promise<void> {
    for (let i = 0; i < 30; i++) {
      if (heard(s.h, id).slice(after).includes(media)) return;
      await finishPrompt(s, id);
    }
    throw new Error(`never heard ${media}: ${heard(s.h, id).slice(after).join(', ')}`);
  }

  const dateOf = (language: 'az' | 'ru' | 'en', t: number) => {
    const d = DateTime.fromMillis(t, { zone: 'Asia/Baku' });
    return sayDate(language, { day: d.day, month: d.month, weekday: d.weekday });
  };

  it('reads back a forwarded appeal: status, deadline date, then the complaint menu', async () => {
    const svc = s.h.cagri.appeals.service;
    const r = await svc.register(
      {
        serviceId: 'citizens',
        citizenNumber: '+994501234567',
        language: 'az',
        category: 'complaint',
        summary: 'Roof',
      },
      token,
    );
    if (!r.ok) throw new Error(r.reason);
    await svc.transition(r.value.regNo, { to: 'forwarded', unitId: 'housing' }, token);
    const seq = String(Number(r.value.regNo.slice(-6)));

    const id = await dial(s, '0501234567');
    await toAppealStatus(id);
    const before = heard(s.h, id).length;
    await press(s, id, `${seq}#`);
    await playUntil(id, snd('az/complaint'), before);
    // Deadline: end of 22 Dec 2026 (15 working days from 1 Dec), said as that day.
    expect(heard(s.h, id).slice(before)).toEqual([
      snd('az/appeal-status-forwarded'),
      snd('az/appeal-deadline'),
      ...dateOf('az', r.value.deadline - 1),
      snd('az/complaint'),
    ]);
    await hangUp(s, id);
  });

  it('the whole number without dashes works too; an answered appeal says the date of its answer', async () => {
    const svc = s.h.cagri.appeals.service;
    const r = await svc.register(
      {
        serviceId: 'citizens',
        citizenNumber: '+994501234568',
        language: 'az',
        category: 'question',
        summary: 'Hours',
      },
      token,
    );
    if (!r.ok) throw new Error(r.reason);
    const done = await svc.transition(r.value.regNo, { to: 'answered-directly', result: 'Told' }, token);
    if (!done.ok) throw new Error(done.reason);

    const id = await dial(s, '0501234568');
    await toAppealStatus(id);
    const before = heard(s.h, id).length;
    await press(s, id, r.value.regNo.replaceAll('-', '')); // the 14th digit ends the entry
    await playUntil(id, snd('az/complaint'), before);
    expect(heard(s.h, id).slice(before)).toEqual([
      snd('az/appeal-status-answered'),
      snd('az/appeal-result-date'),
      ...dateOf('az', done.value.resultAt ?? 0),
      snd('az/complaint'),
    ]);
    await hangUp(s, id);
  });

  it('an unknown number is said so and asked again; 0 then reaches an operator', async () => {
    const id = await dial(s, '0501234569');
    await toAppealStatus(id);
    const before = heard(s.h, id).length;
    await press(s, id, '999999#');
    await playUntil(id, snd('az/appeal-number'), before);
    expect(heard(s.h, id).slice(before)).toEqual([snd('az/appeal-not-found'), snd('az/appeal-number')]);
    await press(s, id, '0');
    const row = await inQueue(s, id);
    expect(row).toMatchObject({ reason: 'zero' });
    await hangUp(s, id);
  });
});
