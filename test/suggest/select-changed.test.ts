import { describe, expect, it } from 'vitest';
import type { AnalysisResult, Candidate, UnlinkBug } from '../../src/detect/analysis-result.js';
import type { LineRange } from '../../src/git/changed-lines.js';
import { selectChanged } from '../../src/suggest/select-changed.js';

function candidate(id: string, file: string, line: number, inverse: Array<{ file: string; line: number }>): Candidate {
  return {
    id,
    file,
    line,
    column: 3,
    class: 'Child',
    field: 'parent',
    target: ['Parent'],
    inverse: inverse.map((side) => ({ ...side, class: 'Parent', field: 'children', container: 'array' as const })),
    kind: 'one-to-many',
    confidence: 0.9,
    strategy: 'weakref',
    evidence: [],
    risks: [],
    typeText: 'Parent | undefined',
    nullable: 'undefined',
    cycles: [0],
  };
}

function bug(id: string, file: string, line: number, endLine?: number): UnlinkBug {
  return {
    id,
    file,
    line,
    column: 3,
    ...(endLine === undefined ? {} : { endLine }),
    class: 'Parent',
    method: 'remove',
    collection: 'children',
    backPointer: { file: 'src/child.ts', class: 'Child', field: 'parent', nullable: 'undefined' },
    message: 'Parent.remove leaves Child.parent set.',
  };
}

const result: AnalysisResult = {
  schemaVersion: 1,
  tool: { name: 'weakify', version: '0.0.0' },
  project: { tsconfig: 'tsconfig.json', files: 3, classes: 4 },
  candidates: [
    candidate('c-child', 'src/child.ts', 4, [{ file: 'src/parent.ts', line: 3 }]),
    candidate('c-node', 'src/node.ts', 10, [{ file: 'src/tree.ts', line: 7 }, { file: 'src/forest.ts', line: 2 }]),
  ],
  unlinkBugs: [bug('u-with-range', 'src/parent.ts', 10, 14), bug('u-line-only', 'src/tree.ts', 20)],
  skipped: [{ file: 'src/child.ts', line: 8, class: 'Child', field: 'owner', reason: 'decorated', message: 'Decorated.' }],
  cycles: [{ members: ['Parent.children', 'Child.parent'], fieldIds: ['a', 'b'] }],
  warnings: [{ kind: 'syntax-error', file: 'src/other.ts', line: 1, message: 'x' }, { kind: 'config', message: 'global' }],
};

const changes = (entries: Record<string, LineRange[]>) => new Map(Object.entries(entries));

describe('selectChanged', () => {
  it('keeps a candidate whose back-pointer line changed', () => {
    const selected = selectChanged(result, changes({ 'src/child.ts': [{ start: 4, end: 4 }] }));
    expect(selected.result.candidates.map((c) => c.id)).toEqual(['c-child']);
    expect(selected.touched).toEqual(new Map([['c-child', ['back-pointer']]]));
  });

  it('keeps a candidate when only one inverse side changed: the change closes the cycle', () => {
    const selected = selectChanged(result, changes({ 'src/forest.ts': [{ start: 1, end: 5 }] }));
    expect(selected.touched).toEqual(new Map([['c-node', ['inverse']]]));
  });

  it('reports both sides when both changed', () => {
    const selected = selectChanged(result, changes({ 'src/node.ts': [{ start: 10, end: 10 }], 'src/tree.ts': [{ start: 7, end: 7 }] }));
    expect(selected.touched).toEqual(new Map([['c-node', ['back-pointer', 'inverse']]]));
  });

  it('keeps nothing for changes to unrelated lines, even in the same files', () => {
    const selected = selectChanged(result, changes({ 'src/child.ts': [{ start: 1, end: 3 }, { start: 5, end: 7 }], 'src/other.ts': [{ start: 1, end: 1 }] }));
    expect(selected.result.candidates).toEqual([]);
    expect(selected.result.unlinkBugs).toEqual([]);
    expect(selected.result.skipped).toEqual([]);
    // Warnings about changed files and global ones stay: they may explain a missed finding.
    expect(selected.result.warnings).toEqual(result.warnings);
    expect(selected.result.cycles).toEqual(result.cycles);
  });

  it('keeps an unlink bug when its method body is touched, or its first line when no end is known', () => {
    expect(selectChanged(result, changes({ 'src/parent.ts': [{ start: 14, end: 16 }] })).result.unlinkBugs.map((b) => b.id)).toEqual(['u-with-range']);
    expect(selectChanged(result, changes({ 'src/parent.ts': [{ start: 15, end: 16 }] })).result.unlinkBugs).toEqual([]);
    expect(selectChanged(result, changes({ 'src/tree.ts': [{ start: 21, end: 30 }] })).result.unlinkBugs).toEqual([]);
    expect(selectChanged(result, changes({ 'src/tree.ts': [{ start: 20, end: 20 }] })).result.unlinkBugs.map((b) => b.id)).toEqual(['u-line-only']);
  });

  it('--all keeps everything and still says what was touched', () => {
    const selected = selectChanged(result, changes({ 'src/parent.ts': [{ start: 3, end: 3 }] }), { all: true });
    expect(selected.result).toEqual(result);
    expect(selected.touched).toEqual(new Map([['c-child', ['inverse']], ['c-node', []]]));
  });
});
