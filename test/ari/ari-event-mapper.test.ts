import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapAriEvent, mapAriFrame } from '../../src/ari/ari-event-mapper.ts';
import { parseAriTimestamp } from '../../src/ari/ari-json.ts';
import type { TelephonyEvent } from '../../src/telephony/telephony-port.ts';

// Recorded on a real Asterisk 22.10.1 (../shared/ari-reference/traces, NOTES §R).
const TRACES = new URL('../../../shared/ari-reference/traces/', import.meta.url);
interface TraceEntry {
  kind: 'rest' | 'event';
  app?: string;
  ev?: { type: string };
}
function recordedEvents(file: string): unknown[] {
  const entries = JSON.parse(readFileSync(new URL(file, TRACES), 'utf8')) as TraceEntry[];
  return entries.filter((e) => e.kind === 'event' && e.app === 'cagri').map((e) => e.ev);
}

const AT = Date.parse('2026-12-01T09:00:00Z');

function mapAll(events: unknown[]): TelephonyEvent[] {
  const out: TelephonyEvent[] = [];
  for (const raw of events) {
    const m = mapAriEvent(raw, AT);
    expect(m.kind, JSON.stringify(m)).not.toBe('invalid');
    if (m.kind === 'event') out.push(m.event);
  }
  return out;
}

const channel = (id: string, state = 'Up') => ({
  id,
  name: `PJSIP/op1-0000000${id.length}`,
  state,
  protocol_id: '',
  caller: { name: 'Citizen', number: '0501234567' },
  connected: { name: '', number: '' },
  accountcode: '',
  dialplan: { context: 'citizens', exten: '1655', priority: 2, app_name: 'Stasis', app_data: 'cagri' },
  creationtime: '2026-11-28T12:57:43.123+0000',
  language: 'az',
});

// The recordings live beside the repo (../shared); without them this block is skipped, not failed.
describe.skipIf(!existsSync(TRACES))('mapAriEvent on recorded Asterisk traffic', () => {
  it('maps scenario 1 (answer, play, DTMF, stop, hang-up) and ignores the noise', () => {
    const events = mapAll(recordedEvents('s1-answer-play-dtmf-hangup.json'));
    expect(events.map((e) => e.type)).toEqual([
      'channel-entered',
      'channel-state',
      'playback-started',
      'dtmf',
      'playback-finished',
      'playback-started',
      'playback-finished',
      'playback-started',
      'hangup-requested',
      'channel-left',
    ]);
    expect(events[0]).toEqual({
      type: 'channel-entered',
      args: [],
      channel: {
        id: '1795871407.5',
        name: 'Local/1655@citizens-00000002;2',
        state: 'Ring',
        callerNumber: '0501234567',
        callerName: 'Citizen',
        exten: '1655',
        language: 'en',
        createdAt: expect.any(Number),
      },
    });
    expect(events[3]).toEqual({ type: 'dtmf', channelId: '1795871407.5', digit: '1', durationMs: 100 });
    expect(events[4]).toEqual({
      type: 'playback-finished',
      playbackId: 'pb-1795871407323',
      target: 'channel:1795871407.5',
      failed: false,
    });
  });

  it('maps scenario 2 (holding bridge, operator leg, mixing bridge, teardown)', () => {
    const events = mapAll(recordedEvents('s2-queue-moh-dial-operator-bridge.json'));
    expect(events.map((e) => e.type)).toEqual([
      'channel-entered',
      'channel-state',
      'bridge-entered',
      'channel-entered',
      'dial',
      'channel-state',
      'dial',
      'bridge-left',
      'bridge-entered',
      'bridge-entered',
      'hangup-requested',
      'bridge-left',
      'channel-left',
      'hangup-requested',
      'bridge-left',
      'channel-left',
      'channel-destroyed',
    ]);
    const op = '1795871433.16';
    expect(events).toContainEqual({
      type: 'channel-entered',
      channel: expect.objectContaining({ id: op, state: 'Down' }),
      args: ['operator'],
    });
    expect(events).toContainEqual({ type: 'dial', channelId: op, status: 'ANSWER' });
    expect(events).toContainEqual({ type: 'dial', channelId: op, status: '' });
    expect(events).toContainEqual({ type: 'hangup-requested', channelId: '1795871433.13', cause: 16 });
    expect(events).toContainEqual({
      type: 'channel-destroyed',
      channelId: op,
      cause: 16,
      causeText: 'Normal Clearing',
    });
    expect(events).toContainEqual({
      type: 'bridge-entered',
      bridgeId: 'ae8f3c8f-f526-43f7-874d-7d050354dbcc',
      channelId: op,
    });
  });
});

