import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { DroppedEntry } from '../apply/apply-plan.js';
import type { EarlyTouchedClass } from '../apply/touched-before-storage.js';
import type { ChangeSet, FileChange } from '../apply/change-set.js';
import { ANALYSIS_SCHEMA_VERSION, type AnalysisResult } from '../detect/analysis-result.js';
import { changedLines, rebaseChangedRanges, type ChangedLines, type LineRange } from '../git/changed-lines.js';
import { withWorktree } from '../git/with-worktree.js';
import type { ProgressEvent } from '../index.js';
import type { MigrationPlan } from '../plan/migration-plan.js';
import { resolveTsconfigPath } from '../project/resolve-tsconfig.js';
import type { StorageChoice } from '../verify/check-weakref-lib.js';
import type { VerifyResult } from '../verify/verify-changes.js';
import { TOOL } from '../version.js';
import type { Findings } from './fix-findings.js';
import { touchesClassMembers } from './touches-class-members.js';
import type { TouchedSide } from './select-changed.js';

export interface SuggestOptions {
  /** Folder the tsconfig path is relative to; must be inside the repository. */
  cwd: string;
  /** Path to tsconfig.json (or its folder), relative to `cwd`. */
  tsconfig: string;
  /** The pull request's base, e.g. `origin/main`. */
  base: string;
  /** A ref to analyse (checked out in a temporary worktree); omitted: the working tree. */
  head?: string;
  /** Report every finding, not only those the change touches (`--all`). */
  all?: boolean;
  minConfidence?: number;
  compilerOptions?: Record<string, unknown>;
  include?: string[];
  exclude?: string[];
  /** Type-check the proposed patch in memory (default true). */
  verify?: boolean;
  /** ES `#` fields or module-level WeakMaps in the proposed patch (see apply). */
  storage?: StorageChoice;
  onProgress?: (event: SuggestProgressEvent) => void;
}

export type SuggestProgressEvent = ProgressEvent | { stage: 'git' } | { stage: 'fix' } | { stage: 'verify' };

export interface SuggestResult {
  /** The analysis at head, narrowed to the findings the change touches (with `all`: every finding). */
  result: AnalysisResult;
  /** Per reported candidate id, which sides of it the change touched (empty: untouched, `all` only). */
  touched: Map<string, TouchedSide[]>;
  /** The plan over `result` (tsconfig path relative to the repository root). */
  plan: MigrationPlan;
  /** The proposed edits, paths relative to the tsconfig folder (as in `result`). */
  changes: ChangeSet;
  /**
   * Each plan entry's own edits (by candidate or unlink-bug id), made by running its transforms
   * alone: review suggestions and SARIF fixes must apply one at a time. Paths as in `changes`.
   */
  fixes: Map<string, FileChange[]>;
  /** Unified diff of `changes`, paths relative to the repository root: `git apply` accepts it on head. */
  patch: string;
  /** The in-memory type-check of the patch; undefined with `verify: false` or when nothing changes. */
  verify: VerifyResult | undefined;
  /** Entries left out of the patch (and of `fixes`) because their fix adds type errors, with those errors. */
  dropped: DroppedEntry[];
  /** Classes whose weak fields the patch keeps in WeakMaps, since `#` fields failed verification (see ApplyResult). */
  weakmapClasses: Array<{ file: string; class: string }>;
  /**
   * Classes the patch changes whose weak fields it keeps in WeakMaps because a base class's
   * constructor reaches them before `#` fields exist, with the reason (see ApplyResult).
   */
  earlyTouched: EarlyTouchedClass[];
  /** What git reports as changed (paths relative to the repository root). */
  changed: ChangedLines;
  /** Changed line ranges re-based to the tsconfig folder. */
  changedInProject: Map<string, LineRange[]>;
  /** The tsconfig folder relative to the repository root, `/`-separated; '' at the root. */
  projectDir: string;
  base: { ref: string; sha: string };
  /** sha undefined: the working tree. */
  head: { ref: string | undefined; sha: string | undefined };
  mergeBaseSha: string;
  /**
   * False when the change touches no class field, constructor or method of the project (docs,
   * plain functions, tests without classes...): no finding can be selected, so the project was
   * not loaded at all and the run cost only git and a syntax-only parse of the changed files.
   * The result is then empty (no warnings either).
   */
  analysed: boolean;
  /** `--fail-on new`: the change introduces or touches a candidate (the CLI exits 1). */
  introducesCandidates: boolean;
}

