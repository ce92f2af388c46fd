import { posix } from 'node:path';
import type { AnalysisResult, SkippedField } from '../detect/analysis-result.js';

/**
 * One text edit of a proposed fix, in the SARIF convention: 1-based lines and columns, the end
 * column exclusive (the column just after the last replaced character); start = end inserts.
 */
export interface TextReplacement {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  insertedText: string;
}

/** The edits of one file that a candidate's fix makes (`file` relative to the tsconfig folder). */
export interface FileFix {
  file: string;
  replacements: TextReplacement[];
}

export interface ReporterOptions {
  /** Colour the output (the CLI passes `isTTY && !NO_COLOR`). Only the text reporter colours. */
  color: boolean;
  /**
   * Prefix joined in front of every path, so paths read from the user's cwd rather than from the
   * tsconfig folder they are relative to (e.g. `packages/app/` when the tsconfig lives there).
   */
  pathPrefix?: string;
  /** Candidates below this confidence are reported as skipped (`below-confidence`). */
  minConfidence?: number;
  /** List every skipped field instead of counting them. */
  verbose?: boolean;
  /** Proposed edits per candidate id; the SARIF reporter turns them into `fixes`. */
  fixes?: Map<string, FileFix[]>;
}

/** A reporter turns the analysis into text; it never prints, so it can be tested byte for byte. */
export type Reporter = (result: AnalysisResult, options: ReporterOptions) => string;

/** A tsconfig-relative path as the user should see it. */
export function displayPath(file: string, options: Pick<ReporterOptions, 'pathPrefix'>): string {
  return options.pathPrefix ? posix.join(options.pathPrefix.replaceAll('\\', '/'), file) : file;
}

/**
 * A sentence from the analysis with its `file:line` references shown from the cwd too. Detect
 * writes them relative to the tsconfig folder; only the files the finding names are rewritten,
 * and only where the path is not part of a longer one.
 */
export function displayMessage(message: string, files: Array<string | undefined>, options: Pick<ReporterOptions, 'pathPrefix'>): string {
  if (!options.pathPrefix) return message;
  let out = message;
  for (const file of new Set(files)) {
    if (!file) continue;
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![\\w./-])${escaped}(?=:\\d)`, 'g'), () => displayPath(file, options));
  }
  return out;
}

/**
 * The result with candidates below `options.minConfidence` moved to `skipped`, as the analysis
 * itself does with `--min-confidence`, so a saved JSON result can be re-reported more strictly.
 */
export function applyMinConfidence(result: AnalysisResult, options: Pick<ReporterOptions, 'minConfidence'>): AnalysisResult {
  const { minConfidence } = options;
  if (minConfidence === undefined) return result;
  const below = result.candidates.filter((candidate) => candidate.confidence < minConfidence);
  if (below.length === 0) return result;
  const moved: SkippedField[] = below.map((candidate) => ({
    file: candidate.file,
    line: candidate.line,
    class: candidate.class,
    field: candidate.field,
    reason: 'below-confidence',
    message: `Confidence ${formatConfidence(candidate.confidence)} is below the minimum ${formatConfidence(minConfidence)}.`,
    confidence: candidate.confidence,
  }));
  return {
    ...result,
    candidates: result.candidates.filter((candidate) => candidate.confidence >= minConfidence),
    skipped: [...result.skipped, ...moved].sort(compareSkipped),
  };
}

/** Confidence as people read it: two decimals. */
export function formatConfidence(confidence: number): string {
  return confidence.toFixed(2);
}

function compareSkipped(a: SkippedField, b: SkippedField): number {
  return compareStrings(a.file, b.file) || a.line - b.line || compareStrings(a.class, b.class) || compareStrings(a.field, b.field);
}

// Code-unit order, not localeCompare: the output must not depend on the machine's locale.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
