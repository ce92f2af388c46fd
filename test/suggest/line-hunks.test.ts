import { describe, expect, it } from 'vitest';
import { anchorHunk, hunkReplacement, lineHunks, splitLines } from '../../src/suggest/line-hunks.js';

/** Apply SARIF-style replacements (1-based, end exclusive) to a text, last first. */
function applyReplacements(text: string, replacements: ReturnType<typeof hunkReplacement>[]): string {
  const lines = splitLines(text);
  const offset = (line: number, column: number) => lines.slice(0, line - 1).join('').length + column - 1;
  let out = text;
  for (const r of [...replacements].reverse()) {
    out = out.slice(0, offset(r.startLine, r.startColumn)) + r.insertedText + out.slice(offset(r.endLine, r.endColumn));
  }
  return out;
}

describe('lineHunks', () => {
  it('finds replacements, insertions and deletions in old-file line numbers', () => {
    const before = 'a\nb\nc\nd\ne\n';
    const after = 'a\nB1\nB2\nc\nd\nnew\ne\n';
    expect(lineHunks(before, after)).toEqual([
      { start: 2, end: 2, lines: ['B1\n', 'B2\n'] },
      { start: 5, end: 4, lines: ['new\n'] },
    ]);
    expect(lineHunks('a\nb\nc\n', 'a\nc\n')).toEqual([{ start: 2, end: 2, lines: [] }]);
  });

  it('anchors a pure insertion on the line above, or below at the top', () => {
    const before = 'a\nb\n';
    expect(anchorHunk({ start: 2, end: 1, lines: ['x\n'] }, splitLines(before))).toEqual({ start: 1, end: 1, lines: ['a\n', 'x\n'] });
    expect(anchorHunk({ start: 1, end: 0, lines: ['x\n'] }, splitLines(before))).toEqual({ start: 1, end: 1, lines: ['x\n', 'a\n'] });
  });

  it.each([
    ['a replacement in the middle', 'a\nb\nc\n', 'a\nB\nB2\nc\n'],
    ['an insertion', 'a\nb\n', 'a\nx\nb\n'],
    ['a change of the last line', 'a\nb\n', 'a\nB\n'],
    ['an append at the end', 'a\nb\n', 'a\nb\nc\nd\n'],
    ['a change of the last line without a final break', 'a\nb', 'a\nB'],
    ['several hunks', 'a\nb\nc\nd\ne\nf\n', 'A\nb\nc\nd\nE\nf\ng\n'],
  ])('SARIF replacements reproduce the new text: %s', (_name, before, after) => {
    const oldLines = splitLines(before);
    const replacements = lineHunks(before, after).map((hunk) => hunkReplacement(hunk, oldLines));
    expect(applyReplacements(before, replacements)).toBe(after);
  });
});
