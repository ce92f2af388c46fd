import type { AnalysisResult, Candidate, UnlinkBug } from '../detect/analysis-result.js';
import { inRanges, type LineRange } from '../git/changed-lines.js';

/** Which side of a cycle the change touched. */
export type TouchedSide = 'back-pointer' | 'inverse';

export interface SelectedCandidate {
  id: string;
  touched: TouchedSide[];
}

export interface SelectChangedOptions {
  /** Keep every finding (`--all`); `touched` is still computed. */
  all?: boolean;
}

export interface SelectedFindings {
  /** The analysis narrowed to what the change touches (with `all`: unchanged). */
  result: AnalysisResult;
  /** Per selected candidate, the sides the change touched (empty with `all` for untouched ones). */
  touched: Map<string, TouchedSide[]>;
}

/**
 * Keep the findings a change introduces or touches, given the changed line ranges per file
 * (paths relative to the tsconfig folder, like the result's).
 *
 * A candidate counts as new when its back-pointer field line or any inverse (owner) field line
 * was added or changed: a change that adds only one side of a cycle closes it, even though the
 * other side existed before. We do not analyse the base to diff candidate ids: it would double
 * the cost of every run, and 'touched by the change' is what a reviewer needs to look at.
 * An unlink bug counts when its removal method's lines (`line`..`endLine`) are touched.
 */
export function selectChanged(
  result: AnalysisResult,
  changed: ReadonlyMap<string, readonly LineRange[]>,
  options: SelectChangedOptions = {},
): SelectedFindings {
  const touched = new Map<string, TouchedSide[]>();
  for (const candidate of result.candidates) {
    const sides = touchedSides(candidate, changed);
    if (sides.length > 0 || options.all) touched.set(candidate.id, sides);
  }
  const keepBug = (bug: UnlinkBug) => options.all || unlinkBugTouched(bug, changed);
  const candidates = result.candidates.filter((candidate) => touched.has(candidate.id));

  // Cycles stay whole: candidates refer to them by index.
  return {
    result: {
      ...result,
      candidates,
      unlinkBugs: result.unlinkBugs.filter(keepBug),
      skipped: options.all ? result.skipped : result.skipped.filter((skip) => inRanges(skip.line, changed.get(skip.file))),
      warnings: options.all ? result.warnings : result.warnings.filter((warning) => !warning.file || changed.has(warning.file)),
    },
    touched,
  };
}

export function touchedSides(candidate: Candidate, changed: ReadonlyMap<string, readonly LineRange[]>): TouchedSide[] {
  const sides: TouchedSide[] = [];
  if (inRanges(candidate.line, changed.get(candidate.file))) sides.push('back-pointer');
  if (candidate.inverse.some((inverse) => inRanges(inverse.line, changed.get(inverse.file)))) sides.push('inverse');
  return sides;
}

function unlinkBugTouched(bug: UnlinkBug, changed: ReadonlyMap<string, readonly LineRange[]>): boolean {
  const ranges = changed.get(bug.file);
  if (!ranges) return false;
  const end = bug.endLine ?? bug.line;
  return ranges.some((range) => range.start <= end && range.end >= bug.line);
}
