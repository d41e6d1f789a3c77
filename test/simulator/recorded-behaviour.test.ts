// The simulator against recordings of the real Asterisk 22.10.1 (test/recordings, made by
// `node --import tsx test/recordings/record.ts`): each recording is replayed with the same requests
// and the simulator must produce the same VALUES in the same order (ids, playback states and
// targets, hang-up causes, dial statuses, when a waiting request answers) and the same REST statuses.
// A difference is a failing test until the simulator agrees: the recording is right.
import { describe, expect, it } from 'vitest';
import { MEDIA_MS } from '../recordings/scenarios.ts';
import { loadRecordings, recordedLines, replay, scriptPhones } from './recorded-replay.ts';
import { simulatorEachTest } from './sim-test-kit.ts';

const recordings = loadRecordings();

describe('the simulator behaves as the recorded Asterisk', () => {
  const t = simulatorEachTest('2026-11-28T13:10:07.000Z', { playbackMs: MEDIA_MS, defaultPlaybackMs: 3000 });

  it('has recordings to compare with', () => {
    expect(recordings.length).toBeGreaterThan(0);
  });

  for (const rec of recordings) {
    it(`${rec.scenario}: ${rec.about}`, async () => {
      await scriptPhones(t, rec);
      const result = await replay(t, rec);
      expect(result.statuses.filter((s) => s.recorded !== s.simulated)).toEqual([]);
      expect(result.lines).toEqual(recordedLines(rec));
    });
  }
});
