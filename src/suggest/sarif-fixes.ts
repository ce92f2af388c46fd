import type { FileFix } from '../report/reporter.js';
import { hunkReplacement, lineHunks, splitLines } from './line-hunks.js';
import type { SuggestResult } from './suggest.js';

/**
 * Each finding's own edits as SARIF replacements (whole lines of the head version), keyed by
 * finding id, for the sarif reporter's `fixes`. Paths stay relative to the tsconfig folder, as
 * the reporter expects; its `pathPrefix` makes them repository-relative.
 */
export function sarifFixes(s: SuggestResult): Map<string, FileFix[]> {
  const fixes = new Map<string, FileFix[]>();
  for (const [id, files] of s.fixes) {
    fixes.set(
      id,
      files.map((change) => {
        const oldLines = splitLines(change.before);
        return { file: change.file, replacements: lineHunks(change.before, change.after).map((hunk) => hunkReplacement(hunk, oldLines)) };
      }),
    );
  }
  return fixes;
}
