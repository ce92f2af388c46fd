import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/index.js';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../fixtures/analyze', name, 'tsconfig.json');

// The fixture projection compares findings; these check the evidence behind them, which decides
// confidence (and so whether a plan applies a fix without review).
describe('evidence', () => {
  test('a back-pointer reset in its own dispose() is a release, not unlink evidence', async () => {
    const result = await analyze({ tsconfig: fixture('release-on-unsubscribe') });
    const sink = result.candidates.find((candidate) => candidate.field === 'source')!;
    expect(sink.evidence.map((evidence) => evidence.kind)).toEqual(['collection-side', 'owner-adds-to-collection']);
    // collection-side 0.5 and adds-to-collection 0.2, combined: 1 - 0.5 * 0.8.
    expect(sink.confidence).toBe(0.6);
  });

  test('an unlink method that resets the back-pointer counts (Tab.detach)', async () => {
    const result = await analyze({ tsconfig: fixture('unlink') });
    const strip = result.candidates.find((candidate) => candidate.field === 'strip')!;
    expect(strip.evidence.map((evidence) => evidence.kind)).toContain('unlink-resets-back-pointer');
  });

  test('evidence from a subclass names the subclass whose code it saw', async () => {
    const result = await analyze({ tsconfig: fixture('mixin') });
    const group = result.candidates.find((candidate) => candidate.field === 'group')!;
    expect(group.evidence.find((evidence) => evidence.kind === 'owner-assigns-back-pointer')?.message).toBe(
      'Group.join sets `group` of a Joinable(Base) to `this` (src/mixins.ts:7).',
    );
  });

  test('a setter method taking this links the pair (item.attachTo(this))', async () => {
    const result = await analyze({ tsconfig: fixture('set-parent-method') });
    const owner = result.candidates.find((candidate) => candidate.field === 'owner')!;
    expect(owner.evidence[0]).toEqual({
      kind: 'owner-assigns-back-pointer',
      file: 'src/tree.ts',
      line: 7,
      message: 'Tree.add passes `this` to TreeItem.attachTo, which stores it in `owner` (src/tree.ts:7).',
    });
  });
});
