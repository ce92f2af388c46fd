import path from 'node:path';
import { applyPlan, planChangesOptions } from '../apply/apply-plan.js';
import type { FileChange } from '../apply/change-set.js';
import { formatChanges } from '../apply/format-changes.js';
import { planChanges } from '../apply/plan-changes.js';
import { unifiedDiff } from '../apply/unified-diff.js';
import type { AnalysisResult } from '../detect/analysis-result.js';
import type { LineRange } from '../git/changed-lines.js';
import type { FieldGraph } from '../graph/field-graph.js';
import { classEndOfLifeMethods, createPlan } from '../plan/create-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import type { StorageChoice } from '../verify/check-weakref-lib.js';
import { selectChanged } from './select-changed.js';
import type { SuggestProgressEvent, SuggestResult } from './suggest.js';

export type Findings = Pick<SuggestResult, 'result' | 'touched' | 'plan' | 'changes' | 'fixes' | 'patch' | 'verify' | 'dropped' | 'weakmapClasses' | 'earlyTouched' | 'introducesCandidates'>;

export interface FixFindingsOptions {
  /** The tsconfig folder relative to the repository root ('' at the root). */
  projectDir: string;
  all?: boolean;
  verify?: boolean;
  storage?: StorageChoice;
  onProgress?: (event: SuggestProgressEvent) => void;
}

/**
 * From an analysis at head: keep what the change touches, plan it, and compute the edits, once
 * together (the patch, as `weakify apply` would make it) and once per finding (review suggestions and
 * SARIF fixes must each apply alone). Nothing is written. Throws NO_WEAKREF_LIB like apply.
 */
export async function fixFindings(
  session: { loaded: LoadedProject; graph: Pick<FieldGraph, 'disposeConventions' | 'classes'>; result: AnalysisResult },
  changedInProject: ReadonlyMap<string, readonly LineRange[]>,
  options: FixFindingsOptions,
): Promise<Findings> {
  const { loaded } = session;
  const selected = selectChanged(session.result, changedInProject, { all: options.all });
  const plan = createPlan(selected.result, {
    tsconfig: path.posix.join(options.projectDir, path.basename(loaded.tsconfigPath)),
    disposeConventions: session.graph.disposeConventions,
    classDisposeMethods: classEndOfLifeMethods(session.graph),
  });

  options.onProgress?.({ stage: 'fix' });
  // The combined patch goes through applyPlan (dry run), exactly what `weakify apply` would do.
  const verifying = (options.verify ?? true) && plan.entries.length > 0;
  if (verifying) options.onProgress?.({ stage: 'verify' });
  const chosen = planChangesOptions(loaded, plan, { storage: options.storage });
  // An entry whose fix does not type-check is left out of the patch (and named), not the whole patch.
  const applied = await applyPlan({ plan, loaded, write: false, verify: verifying, allowDirty: true, transformOptions: chosen, storage: options.storage, dropFailing: true });
  const { changes, dropped, weakmapClasses } = applied;
  // Each entry's own fix keeps its state where the combined patch does.
  // (Added to the classes planChangesOptions already gave WeakMaps: those a base constructor reaches.)
  const planOptions =
    weakmapClasses.length > 0 ? { ...chosen, weakmapClasses: [...(chosen.weakmapClasses ?? []), ...weakmapClasses.map((moved) => `${moved.file}#${moved.class}`)] } : chosen;
  const verify = changes.files.length > 0 ? applied.verify : undefined;

  const fixes = new Map<string, FileChange[]>();
  const droppedIds = new Set(dropped.map((entry) => entry.entryId));
  // A pull request touches few findings, so one more transform run per entry is cheap.
  for (const entry of plan.entries) {
    if (droppedIds.has(entry.id)) continue;
    const alone = await formatChanges(await planChanges({ ...plan, entries: [entry] }, planOptions), planOptions);
    if (alone.files.length > 0) fixes.set(entry.id, alone.files);
  }
  const patch = unifiedDiff({
    files: changes.files.map((change) => ({ ...change, file: path.posix.join(options.projectDir, change.file) })),
    skipped: changes.skipped,
  });
  return {
    result: selected.result,
    touched: selected.touched,
    plan,
    changes,
    fixes,
    patch,
    verify,
    dropped,
    weakmapClasses,
    // As apply says it: only for classes the patch changes.
    earlyTouched: applied.earlyTouched.filter((early) => changes.files.some((change) => change.file === early.file)),
    introducesCandidates: [...selected.touched.values()].some((sides) => sides.length > 0),
  };
}
