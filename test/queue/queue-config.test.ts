import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { QueuesFileSchema } from '../../src/queue/queue-config.ts';

const shipped = fileURLToPath(new URL('../../config/queues.yaml', import.meta.url));

describe('queues.yaml', () => {
  it('the shipped example is valid and complete', () => {
    const file = QueuesFileSchema.parse(parse(readFileSync(shipped, 'utf8')));
    expect(file.queues.map((q) => q.id)).toEqual(['general']);
    const q = file.queues[0]!;
    expect(q).toMatchObject({
      lostCallThresholdSec: 10,
      weeklyCapHours: 36,
      weeklyWarnHours: 32,
      noAnswerPause: true,
    });
    expect(q.urgent).toMatchObject({
      startAfterSec: 20,
      restartAfterSec: 30,
      ladder: [{ endpoint: 'PJSIP/duty', ringSec: 60, name: 'duty officer' }],
    });
    expect(q.urgent?.webhookUrl).toBeUndefined();
    expect(q.keys).toEqual({ callback: '9' });
    expect(file.operators.map((o) => o.id)).toEqual(['op1', 'op2', 'op3']);
    expect(file.operators.every((o) => o.languages.includes('az'))).toBe(true);
  });

  it('fills defaults', () => {
    const file = QueuesFileSchema.parse({ queues: [{ id: 'general' }] });
    expect(file.queues[0]).toMatchObject({
      ringTimeoutSec: 15,
      lostCallThresholdSec: 10,
      callbackShare: 0.3,
    });
    expect(file.operators).toEqual([]);
  });

  it('rejects an operator in an unknown queue, duplicates, key 0 and a warning above the cap', () => {
    const r = QueuesFileSchema.safeParse({
      queues: [{ id: 'general', weeklyWarnHours: 40, keys: { callback: '0' } }, { id: 'general' }],
      operators: [{ id: 'op1', name: 'A', endpoint: 'PJSIP/op1', languages: ['az'], queues: ['genral'] }],
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'queues.0.weeklyWarnHours: weeklyWarnHours must not exceed weeklyCapHours',
        expect.stringMatching(/^queues\.0\.keys\.callback: one key/),
      ]),
    );
    // Cross-references are checked once the entries themselves are valid.
    const r2 = QueuesFileSchema.safeParse({
      queues: [{ id: 'general' }, { id: 'general' }],
      operators: [{ id: 'op1', name: 'A', endpoint: 'PJSIP/op1', languages: ['az'], queues: ['genral'] }],
    });
    expect(r2.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'queues.1.id: duplicate queue id "general"',
      'operators.0.queues.0: unknown queue "genral" (queues: general)',
    ]);
  });
});
