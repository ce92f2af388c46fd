import { createColors } from 'picocolors';
import type { AnalysisResult, Candidate } from '../detect/analysis-result.js';
import {
  cyclesWithCandidates,
  fixText,
  memberName,
  ownerText,
  plural,
  sideLead,
  skippedReasonCounts,
  summaryLine,
  unlinkBugTitle,
} from './finding-text.js';
import { applyMinConfidence, displayMessage, displayPath, formatConfidence, type Reporter, type ReporterOptions } from './reporter.js';

/**
 * `--format text`, the default: candidates grouped by the cycle they break, then unlink bugs,
 * skipped fields, warnings and a one-line summary. Colour only when `options.color`.
 */
export const text: Reporter = (input, options) => {
  const result = applyMinConfidence(input, options);
  const c = createColors(options.color);
  const path = (file: string) => displayPath(file, options);
  const at = (file: string, line?: number, column?: number) =>
    c.cyan([path(file), line, column].filter((part) => part !== undefined).join(':'));
  const out: string[] = [];

  const groups = groupByCycle(result);
  const headed = new Set(groups.map((group) => group.cycle));
  for (const group of groups) {
    out.push(c.bold(group.cycle === undefined ? 'Back-pointers outside any reported cycle' : cycleHeading(result, group.cycle)));
    for (const candidate of group.candidates) {
      out.push(...candidateLines(candidate, otherCycles(result, candidate, group.cycle, headed), options, c, at), '');
    }
  }

  if (result.unlinkBugs.length) {
    out.push(c.bold(`Unlink bugs (${result.unlinkBugs.length})`));
    for (const bug of result.unlinkBugs) {
      out.push(`  ${at(bug.file, bug.line, bug.column)} ${c.red(unlinkBugTitle(bug))}`, `    ${displayMessage(bug.message, [bug.file, bug.backPointer.file], options)}`);
    }
    out.push('');
  }

  if (result.skipped.length) {
    out.push(c.bold(`Skipped ${plural(result.skipped.length, 'field')} (${skippedReasonCounts(result)})`));
    if (options.verbose) {
      for (const skipped of result.skipped) {
        out.push(`  ${at(skipped.file, skipped.line)} ${memberName(skipped.class, skipped.field)} ${c.dim(`[${skipped.reason}]`)} ${displayMessage(skipped.message, [skipped.file, ...(skipped.places ?? []).map((place) => place.file)], options)}`);
      }
    } else {
      out.push(c.dim('  (run with --verbose to list them)'));
    }
    out.push('');
  }

  if (result.warnings.length) {
    out.push(c.bold(`Warnings (${result.warnings.length})`));
    for (const warning of result.warnings) {
      const where = warning.file ? `${at(warning.file, warning.line)} ` : '';
      out.push(`  ${where}${c.yellow(displayMessage(warning.message, [warning.file], options))}`);
    }
    out.push('');
  }

  out.push(c.bold(summaryLine(result)));
  return `${out.join('\n')}\n`;
};

type Colors = ReturnType<typeof createColors>;

interface CycleGroup {
  /** Index into `result.cycles`; undefined for candidates that name no cycle. */
  cycle: number | undefined;
  candidates: Candidate[];
}

/**
 * Each candidate once, under the first cycle it breaks, so that a back-pointer shared by two
 * cycles is not reported twice; cycles in index order (detect sorts them stably).
 */
export function groupByCycle(result: AnalysisResult): CycleGroup[] {
  const groups = new Map<number | undefined, Candidate[]>();
  for (const cycle of cyclesWithCandidates(result.candidates)) groups.set(cycle, []);
  for (const candidate of result.candidates) {
    const first = candidate.cycles.length ? Math.min(...candidate.cycles) : undefined;
    if (!groups.has(first)) groups.set(first, []);
    groups.get(first)!.push(candidate);
  }
  return [...groups]
    .filter(([, candidates]) => candidates.length > 0)
    .map(([cycle, candidates]) => ({ cycle, candidates }));
}

/** `Cycle 1: Parent.children -> Child.parent`; numbered from 1 as in every other format. */
export function cycleHeading(result: AnalysisResult, index: number): string {
  const members = result.cycles[index]?.members ?? [];
  return `Cycle ${index + 1}: ${members.join(' -> ')}`;
}

/**
 * The cycles a candidate breaks besides its group's, as `cycle 2` / `cycles 2, 4-7`, or undefined.
 * A cycle with no heading of its own (every back-pointer on it is reported under an earlier one)
 * is spelled out, so the number points somewhere: `cycle 2 (World.addBodyEvent -> Body.world)`,
 * unless there are more than a few (a dense tangle's field breaks a hundred and more).
 */
export function otherCycles(
  result: AnalysisResult,
  candidate: Candidate,
  groupCycle: number | undefined,
  headed: ReadonlySet<number | undefined>,
  members: (names: readonly string[]) => string = (names) => names.join(' -> '),
): string | undefined {
  const others = candidate.cycles.filter((cycle) => cycle !== groupCycle).sort((a, b) => a - b);
  if (others.length === 0) return undefined;
  const unheaded = others.filter((cycle) => !headed.has(cycle));
  const numbers =
    unheaded.length === 0 || unheaded.length > MAX_SPELLED_OUT_CYCLES
      ? numberRanges(others.map((cycle) => cycle + 1))
      : others.map((cycle) => (headed.has(cycle) ? `${cycle + 1}` : `${cycle + 1} (${members(result.cycles[cycle]?.members ?? [])})`)).join(', ');
  return `${others.length === 1 ? 'cycle' : 'cycles'} ${numbers}`;
}

const MAX_SPELLED_OUT_CYCLES = 3;

function candidateLines(
  candidate: Candidate,
  others: string | undefined,
  options: ReporterOptions,
  c: Colors,
  at: (file: string, line?: number, column?: number) => string,
): string[] {
  const lines = [
    `  ${at(candidate.file, candidate.line, candidate.column)} ${c.yellow(memberName(candidate.class, candidate.field))} -> ${candidate.target.join(' | ')}`,
    `    ${candidate.kind}, confidence ${formatConfidence(candidate.confidence)}, strategy ${candidate.strategy}`,
  ];
  for (const inverse of candidate.inverse) lines.push(`    ${sideLead(inverse)} ${ownerText(inverse, displayPath(inverse.file, options))}`);
  if (others) lines.push(`    also breaks ${others}`);
  if (candidate.evidence.length) {
    lines.push('    evidence:');
    for (const evidence of candidate.evidence) lines.push(`      - ${displayMessage(evidence.message, [evidence.file], options)}`);
  }
  if (candidate.risks.length) {
    lines.push('    risks:');
    for (const risk of candidate.risks) lines.push(`      - ${c.yellow(displayMessage(risk.message, [risk.file], options))}`);
  }
  lines.push(`    fix: ${c.green(fixText(candidate))}`);
  return lines;
}

/**
 * `3, 5-9, 12` for sorted numbers: a field on a dense tangle breaks a hundred and more cycles,
 * and planck's line listed 160 numbers one by one.
 */
export function numberRanges(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let at = 0; at < numbers.length; ) {
    let end = at;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end]! + 1) end++;
    parts.push(end - at >= 2 ? `${numbers[at]}-${numbers[end]}` : numbers.slice(at, end + 1).join(', '));
    at = end + 1;
  }
  return parts.join(', ');
}
