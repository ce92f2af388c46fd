/**
 * weakify's library API. Nothing here prints or exits: every function returns data or throws a
 * WeakifyError (a known, user-actionable problem). The CLI in src/cli is a thin layer over it.
 */
import { buildFieldGraph } from './graph/build-field-graph.js';
import type { FieldGraph } from './graph/field-graph.js';
import { detectBackPointers } from './detect/detect-back-pointers.js';
import { ANALYSIS_SCHEMA_VERSION, type AnalysisResult, type AnalysisWarning } from './detect/analysis-result.js';
import { loadProject, type LoadedProject, type LoadProjectOptions } from './project/load-project.js';
import { matchesAnyGlob } from './project/match-glob.js';
import { TOOL } from './version.js';

export type { AnalysisResult, Candidate, UnlinkBug, Cycle, Evidence, Risk } from './detect/analysis-result.js';
export type { FieldGraph, ClassNode, FieldNode, Fact } from './graph/field-graph.js';
export type { MigrationPlan, PlanEntry, PlanAction, TransformId } from './plan/migration-plan.js';
export type { LoadedProject, LoadProjectOptions } from './project/load-project.js';
export { loadProject } from './project/load-project.js';
export { WeakifyError, ExitCode, isWeakifyError } from './weakify-error.js';
export { TOOL } from './version.js';

/** Progress of a long run, for a UI to show (the CLI prints it on stderr when it is a TTY). */
export type ProgressEvent =
  | { stage: 'load' }
  | { stage: 'graph'; done: number; total: number }
  | { stage: 'detect' };

export interface AnalyzeOptions extends LoadProjectOptions {
  /** Back-pointers below this confidence are listed under `skipped` (default 0.5). */
  minConfidence?: number;
  /** `auto` (default) picks per candidate; `weakref` / `dispose` force one. */
  strategy?: 'auto' | 'weakref' | 'dispose';
  /** Globs (relative to the tsconfig folder) narrowing what is reported; the whole program is still loaded. */
  files?: string[];
  onProgress?: (event: ProgressEvent) => void;
}

export const DEFAULT_MIN_CONFIDENCE = 0.5;

/** The analysis together with what produced it, for callers that go on to plan and apply. */
export interface AnalysisSession {
  loaded: LoadedProject;
  graph: FieldGraph;
  result: AnalysisResult;
}

/**
 * Load a project, build its class-field graph and detect back-pointers.
 * Throws WeakifyError for a missing or broken tsconfig or a project without files.
 */
export async function analyze(options: AnalyzeOptions): Promise<AnalysisResult> {
  // Only the result leaves this function, and the graph needs only the files that can hold classes.
  return (await analyzeProject({ classRootsOnly: true, ...options })).result;
}

/** Like analyze(), but keeps the loaded project and graph so apply/verify can reuse them. */
export async function analyzeProject(options: AnalyzeOptions): Promise<AnalysisSession> {
  options.onProgress?.({ stage: 'load' });
  const loaded = loadProject(options);
  const graph = buildFieldGraph(loaded, {
    onProgress: (done, total) => options.onProgress?.({ stage: 'graph', done, total }),
  });
  options.onProgress?.({ stage: 'detect' });
  const result = resultFromGraph(graph, loaded, options);
  return { loaded, graph, result };
}

/** Detection over an already-built graph (pure). */
export function resultFromGraph(
  graph: FieldGraph,
  loaded: Pick<LoadedProject, 'relative' | 'tsconfigPath'>,
  options: Pick<AnalyzeOptions, 'minConfidence' | 'strategy' | 'files'> = {},
): AnalysisResult {
  const detected = detectBackPointers(graph, {
    minConfidence: options.minConfidence ?? DEFAULT_MIN_CONFIDENCE,
    strategy: options.strategy ?? 'auto',
  });
  const result: AnalysisResult = {
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    project: {
      tsconfig: loaded.relative(loaded.tsconfigPath),
      files: graph.files.length,
      classes: graph.classes.filter((node) => !node.external && node.kind !== 'interface').length,
    },
    candidates: detected.candidates,
    unlinkBugs: detected.unlinkBugs,
    skipped: detected.skipped,
    cycles: detected.cycles,
    warnings: [...graph.warnings.map((warning) => ({ ...warning })), ...detected.warnings],
  };
  if (!options.files?.length) return result;
  const narrowed = narrowToFiles(result, options.files);
  // `weakify analyze src/sence/*.ts` (a typo) would otherwise report "no back-pointers" as if it had looked.
  for (const glob of options.files) {
    if (!graph.files.some((file) => matchesAnyGlob(file, [glob]))) {
      narrowed.warnings.push(unmatchedFilesWarning(glob));
    }
  }
  return narrowed;
}

/** The warning for a `files` glob (relative to the tsconfig folder) that matches none of the project's files. */
export function unmatchedFilesWarning(glob: string): AnalysisWarning {
  return { kind: 'config', message: `no file of the project matches ${glob}; nothing is reported for it` };
}

/**
 * Keep the findings that concern the given files: a back-pointer in them, or one whose owner
 * is in them (a cycle is one finding; hiding half of it would mislead).
 */
export function narrowToFiles(result: AnalysisResult, globs: string[]): AnalysisResult {
  const inScope = (file: string) => matchesAnyGlob(file, globs);
  const candidates = result.candidates.filter(
    (candidate) => inScope(candidate.file) || candidate.inverse.some((inverse) => inScope(inverse.file)),
  );
  // Keep the cycles the kept candidates break and those with a field in scope; renumber them.
  const keptCycles = new Set(candidates.flatMap((candidate) => candidate.cycles));
  result.cycles.forEach((cycle, index) => {
    if (cycle.fieldIds.some((id) => inScope(id.slice(0, id.indexOf('#'))))) keptCycles.add(index);
  });
  const renumber = new Map([...keptCycles].sort((a, b) => a - b).map((old, index) => [old, index]));
  return {
    ...result,
    candidates: candidates.map((candidate) => ({ ...candidate, cycles: candidate.cycles.map((index) => renumber.get(index)!) })),
    unlinkBugs: result.unlinkBugs.filter((bug) => inScope(bug.file) || inScope(bug.backPointer.file)),
    skipped: result.skipped.filter((skipped) => inScope(skipped.file)),
    cycles: result.cycles.filter((_, index) => renumber.has(index)),
    warnings: result.warnings.filter((warning) => !warning.file || inScope(warning.file)),
  };
}
