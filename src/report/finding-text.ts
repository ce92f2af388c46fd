/**
 * The sentences every reporter shares, so that a finding reads the same in the terminal, in a
 * pull-request comment and in code scanning.
 */
import { firmOwners, type AnalysisResult, type Candidate, type InverseRef, type UnlinkBug } from '../detect/analysis-result.js';
import { formatConfidence } from './reporter.js';

/** `Child.parent`, `Editor.#view`. */
export function memberName(className: string, field: string): string {
  return `${className}.${field}`;
}

/** `Scene.nodes (array, src/scene.ts:5)`: an owning side as the reporters list it. */
export function ownerText(inverse: InverseRef, path: string): string {
  // `generic` (the plan's word) is a Box<Child>, a plain object's fields, or an array of arrays.
  const container = inverse.container === 'generic' ? 'inside other objects' : inverse.container;
  return `${memberName(inverse.class, inverse.field)} (${container}, ${path}:${inverse.line})`;
}

/**
 * How a report introduces a side: `owned by`, or, for a side only its types pair with the
 * back-pointer (InverseRef.loose), `paired by type only with`.
 */
export function sideLead(inverse: InverseRef): string {
  return inverse.loose === undefined ? 'owned by' : 'paired by type only with';
}

/** The cure in a few words, ending without a full stop. */
export function fixText(candidate: Candidate): string {
  if (candidate.strategy === 'weakref') return `hold \`${candidate.field}\` in a WeakRef behind a getter/setter`;
  const owners = unique(firmOwners(candidate).map((inverse) => inverse.class));
  return owners.length
    ? `clear \`${candidate.field}\` in a dispose method of ${owners.join(' and ')}`
    : `clear \`${candidate.field}\` in a dispose method of its owner`;
}

/** One self-contained sentence pair for annotations and SARIF messages. */
export function candidateMessage(candidate: Candidate): string {
  const names = (sides: InverseRef[]) => sides.map((inverse) => memberName(inverse.class, inverse.field)).join(' and ');
  const firm = firmOwners(candidate);
  const holder = firm.length
    ? `, which holds it in ${names(firm)}`
    : candidate.inverse.length
      ? `, paired by type only with ${names(candidate.inverse)}`
      : '';
  return (
    `${memberName(candidate.class, candidate.field)} is a strong back-pointer to ${candidate.target.join(' | ')}${holder}` +
    ` (${candidate.kind}, confidence ${formatConfidence(candidate.confidence)}). Suggested fix: ${fixText(candidate)}.`
  );
}

/** `Scene.remove() leaves SceneNode.scene set`. */
export function unlinkBugTitle(bug: UnlinkBug): string {
  return `${bug.class}.${bug.method}() leaves ${memberName(bug.backPointer.class, bug.backPointer.field)} set`;
}

/** `3 back-pointers`, `1 class`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Cycle indexes the candidates break, ascending. */
export function cyclesWithCandidates(candidates: Candidate[]): number[] {
  return unique(candidates.flatMap((candidate) => candidate.cycles)).sort((a, b) => a - b);
}

/**
 * The closing line: "3 back-pointers in 2 cycles across 5 files (1 skipped, 1 unlink bug)", or
 * "No back-pointers found in 6 files (7 classes)." (followed by the other counts, if any). When
 * some cycles hold no reported back-pointer (theirs was skipped, or is below the threshold), it
 * says of how many: "in 117 of 146 cycles", the number `cycles` of the JSON has.
 */
export function summaryLine(result: AnalysisResult): string {
  const { candidates } = result;
  const extras = [
    result.skipped.length ? `${result.skipped.length} skipped` : '',
    result.unlinkBugs.length ? plural(result.unlinkBugs.length, 'unlink bug') : '',
    result.warnings.length ? plural(result.warnings.length, 'warning') : '',
  ].filter(Boolean);
  if (candidates.length === 0) {
    const none = `No back-pointers found in ${plural(result.project.files, 'file')} (${plural(result.project.classes, 'class', 'classes')})`;
    // Unlink bugs are findings too: the line must not read as an all-clear when there are some.
    return extras.length ? `${none}; ${extras.join(', ')}.` : `${none}.`;
  }
  const files = unique(candidates.flatMap((candidate) => [candidate.file, ...candidate.inverse.map((inverse) => inverse.file)]));
  return (
    `${plural(candidates.length, 'back-pointer')} in ${cycleCount(cyclesWithCandidates(candidates).length, result.cycles.length)}` +
    ` across ${plural(files.length, 'file')}${extras.length ? ` (${extras.join(', ')})` : ''}`
  );
}

function cycleCount(broken: number, all: number): string {
  return broken < all ? `${broken} of ${plural(all, 'cycle')}` : plural(broken, 'cycle');
}

/** Skip reasons with their counts, most frequent first: "2 decorated, 1 ignored". */
export function skippedReasonCounts(result: AnalysisResult): string {
  const counts = new Map<string, number>();
  for (const skipped of result.skipped) counts.set(skipped.reason, (counts.get(skipped.reason) ?? 0) + 1);
  return [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
