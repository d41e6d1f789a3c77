// The 10-second rule on a real Asterisk: a citizen who waited 12 s and hung up is called back
// (operator first, then the citizen through the carrier trunk, bridged with two-way audio); one
// who calls again cancels the callback; one who waited 5 s is not a lost call.
import { describe, expect, it } from 'vitest';
import { OperatorId } from '../../src/domain/ids.ts';
import { CITIZEN_NUMBER, editCallbacks, type RealHarness, TONES } from './real-harness.ts';
import { heardSound, heardTone, realTierSkip, useRealAsterisk } from './real-suite.ts';

const LIVE = '2026-12-01T10:00:00+04:00';
const E164 = '+994501234567';

/** The citizen calls, presses 0, and waits in the queue (nobody logged in) for `sec` seconds. */
async function waitInQueue(h: RealHarness, sec: number): Promise<void> {
  const since = h.citizen.mark();
  await h.citizen.dial('1655');
  await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, since);
  await heardSound(h, h.citizen, 1);
  await h.citizen.sendDtmf('0');
  await h.waitFor(
    `the citizen has waited ${sec} s in the queue`,
    async () => {
      const waiting = (await h.api('GET', '/api/queue')).body.waiting ?? [];
      return waiting.some((w: { waitedSec: number }) => w.waitedSec >= sec);
    },
    (sec + 10) * 1000,
  );
  await h.citizen.hangup();
  await h.citizen.waitFor('CALL_CLOSED', 5000, since);
}

async function lostCalls(h: RealHarness): Promise<Array<{ callerNumber: string; waitedSec: number }>> {
  await h.cagri.writes.idle();
  return (await h.api('GET', '/api/lost-calls')).body.lostCalls;
}

async function callbackOf(h: RealHarness) {
  const list: Array<{ id: string; number: string; status: string; kind: string }> = (
    await h.api('GET', '/api/callbacks')
  ).body.callbacks;
  return list.filter((c) => c.number === E164).at(-1);
}

describe.skipIf(realTierSkip())('lost calls and callbacks on a real Asterisk', () => {
  const suite = useRealAsterisk();

  it('12 s waited → lost call → called back: operator and citizen (through the trunk) hear each other', async () => {
    const h = await suite.start({
      at: LIVE,
      phones: { op1: { kind: 'auto' } },
      login: [],
      editConfig: (d) => editCallbacks(d, { lostCallGraceSec: 1 }),
    });
    await waitInQueue(h, 12);
    const lost = await h.waitFor('the lost call', async () =>
      (await lostCalls(h)).find((l) => l.callerNumber === CITIZEN_NUMBER),
    );
    expect(lost.waitedSec).toBeGreaterThan(10);
    const citizenMark = h.citizen.mark();
    h.cagri.queue.operatorCommand(OperatorId('op1'), { kind: 'login' });
    const op1 = h.phone('op1');
    await op1.waitFor('CALL_ESTABLISHED', 30_000, 0);
    const incoming = await h.citizen.waitFor('CALL_INCOMING', 20_000, citizenMark);
    expect(incoming.peeruri ?? '').toContain('1655');
    await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, citizenMark);
    await heardTone(h, op1, TONES.citizen, 2);
    await heardTone(h, h.citizen, TONES.op1, 2);
    expect(await callbackOf(h)).toMatchObject({ kind: 'lost-call' });
    await h.citizen.hangup();
  });

  it('a citizen who calls again and is served by an operator cancels the pending callback', async () => {
    const h = await suite.start({ at: LIVE, phones: { op1: { kind: 'auto' } }, login: [] });
    await waitInQueue(h, 12);
    const cb = await h.waitFor('a scheduled callback', async () => {
      const c = await callbackOf(h);
      return c?.status === 'scheduled' ? c : undefined;
    });
    // The callback is due only after the grace period (120 s): meanwhile the citizen calls again.
    h.cagri.queue.operatorCommand(OperatorId('op1'), { kind: 'login' });
    const since = h.citizen.mark();
    await h.citizen.dial('1655');
    await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, since);
    await heardSound(h, h.citizen, 1);
    await h.citizen.sendDtmf('0');
    const op1 = h.phone('op1');
    await op1.waitFor('CALL_ESTABLISHED', 15_000, 0);
    await heardTone(h, h.citizen, TONES.op1, 1);
    await h.waitFor('the callback cancelled', async () => (await callbackOf(h))?.status === 'cancelled');
    expect((await callbackOf(h))?.id).toBe(cb.id);
    expect(op1.events.filter((e) => e.type === 'CALL_INCOMING')).toHaveLength(1); // no callback was dialled
    await h.citizen.hangup();
  });

  it('5 s waited and hung up: not a lost call, no callback', async () => {
    const h = await suite.start({ at: LIVE, phones: {}, login: [] });
    await waitInQueue(h, 5);
    await h.cagri.writes.idle();
    expect((await lostCalls(h)).map((l) => l.callerNumber)).not.toContain(CITIZEN_NUMBER);
    expect(await callbackOf(h)).toBeUndefined();
  });
});