describe('mapAriEvent, one event at a time', () => {
  it('reads the ids from the event, whatever other resources it carries', () => {
    const m = mapAriEvent(
      {
        type: 'StasisStart',
        args: ['operator', 'C1'],
        channel: channel('O1', 'Up'),
        replace_channel: channel('X'),
      },
      AT,
    );
    expect(m).toMatchObject({
      kind: 'event',
      event: { type: 'channel-entered', channel: { id: 'O1' }, args: ['operator', 'C1'] },
    });
    const dial = mapAriEvent(
      { type: 'Dial', dialstatus: 'BUSY', caller: channel('C1'), peer: channel('O1') },
      AT,
    );
    expect(dial).toEqual({ kind: 'event', event: { type: 'dial', channelId: 'O1', status: 'BUSY' } });
  });

  it('maps channel states it does not distinguish to Other', () => {
    const m = mapAriEvent({ type: 'ChannelStateChange', channel: channel('C1', 'Pre-ring') }, AT);
    expect(m).toEqual({ kind: 'event', event: { type: 'channel-state', channelId: 'C1', state: 'Other' } });
  });

  it('leaves out an absent hang-up cause', () => {
    const m = mapAriEvent({ type: 'ChannelHangupRequest', channel: channel('C1') }, AT);
    expect(m).toEqual({ kind: 'event', event: { type: 'hangup-requested', channelId: 'C1' } });
  });

  it('marks failed playbacks', () => {
    const m = mapAriEvent(
      {
        type: 'PlaybackFinished',
        playback: { id: 'P1', media_uri: 'sound:x', target_uri: 'bridge:B1', state: 'failed' },
      },
      AT,
    );
    expect(m).toEqual({
      kind: 'event',
      event: { type: 'playback-finished', playbackId: 'P1', target: 'bridge:B1', failed: true },
    });
  });

  it('ignores noise events and Dial statuses the engine has no use for', () => {
    for (const type of [
      'ChannelVarset',
      'ChannelDialplan',
      'ChannelCallerId',
      'ChannelConnectedLine',
      'PlaybackContinuing',
      'BridgeDestroyed',
    ]) {
      expect(mapAriEvent({ type, channel: channel('C1') }, AT)).toEqual({ kind: 'ignored', type });
    }
    expect(mapAriEvent({ type: 'Dial', dialstatus: 'PROCEEDING', peer: channel('O1') }, AT)).toEqual({
      kind: 'ignored',
      type: 'Dial',
    });
  });

  it('reports ApplicationReplaced so the link can be re-established', () => {
    expect(mapAriEvent({ type: 'ApplicationReplaced', application: 'cagri' }, AT)).toEqual({
      kind: 'replaced',
    });
  });

  it('reports, never throws on, frames ari-client would crash on', () => {
    expect(mapAriFrame('not json', AT)).toMatchObject({ kind: 'invalid', reason: 'frame is not JSON' });
    expect(mapAriFrame('[1,2]', AT)).toMatchObject({ kind: 'invalid' });
    expect(mapAriFrame('{"type":"NoSuchEventType"}', AT)).toEqual({
      kind: 'invalid',
      type: 'NoSuchEventType',
      reason: 'unknown event type',
    });
    expect(mapAriFrame('{"no":"type"}', AT)).toMatchObject({ kind: 'invalid', reason: 'event has no type' });
    const missingId = mapAriFrame('{"type":"StasisEnd","channel":{"name":"x"}}', AT);
    expect(missingId).toMatchObject({ kind: 'invalid', type: 'StasisEnd' });
    expect(missingId.kind === 'invalid' && missingId.reason).toMatch(/channel\.id/);
  });

  it("falls back to the receive time when a channel's creation time is unreadable", () => {
    const m = mapAriEvent(
      { type: 'StasisStart', args: [], channel: { ...channel('C1'), creationtime: 'garbage' } },
      AT,
    );
    expect(m.kind === 'event' && m.event.type === 'channel-entered' && m.event.channel.createdAt).toBe(AT);
  });
});

describe('parseAriTimestamp', () => {
  it("reads Asterisk's offset without a colon", () => {
    expect(parseAriTimestamp('2026-11-28T12:57:43.123+0000')).toBe(Date.parse('2026-11-28T12:57:43.123Z'));
    expect(parseAriTimestamp('2026-11-28T16:57:43.123+0400')).toBe(Date.parse('2026-11-28T12:57:43.123Z'));
    expect(parseAriTimestamp('2026-11-28T07:57:43.123-0500')).toBe(Date.parse('2026-11-28T12:57:43.123Z'));
    expect(parseAriTimestamp(undefined)).toBeUndefined();
    expect(parseAriTimestamp('nope')).toBeUndefined();
  });
});
