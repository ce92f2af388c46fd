import { createTwoFilesPatch } from 'diff';
import type { ChangeSet } from './change-set.js';

/**
 * A unified diff of every changed file, in the form `git apply` (and `patch -p1`) accept: a
 * `diff --git` line, `a/` and `b/` prefixes, three lines of context (git's default).
 * Empty when nothing changes.
 */
export function unifiedDiff(changes: ChangeSet): string {
  return changes.files
    .map((change) => {
      const patch = createTwoFilesPatch(`a/${change.file}`, `b/${change.file}`, change.before, change.after, undefined, undefined, {
        context: 3,
        headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
      });
      return `diff --git a/${change.file} b/${change.file}\n${patch}`;
    })
    .join('');
}
