import { dirtyFiles } from '../git/dirty-files.js';
import type { MigrationPlan, PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { writtenWithNullChecks } from '../project/null-checks.js';
import { checkWeakRefLib, chooseStorage, type StorageChoice } from '../verify/check-weakref-lib.js';
import { hasSymbolDispose } from '../verify/has-global.js';
import { classesLosingMembers, losesPrivateMember } from '../verify/lost-private-member.js';
import { verifyChanges, type NewDiagnostic, type VerifyResult } from '../verify/verify-changes.js';
import { WeakifyError } from '../weakify-error.js';
import { blameEntries } from './blame-entries.js';
import type { ChangeSet, SkippedEntry } from './change-set.js';
import { crossFileOverrides } from './cross-file-overrides.js';
import { deletedElsewhere } from './deleted-elsewhere.js';
import { formatChanges } from './format-changes.js';
import { inheritedDispose } from './inherited-dispose.js';
import { newBaseOverrides } from './new-base-overrides.js';
import { overridesSkippingDispose, type SkippedDispose } from './overrides-skipping-dispose.js';
import { uncalledDisposeMethods, type UncalledDispose } from './uncalled-dispose.js';
import { planChanges, type PlanChangesOptions } from './plan-changes.js';
import { readonlyPointers } from './readonly-pointers.js';
import { touchedBeforeStorage, type EarlyTouchedClass } from './touched-before-storage.js';
import type { TransformSet } from './transform-registry.js';
import { unifiedDiff } from './unified-diff.js';
import { writeChanges } from './write-changes.js';

export interface ApplyPlanOptions {
  plan: MigrationPlan;
  /** The project the plan was made for; plan paths are relative to its rootDir. */
  loaded: LoadedProject;
  /** Write the files; otherwise a dry run that only computes the changes and the diff. */
  write: boolean;
  /** Type-check before and after, and refuse a change that adds diagnostics. */
  verify: boolean;
  /** With `write`: overwrite files that have uncommitted changes. */
  allowDirty: boolean;
  /** Format touched files with the project's prettier config, if it has one (default true). */
  format?: boolean;
  /** ES `#` fields or module-level WeakMaps for the transforms' state; `auto` (default) follows the target. */
  storage?: StorageChoice;
  /** Transforms to use instead of transforms/ (tests). */
  transforms?: TransformSet;
  /** planChangesOptions for this plan, when the caller has them already (suggest runs the transforms again per entry). */
  transformOptions?: PlanChangesOptions;
  /**
   * When verification fails: leave out the entries the new errors are pinned on (see
   * blameEntries) and verify the rest again, up to a few rounds; the result lists them under
   * `dropped`. Default false: the whole plan or nothing.
   */
  dropFailing?: boolean;
}

/** A plan entry left out because the type errors its change added are pinned on it. */
export interface DroppedEntry {
  entryId: string;
  file: string;
  /** `Class.field` of the entry's back-pointer. */
  field: string;
  action: PlanEntry['action'];
  diagnostics: NewDiagnostic[];
}

// Each round is one more transform run and type-check of the affected files.
const MAX_DROP_ROUNDS = 4;

export interface ApplyResult {
  changes: ChangeSet;
  /** Unified diff of `changes` (what a dry run prints); '' when nothing changes. */
  diff: string;
  /** Absent with `verify: false`. When `verify.ok` is false nothing was written. */
  verify?: VerifyResult;
  /** Paths written, relative to the project root; [] for a dry run or a failed verification. */
  written: string[];
  /** Entries (or parts of them) the transforms did not carry out, with the reason. */
  skipped: SkippedEntry[];
  /** `Class.field` of non-nullable back-pointers whose type dispose widened to admit undefined (verified). */
  widened: string[];
  /** With `dropFailing`: entries left out after a failed verification; the rest verified. */
  dropped: DroppedEntry[];
  /**
   * With storage `auto`: classes whose weakref fields went to module-level WeakMaps because `#`
   * storage failed verification where the project uses an object literal or a `Readonly<T>` in
   * place of an instance (neither has `#` members). Also in the transform options used.
   */
  weakmapClasses: Array<{ file: string; class: string }>;
  /**
   * Classes whose weakref fields went to module-level WeakMaps because a base class's constructor
   * would reach their `#` storage before it exists (see touchedBeforeStorage), with the reason.
   */
  earlyTouched: EarlyTouchedClass[];
  /** Subclass methods that replace a dispose method the change fills without calling it (see overridesSkippingDispose). */
  skippedDispose: SkippedDispose[];
  /** Owners' dispose methods the change fills that no code of the project calls (see uncalledDisposeMethods). */
  uncalledDispose: UncalledDispose[];
}

/**
 * Carry out a migration plan: transforms in memory -> prettier (if the project uses it) ->
 * diff -> dirty-tree check (only when writing) -> type-check before/after -> write all or none.
 * Nothing touches the disk unless `write` is set, the tree is clean (or `allowDirty`) and
 * verification passed. A failed verification is a result (`verify.ok === false`), not an
 * error: the caller prints the new diagnostics. Known problems throw WeakifyError
 * (NO_WEAKREF_LIB, DIRTY_TREE, WRITE_FAILED, GIT_FAILED).
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  const { plan, loaded } = options;
  // Every weakref change would fail to type-check without WeakRef: say what to add instead.
  if (plan.entries.some((entry) => entry.action === 'weakref')) checkWeakRefLib(loaded);
  let transformOptions = options.transformOptions ?? planChangesOptions(loaded, plan, options);

  // Dispose on a back-pointer typed without undefined: widening the type is the honest fix when
  // every use site still type-checks, which only verification can tell. Try it, fall back to the
  // "disposed objects must not be used" contract if the project no longer type-checks.
  const widenable = options.verify
    ? plan.entries.filter((entry) => entry.action === 'dispose' && entry.nullable === 'none' && entry.widen === undefined)
    : [];
  const widen = (value: boolean): MigrationPlan =>
    widenable.length === 0 ? plan : { ...plan, entries: plan.entries.map((entry) => (widenable.includes(entry) ? { ...entry, widen: value } : entry)) };

  const widenableIds = new Set(widenable.map((entry) => entry.id));
  let changes = await computeChanges(widen(true), loaded, options, transformOptions);
  const result: ApplyResult = {
    changes,
    diff: '',
    written: [],
    skipped: changes.skipped,
    widened: [],
    dropped: [],
    weakmapClasses: [],
    earlyTouched: [...(transformOptions.earlyTouched ?? [])],
    skippedDispose: [],
    uncalledDispose: [],
  };

  // Before the type-check: it is cheap, and no point making the user wait for a refusal.
  if (options.write && !options.allowDirty && changes.files.length > 0) {
    const dirty = await dirtyFiles(
      loaded.rootDir,
      changes.files.map((change) => change.file),
    );
    if (dirty.length > 0) {
      throw new WeakifyError('DIRTY_TREE', `uncommitted changes in ${dirty.length} file(s) weakify would change: ${dirty.join(', ')}`, {
        hint: 'Commit or stash them first so the migration can be reviewed and undone with git, or pass --allow-dirty.',
      });
    }
  }

  if (options.verify) {
    let verify = verifyChanges(loaded, changes);
    let final = widen(true);
    // `#` storage refused where the project uses a `Readonly<Child>` or an object literal as a
    // Child (sprotty): with storage `auto`, those classes keep their state in WeakMaps instead,
    // which add no member, and the change is verified again before anything is dropped.
    // A type-check reports one missing member per conversion, so a chain of classes of one shape
    // (happy-dom's context, page and frame under a `<BrowserContext[]>` cast) comes out a class a
    // round: rounds go on while they move classes, a few at most.
    const moved: string[] = [];
    for (let round = 0; round < MOVE_ROUNDS && (options.storage ?? 'auto') === 'auto' && transformOptions.storage === 'private' && !verify.ok; round++) {
      const more = classesLosingPrivateMembers(final.entries, verify, changes).filter((key) => !moved.includes(key));
      if (more.length === 0) break;
      moved.push(...more);
      transformOptions = { ...transformOptions, weakmapClasses: [...(transformOptions.weakmapClasses ?? []), ...more] };
      changes = await computeChanges(final, loaded, options, transformOptions);
      verify = verifyChanges(loaded, changes);
    }
    if (moved.length > 0) {
      result.weakmapClasses = moved.sort().map((key) => ({ file: key.slice(0, key.lastIndexOf('#')), class: key.slice(key.lastIndexOf('#') + 1) }));
    }
    const narrow = async () => {
      if (verify.ok || !options.dropFailing) return;
      const narrowed = await withoutFailingEntries(final, changes, verify, loaded, options, transformOptions, widenableIds);
      if (narrowed) ({ plan: final, changes, verify, dropped: result.dropped } = narrowed);
    };
    await narrow();
    if (!verify.ok && widenable.length > 0) {
      // Errors no entry can be pinned on (or all or nothing): the whole plan without widening.
      final = widen(false);
      changes = await computeChanges(final, loaded, options, transformOptions);
      verify = verifyChanges(loaded, changes);
      await narrow();
    }
    // Only what the transform did widen, and kept: not an entry that asked for it where the type
    // is not one it widens (`GroupOptions['form']`, a parameter property), nor one run again on a
    // migrated project (the type admits undefined already), whatever the entry asked.
    const widened = final.entries
      .filter((entry) => entry.widen === true && widenableIds.has(entry.id) && changes.widened?.includes(entry.id) === true && !refusedOnItsSide(entry, changes))
      .map((entry) => `${entry.class}.${entry.field}`);
    Object.assign(result, { changes, skipped: changes.skipped, widened, verify });
    // The super calls the change wrote: those of the entries kept, read again only where some were dropped.
    const superCalls = result.dropped.length > 0 ? newBaseOverrides(loaded, final.entries) : (transformOptions.superCalls ?? []);
    result.skippedDispose = overridesSkippingDispose(loaded, final.entries, changes, superCalls);
    result.uncalledDispose = uncalledDisposeMethods(loaded, final.entries, changes);
  } else {
    result.skippedDispose = overridesSkippingDispose(loaded, plan.entries, changes, transformOptions.superCalls ?? []);
    result.uncalledDispose = uncalledDisposeMethods(loaded, plan.entries, changes);
  }
  result.diff = unifiedDiff(changes);
  if (result.verify && !result.verify.ok) return result;

  if (options.write && changes.files.length > 0) result.written = await writeChanges(changes, { rootDir: loaded.rootDir });
  return result;
}

/**
 * The plan without the entries a failed verification's errors are pinned on (see blameEntries),
 * verified again, round after round while new errors can be pinned; undefined when that does not
 * end in a verified change (then the caller reports the whole plan's failure, and nothing is
 * written). While the errors are pinned on a widened dispose entry (`widen: true`), a round only
 * takes widenings back; an entry is left out when pinned on without one.
 */
async function withoutFailingEntries(
  plan: MigrationPlan,
  failedChanges: ChangeSet,
  failed: VerifyResult,
  loaded: LoadedProject,
  options: ApplyPlanOptions,
  transformOptions: PlanChangesOptions,
  widenable: ReadonlySet<string>,
): Promise<{ plan: MigrationPlan; changes: ChangeSet; verify: VerifyResult; dropped: DroppedEntry[] } | undefined> {
  const dropped: DroppedEntry[] = [];
  let entries = plan.entries;
  let changes = failedChanges;
  let verify = failed;
  for (let round = 0; round < MAX_DROP_ROUNDS && !verify.ok; round++) {
    // Entries computeChanges took out whole (their back-pointer's side refused) changed nothing.
    const inactive = new Set(entries.filter((entry) => refusedOnItsSide(entry, changes)).map((entry) => entry.id));
    const blamed = blameEntries(entries, verify.newDiagnostics, changes, inactive);
    if (!blamed || blamed.size === 0) return undefined;
    // Widening is the likelier culprit and the cheaper loss: while a blamed entry carries a
    // widening apply chose (not one the plan asks for), only such widenings go
    // (`Type 'Editor | undefined' is not assignable ...` names every `editor` field).
    const widened = (entry: PlanEntry) => entry.widen === true && widenable.has(entry.id);
    const unwiden = [...blamed.keys()].some(widened);
    entries = entries.flatMap((entry) => {
      const diagnostics = blamed.get(entry);
      if (!diagnostics) return [entry];
      if (unwiden) return [widened(entry) ? { ...entry, widen: false } : entry];
      dropped.push({ entryId: entry.id, file: entry.file, field: `${entry.class}.${entry.field}`, action: entry.action, diagnostics });
      return [];
    });
    if (!entries.some((entry) => entry.action !== 'skip')) return undefined;
    const rest = { ...plan, entries };
    changes = await computeChanges(rest, loaded, options, forEntries(transformOptions, loaded, entries));
    verify = verifyChanges(loaded, changes);
  }
  return verify.ok ? { plan: { ...plan, entries }, changes, verify, dropped } : undefined;
}

/** The classes (`file#Class`) of the weakref entries that the lost-`#`-member errors are pinned on. */
// How many times apply moves more classes to WeakMap storage before it lets verification decide.
const MOVE_ROUNDS = 4;

function classesLosingPrivateMembers(entries: readonly PlanEntry[], verify: VerifyResult, changes: ChangeSet): string[] {
  const lost = verify.newDiagnostics.filter(losesPrivateMember);
  if (lost.length === 0) return [];
  const blamed = blameEntries(entries, lost, changes) ?? new Map<PlanEntry, NewDiagnostic[]>();
  // The classes the errors name go too (both sides of a clash: with one moved, the other's `#`
  // member would be missing in it instead).
  const clashing = new Set(lost.flatMap(classesLosingMembers));
  const moved = [...blamed.keys(), ...entries.filter((entry) => clashing.has(entry.class))].filter((entry) => entry.action === 'weakref');
  return [...new Set(moved.map((entry) => `${entry.file}#${entry.class}`))].sort();
}

/** Whether a file is compiled with declaration emit, as the transforms are told (see plan-changes.ts). */
function declarationOf(options: Pick<PlanChangesOptions, 'declaration' | 'declarationByFile'>): (file: string) => boolean {
  return (file) => options.declarationByFile?.[file] ?? options.declaration ?? false;
}

/** The transforms' options for a subset of the plan: which new dispose methods override a base's depends on the entries. */
function forEntries(base: PlanChangesOptions, loaded: LoadedProject, entries: readonly PlanEntry[]): PlanChangesOptions {
  return {
    ...base,
    inheritedDispose: inheritedDispose(loaded, entries, { storage: base.storage ?? 'private', disposable: base.disposable ?? false, declaration: declarationOf(base) }),
    superCalls: newBaseOverrides(loaded, entries),
  };
}

/**
 * What the transforms need to know about the whole program, which they cannot see from one file:
 * whether `using` is available, where state may be stored, which new dispose methods override one.
 */
export function planChangesOptions(
  loaded: LoadedProject,
  plan: MigrationPlan,
  options: Pick<ApplyPlanOptions, 'storage' | 'transforms'> = {},
): PlanChangesOptions {
  const stateful = plan.entries.some((entry) => entry.action === 'weakref' || entry.action === 'dispose');
  const disposable = hasSymbolDispose(loaded.program);
  const storage = stateful ? chooseStorage(loaded, options.storage) : 'private';
  // The transform's output type-checks either way (see writtenWithNullChecks).
  const nullChecks = perFile(loaded, writtenWithNullChecks);
  const declarations = perFile(loaded, (compilerOptions) => compilerOptions.declaration === true || compilerOptions.composite === true);
  // `#` fields a base class's constructor would reach before they exist: WeakMaps for those classes.
  const earlyTouched = storage === 'private' ? touchedBeforeStorage(loaded, plan.entries) : [];
  return {
    rootDir: loaded.rootDir,
    transforms: options.transforms,
    disposable,
    storage,
    strictNullChecks: nullChecks.program,
    ...(nullChecks.byFile ? { strictNullChecksByFile: nullChecks.byFile } : {}),
    declaration: declarations.program,
    ...(declarations.byFile ? { declarationByFile: declarations.byFile } : {}),
    inheritedDispose: inheritedDispose(loaded, plan.entries, {
      storage,
      disposable,
      declaration: declarationOf({ declaration: declarations.program, ...(declarations.byFile ? { declarationByFile: declarations.byFile } : {}) }),
    }),
    superCalls: newBaseOverrides(loaded, plan.entries),
    noImplicitOverride: loaded.program.getCompilerOptions().noImplicitOverride === true,
    readonlyPointers: readonlyPointers(loaded, plan.entries),
    ...(earlyTouched.length > 0 ? { weakmapClasses: earlyTouched.map((moved) => `${moved.file}#${moved.class}`), earlyTouched } : {}),
  };
}

/**
 * A setting the program's options give, and in a solution the files (relative) whose own project
 * gives another.
 */
function perFile(loaded: LoadedProject, setting: (compilerOptions: ReturnType<LoadedProject['optionsFor']>) => boolean): { program: boolean; byFile?: Record<string, boolean> } {
  const program = setting(loaded.program.getCompilerOptions());
  if (loaded.parts.length <= 1) return { program };
  const byFile: Record<string, boolean> = {};
  for (const fileName of loaded.fileNames) {
    const own = setting(loaded.optionsFor(fileName));
    if (own !== program) byFile[loaded.relative(fileName)] = own;
  }
  return Object.keys(byFile).length > 0 ? { program, byFile } : { program };
}

/**
 * A dispose entry refused on the back-pointer's side (readonly, no owner it can reach, its file
 * missing or not parsing): reported in its file, starting with its name or the file's. The owners'
 * side is then half of a fix. (An unlink fix's removals are independent of each other: not here.)
 */
function refusedOnItsSide(entry: PlanEntry, changes: ChangeSet): boolean {
  if (entry.action !== 'dispose') return false;
  return changes.skipped.some(
    (skip) =>
      skip.entryId === entry.id &&
      skip.file === entry.file &&
      (skip.reason.startsWith(`${entry.class}.${entry.field}:`) || skip.reason.startsWith(`${entry.file} `)),
  );
}

/** The plan's transforms in memory, entries another file's hierarchy would reject skipped, formatted. */
async function computeChanges(
  plan: MigrationPlan,
  loaded: LoadedProject,
  options: ApplyPlanOptions,
  transformOptions: PlanChangesOptions,
): Promise<ChangeSet> {
  // A weakref the hierarchy in another file would reject, or that a `delete` elsewhere would bypass:
  // skipped with the reason, the rest goes on.
  const refused = [...crossFileOverrides(loaded, plan.entries), ...deletedElsewhere(loaded, plan.entries)];
  const refusedIds = new Set(refused.map((skip) => skip.entryId));
  const runnable = refused.length === 0 ? plan : { ...plan, entries: plan.entries.filter((entry) => !refusedIds.has(entry.id)) };
  let changes = await planChanges(runnable, transformOptions);
  // All of an entry or none of it: when the back-pointer's side is refused (a readonly field, its
  // class not found), the owners' part in other files would call a dispose method that was never
  // added, or dispose without breaking anything. Run again without those entries; keep the reasons.
  const halfDone = runnable.entries.filter((entry) => refusedOnItsSide(entry, changes));
  if (halfDone.length > 0) {
    const reasons = changes.skipped.filter((skip) => halfDone.some((entry) => entry.id === skip.entryId));
    const rest = runnable.entries.filter((entry) => !halfDone.includes(entry));
    // A dropped entry no longer adds its base's dispose method (see forEntries).
    const again = await planChanges({ ...runnable, entries: rest }, forEntries(transformOptions, loaded, rest));
    changes = { ...again, skipped: [...reasons, ...again.skipped.filter((skip) => !halfDone.some((entry) => entry.id === skip.entryId))] };
  }
  if (refused.length > 0) {
    const skipped = [...refused, ...changes.skipped].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    changes = { ...changes, skipped };
  }
  if (options.format !== false) changes = await formatChanges(changes, { rootDir: loaded.rootDir });
  return changes;
}
