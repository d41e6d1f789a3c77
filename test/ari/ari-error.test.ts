import { describe, expect, it } from 'vitest';
import { classifyAriError, toTelephonyError } from '../../src/ari/ari-error.ts';
import { TimeoutError } from '../../src/ari/with-timeout.ts';
import { TelephonyError, type TelephonyErrorKind } from '../../src/telephony/telephony-port.ts';

/** ari-client rejects with `new Error(<raw body>)`; this is what a 4xx/5xx from Asterisk becomes. */
const asAriClient = (message: string) => new Error(JSON.stringify({ message }));

// Every message NOTES §2.3 lists (plus §2.1's generic ones), with the kind the engine should see.
const MESSAGES: Array<[string, TelephonyErrorKind]> = [
  // find_control / channel_state_invalid
  ['Channel not found', 'gone'],
  ['Channel not in Stasis application', 'not-in-stasis'],
  ['Channel in invalid state', 'invalid-state'],
  ['Failed to answer channel', 'gone'],
  // hangup
  ["The reason and reason_code can't both be specified", 'bad-request'],
  ['Invalid reason for hangup reason provided', 'bad-request'],
  ['Invalid reason for hangup reason code provided', 'bad-request'],
  // continue
  ['Requested label can not be found', 'bad-request'],
  ['Requested priority is illegal', 'bad-request'],
  // play / playbacks
  ['skipms cannot be negative', 'bad-request'],
  ['offsetms cannot be negative', 'bad-request'],
  ['Failed to queue media for playback', 'bad-request'],
  ['Playback not found', 'gone'],
  ['Could not stop playback', 'invalid-state'],
  ['Missing operation', 'bad-request'],
  ['Invalid operation forward2', 'bad-request'],
  ['Can only pause while media is playing', 'invalid-state'],
  // bridges
  ["Bridge with id 'wait-1' already exists", 'conflict'],
  ["Unable to create bridge. Possible duplicate bridge id 'wait-1'", 'conflict'],
  ['Bridge not found', 'gone'],
  ['Bridge not in Stasis application', 'conflict'],
  ['Missing parameter channel', 'bad-request'],
  ['Channel 1733400000.42 currently recording', 'conflict'],
  ['Channel not in this bridge', 'gone'],
  ["Bridge isn't playing music", 'invalid-state'],
  // originate / create / dial
  ['Endpoint must be specified', 'bad-request'],
  ['Invalid endpoint specified', 'bad-request'],
  ['Application or extension must be specified', 'bad-request'],
  ['Uniqueid length exceeds maximum of 150', 'bad-request'],
  ["Originator and formats can't both be specified", 'bad-request'],
  ['Provided originator channel was not found', 'bad-request'],
  ['Provided format (ulaw2) was not found', 'bad-request'],
  [
    "Each value in 'variables' must be a string or an object with 'value' and optional 'report_events'",
    'bad-request',
  ],
  ['Channel with given unique ID already exists', 'conflict'],
  ['Callee not found', 'gone'],
  ["Channel is not in the 'Down' state", 'invalid-state'],
  ['Dialing a channel not created by ARI', 'conflict'],
  // variables
  ['Variable name is required', 'bad-request'],
  ['Provided channel was not found', 'gone'],
  ['Provided variable was not found', 'gone'],
  ['Unable to read provided function', 'bad-request'],
  ['Failed to execute function', 'bad-request'],
  // generic (res_ari.c)
  ['Asterisk not booted', 'disconnected'],
  ['Resource not found', 'bad-request'],
  ['ARI URLs do not end with a slash. Try /ari/channels', 'bad-request'],
  ['Invalid method', 'bad-request'],
  ['Error parsing request body', 'bad-request'],
  ['Authentication required', 'unknown'],
  ['Write access denied', 'unknown'],
];

describe('classifyAriError', () => {
  it.each(MESSAGES)('"%s" → %s', (message, kind) => {
    expect(classifyAriError(asAriClient(message))).toEqual({ kind, message });
  });

  it('reads the allocation failure, which Asterisk sends under "error", as unavailable', () => {
    expect(classifyAriError(new Error('{"error":"Allocation failed"}'))).toEqual({
      kind: 'unavailable',
      message: 'Allocation failed',
    });
  });

  it('handles the string rejections of swagger-client', () => {
    expect(classifyAriError('channelId is a required path param.')).toEqual({
      kind: 'bad-request',
      message: 'channelId is a required path param.',
    });
    expect(classifyAriError('401 : undefined http://127.0.0.1/ari/api-docs/resources.json').kind).toBe(
      'unknown',
    );
  });

  it('names an empty error body instead of returning an empty message', () => {
    const c = classifyAriError(new Error(''));
    expect(c.kind).toBe('unknown');
    expect(c.message).toMatch(/empty body/);
  });

  it('keeps non-JSON text and unknown JSON as the message', () => {
    expect(classifyAriError(new Error('socket hang up'))).toEqual({
      kind: 'unknown',
      message: 'socket hang up',
    });
    expect(classifyAriError(new Error('{"foo":1}')).message).toBe('{"foo":1}');
    expect(classifyAriError(new Error('{not json')).message).toBe('{not json');
    expect(classifyAriError(undefined).kind).toBe('unknown');
  });

  it('classifies our own timeout as timeout', () => {
    expect(classifyAriError(new TimeoutError(4000))).toEqual({
      kind: 'timeout',
      message: 'no answer within 4000 ms',
    });
  });
});

describe('toTelephonyError', () => {
  it('names the operation and the reason', () => {
    const err = toTelephonyError('answer', asAriClient('Channel not found'));
    expect(err).toBeInstanceOf(TelephonyError);
    expect(err.kind).toBe('gone');
    expect(err.operation).toBe('answer');
    expect(err.message).toBe('answer: Channel not found (gone)');
  });

  it('never re-wraps a TelephonyError', () => {
    const original = new TelephonyError('disconnected', 'play', 'not connected');
    expect(toTelephonyError('other', original)).toBe(original);
  });
});