/**
 * The pre-merge mode: analyse the project at head, keep the findings the change between the
 * merge base of `base` and head touches, and propose the fix as a patch. Nothing is printed or
 * written; the user's working tree is never modified (a ref head is checked out elsewhere).
 */
export async function suggest(options: SuggestOptions): Promise<SuggestResult> {
  options.onProgress?.({ stage: 'git' });
  const cwd = realpathSync(path.resolve(options.cwd));
  const changed = await changedLines({ cwd, base: options.base, head: options.head });
  // With a ref head the tsconfig may exist only there: locate it by name here, and let the
  // analysis (in the head checkout) report a missing one.
  const tsconfigPath = changed.headSha === undefined ? realpathSync(resolveTsconfigPath(options.tsconfig, cwd)) : tsconfigByName(options.tsconfig, cwd);
  const projectDir = toPosix(path.relative(changed.repoRoot, path.dirname(tsconfigPath)));
  const changedInProject = rebaseChangedRanges(changed, path.dirname(tsconfigPath));

  const common = {
    changed,
    changedInProject,
    projectDir,
    base: { ref: options.base, sha: changed.baseSha },
    head: { ref: options.head, sha: changed.headSha },
    mergeBaseSha: changed.mergeBaseSha,
  };
  const skipped = { ...emptyFindings(path.posix.join(projectDir, path.basename(tsconfigPath))), analysed: false };
  const touchesProject = [...changedInProject.values()].some((ranges) => ranges.length > 0);
  if (!touchesProject && !options.all) return { ...common, ...skipped };

  const relativeCwd = path.relative(changed.repoRoot, cwd);
  const analyse = async (root: string) => {
    // Only a change to a class field, constructor or method can touch a finding; checked on the
    // head's files (a syntax-only parse) before paying for the program and the graph.
    if (!options.all && !(await touchesClassMembers(path.join(root, projectDir), changedInProject))) return skipped;
    const findings = await analyseAndFix({ ...options, cwd: path.join(root, relativeCwd) }, changedInProject, projectDir);
    return { ...findings, analysed: true };
  };
  const findings =
    changed.headSha === undefined
      ? await analyse(changed.repoRoot)
      : await withWorktree(changed.repoRoot, changed.headSha, analyse, { borrow: ['node_modules', path.posix.join(projectDir, 'node_modules')] });
  return { ...common, ...findings };
}

async function analyseAndFix(options: SuggestOptions, changedInProject: Map<string, LineRange[]>, projectDir: string): Promise<Findings> {
  // Loaded only when the change can select a finding: TypeScript, jscodeshift and prettier are most
  // of a second that the common case (a change inside method bodies) does without.
  const [{ analyzeProject }, { fixFindings }] = await Promise.all([import('../index.js'), import('./fix-findings.js')]);
  const session = await analyzeProject({
    cwd: options.cwd,
    tsconfig: options.tsconfig,
    compilerOptions: options.compilerOptions,
    include: options.include,
    exclude: options.exclude,
    minConfidence: options.minConfidence,
    onProgress: options.onProgress,
  });
  return fixFindings(session, changedInProject, {
    projectDir,
    all: options.all,
    verify: options.verify,
    storage: options.storage,
    onProgress: options.onProgress,
  });
}

function emptyFindings(tsconfig: string): Findings {
  return {
    result: {
      schemaVersion: ANALYSIS_SCHEMA_VERSION,
      tool: { name: TOOL.name, version: TOOL.version },
      project: { tsconfig, files: 0, classes: 0 },
      candidates: [],
      unlinkBugs: [],
      skipped: [],
      cycles: [],
      warnings: [],
    },
    touched: new Map(),
    plan: { schemaVersion: 1, tool: { name: TOOL.name, version: TOOL.version }, project: { tsconfig }, entries: [] },
    changes: { files: [], skipped: [] },
    fixes: new Map(),
    patch: '',
    verify: undefined,
    dropped: [],
    weakmapClasses: [],
    earlyTouched: [],
    introducesCandidates: false,
  };
}

function tsconfigByName(tsconfig: string, cwd: string): string {
  const absolute = path.resolve(cwd, tsconfig);
  return absolute.endsWith('.json') ? absolute : path.join(absolute, 'tsconfig.json');
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
