import { diffLines } from 'diff';
import type { TextReplacement } from '../report/reporter.js';

/**
 * One contiguous edit of a file in line terms: lines `start..end` of the old text (1-based,
 * inclusive) become `lines`. A pure insertion has `end = start - 1` and goes before line `start`.
 */
export interface LineHunk {
  start: number;
  end: number;
  /** The new lines, each with its line break (the last one without, when the file ends without). */
  lines: string[];
}

/** The edits that turn `before` into `after`, without context, in file order. */
export function lineHunks(before: string, after: string): LineHunk[] {
  const hunks: LineHunk[] = [];
  let oldLine = 1;
  let current: LineHunk | undefined;
  for (const part of diffLines(before, after)) {
    const partLines = splitLines(part.value);
    if (!part.added && !part.removed) {
      current = undefined;
      oldLine += partLines.length;
      continue;
    }
    current ??= hunks[hunks.push({ start: oldLine, end: oldLine - 1, lines: [] }) - 1]!;
    if (part.removed) {
      current.end += partLines.length;
      oldLine += partLines.length;
    } else {
      current.lines.push(...partLines);
    }
  }
  return hunks;
}

/**
 * A hunk that replaces at least one line, for places that must anchor an edit on existing lines
 * (a review suggestion replaces the lines it is attached to): a pure insertion takes in the line
 * above it (or below, at the top of the file).
 */
export function anchorHunk(hunk: LineHunk, oldLines: readonly string[]): LineHunk {
  if (hunk.end >= hunk.start) return hunk;
  if (hunk.start > 1) {
    return { start: hunk.start - 1, end: hunk.start - 1, lines: [withBreak(oldLines[hunk.start - 2]!), ...hunk.lines] };
  }
  return { start: 1, end: 1, lines: [...hunk.lines, oldLines[0] ?? ''] };
}

/** The hunk as a SARIF replacement over whole lines of `before`. */
export function hunkReplacement(hunk: LineHunk, oldLines: readonly string[]): TextReplacement {
  const insertedText = hunk.lines.join('');
  // Inside the file the region runs to the start of the line after the hunk.
  if (hunk.end < oldLines.length) {
    return { startLine: hunk.start, startColumn: 1, endLine: hunk.end + 1, endColumn: 1, insertedText };
  }
  // At the end there is no next line: stop before the last line's break and keep it.
  const lastIndex = oldLines.length;
  const last = oldLines[lastIndex - 1] ?? '';
  const lastEnd = stripBreak(last).length + 1;
  const breakKept = last.endsWith('\n');
  if (hunk.end < hunk.start) {
    const text = breakKept ? `\n${insertedText.replace(/\n$/, '')}` : `\n${insertedText}`;
    return { startLine: lastIndex, startColumn: lastEnd, endLine: lastIndex, endColumn: lastEnd, insertedText: text };
  }
  const text = breakKept && insertedText.endsWith('\n') ? insertedText.slice(0, -1) : insertedText;
  return { startLine: hunk.start, startColumn: 1, endLine: lastIndex, endColumn: lastEnd, insertedText: text };
}

/** Lines with their breaks kept, so joining them gives the text back. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function withBreak(line: string): string {
  return line.endsWith('\n') ? line : `${line}\n`;
}

function stripBreak(line: string): string {
  return line.replace(/\r?\n$/, '');
}
