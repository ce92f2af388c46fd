import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/index.js';
import type { AnalysisResult } from '../../src/detect/analysis-result.js';

/**
 * Every folder under fixtures/analyze is a small project with the findings it must produce in
 * expected.json (written by reading the code, not copied from output). The projection keeps
 * what a reviewer checks: which field is the back-pointer, of what kind, owned by which fields,
 * with which fix; which cycles; which unlink bugs; what was skipped and why.
 */
const root = path.resolve(import.meta.dirname, '../../fixtures/analyze');
const cases = readdirSync(root).filter((name) => !name.startsWith('.')).sort();

function project(result: AnalysisResult, withFile: Set<string>) {
  return {
    candidates: result.candidates.map((candidate) => ({
      field: `${candidate.class}.${candidate.field}`,
      ...(withFile.has(`${candidate.class}.${candidate.field}`) ? { file: candidate.file } : {}),
      kind: candidate.kind,
      inverse: candidate.inverse.map((inverse) => `${inverse.class}.${inverse.field}${inverse.loose === undefined ? '' : ' (by type only)'}`),
      strategy: candidate.strategy,
      nullable: candidate.nullable,
    })),
    cycles: result.cycles.map((cycle) => cycle.members),
    unlinkBugs: result.unlinkBugs.map((bug) => ({
      method: `${bug.class}.${bug.method}`,
      collection: bug.collection,
      backPointer: `${bug.backPointer.class}.${bug.backPointer.field}`,
      ...(bug.byKey ? { byKey: true } : {}),
      ...(bug.backPointer.access ? { access: bug.backPointer.access } : {}),
    })),
    skipped: result.skipped.map((skipped) => ({ field: `${skipped.class}.${skipped.field}`, reason: skipped.reason })),
    warnings: result.warnings.length,
  };
}

describe('analyze fixtures', () => {
  test('there are fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  test.each(cases)('%s', async (name) => {
    const expected = JSON.parse(readFileSync(path.join(root, name, 'expected.json'), 'utf8'));
    const withFile = new Set<string>(expected.candidates.filter((c: { file?: string }) => c.file).map((c: { field: string }) => c.field));
    const result = await analyze({ tsconfig: path.join(root, name, 'tsconfig.json') });
    expect(project(result, withFile)).toEqual(expected);
  });
});
