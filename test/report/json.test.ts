import { describe, expect, it } from 'vitest';
import { json } from '../../src/report/json.js';
import { emptyResult, richResult } from './analysis-fixtures.js';
import { expected } from './expected-output.js';

/** The same data with every object's keys in reverse order, arrays untouched. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reverseKeys(item)]));
}

describe('json reporter', () => {
  // The fixture is written in schema order, so its plain JSON.stringify is the expected output.
  it('prints the result with 2-space indentation and a trailing newline', () => {
    expect(json(richResult(), { color: false })).toBe(expected('json.json'));
    expect(json(emptyResult(), { color: false })).toBe(expected('json-empty.json'));
  });

  it('writes keys in schema order whatever order the object was built in', () => {
    const shuffled = reverseKeys(richResult()) as ReturnType<typeof richResult>;
    expect(JSON.stringify(shuffled).startsWith('{"warnings"')).toBe(true);
    expect(json(shuffled, { color: false })).toBe(expected('json.json'));
  });

  it('keeps keys the schema does not know yet, after the known ones, and drops undefined', () => {
    const result = { ...richResult(), extra: { a: 1 }, project: { classes: 6, files: 7, tsconfig: 'tsconfig.json', note: undefined } };
    const parsed = JSON.parse(json(result, { color: false })) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'project', 'candidates', 'unlinkBugs', 'skipped', 'cycles', 'warnings', 'extra']);
    expect(Object.keys(parsed.project as object)).toEqual(['tsconfig', 'files', 'classes']);
  });

  it('applies --min-confidence: the candidate moves to skipped, sorted by file and line', () => {
    const parsed = JSON.parse(json(richResult(), { color: false, minConfidence: 0.8 }));
    expect(parsed.candidates.map((candidate: { field: string }) => candidate.field)).toEqual(['scene', 'parent']);
    expect(parsed.skipped.map((skipped: { file: string; line: number }) => `${skipped.file}:${skipped.line}`)).toEqual([
      'src/entity.ts:8',
      'src/tree.ts:5',
      'src/view.ts:2',
    ]);
    expect(parsed.skipped[2]).toEqual({
      file: 'src/view.ts',
      line: 2,
      class: 'View',
      field: '#editor',
      reason: 'below-confidence',
      message: 'Confidence 0.75 is below the minimum 0.80.',
      confidence: 0.75,
    });
  });
});
