import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jscodeshift, { type API } from 'jscodeshift';
import type { MigrationPlan, PlanEntry, TransformId } from '../plan/migration-plan.js';
import type { Storage } from '../verify/check-weakref-lib.js';
import type { ChangeSet, FileChange, SkippedEntry } from './change-set.js';
import type { InheritingClass } from './inherited-dispose.js';
import type { NewBaseOverride } from './new-base-overrides.js';
import type { EarlyTouchedClass } from './touched-before-storage.js';
import { loadTransform, transformIdForAction, type TransformSet } from './transform-registry.js';
import { sourceParserFor } from './source-parser.js';

/** The `api.stats` prefix inject-dispose counts a widened entry under (with its id); it imports nothing of ours, so the name is repeated there. */
const WIDENED_STAT = 'weakify:widened:';
/** The `api.stats` prefix inject-dispose counts an entry under (with its id) where it added something. */
const CHANGED_STAT = 'weakify:changed:';

export interface PlanChangesOptions {
  /** The folder plan paths are relative to (the tsconfig's folder). */
  rootDir: string;
  /** Transforms to use instead of the modules in transforms/ (tests). */
  transforms?: TransformSet;
  /** The project's lib has `Symbol.dispose`: inject-dispose also adds `[Symbol.dispose]()`. */
  disposable?: boolean;
  /** Where the transforms keep their state (chooseStorage); `private` when absent. */
  storage?: Storage;
  /** The program's strictNullChecks; without it, weakref-accessor lets every field hold null and undefined, and inject-dispose clears such fields with a plain `undefined`. */
  strictNullChecks?: boolean;
  /** In a solution, files (relative) whose own project's null checking differs from `strictNullChecks`. */
  strictNullChecksByFile?: Record<string, boolean>;
  /**
   * The program emits declarations (`declaration` or `composite`): there a class expression, or a
   * class declared in a function, gets weakref-accessor's WeakMap storage rather than a `#` field,
   * which its emitted type could not name (TS4094).
   */
  declaration?: boolean;
  /** In a solution, files (relative) whose own project differs from `declaration`. */
  declarationByFile?: Record<string, boolean>;
  /** Classes whose new dispose method must call the base class's (inheritedDispose). */
  inheritedDispose?: readonly InheritingClass[];
  /** The project's methods that will override a dispose method new to their base, to end with `super.<method>()` (newBaseOverrides). */
  superCalls?: readonly NewBaseOverride[];
  /**
   * Classes (`file#Class`, file relative) whose weakref fields get WeakMap storage although
   * `storage` is `private`: applyPlan's choice where `#` members failed verification.
   */
  weakmapClasses?: readonly string[];
  /** Of those, the classes a base class's constructor would reach before their `#` fields exist, and why (touchedBeforeStorage). */
  earlyTouched?: readonly EarlyTouchedClass[];
  /** The program's noImplicitOverride: a method given a `super` call (superCalls) is then marked `override` too. */
  noImplicitOverride?: boolean;
  /** Back-pointers of unlink-fix entries declared readonly (`file#Class.field`, see readonlyPointers). */
  readonlyPointers?: readonly string[];
}

/**
 * The order transforms run in over one file. reset-back-pointer and inject-dispose find the
 * back-pointer as the plain field the analysis saw (its declaration, its nullability);
 * weakref-accessor replaces that declaration with `#storage` + accessors of the same name, so it
 * runs last: the earlier transforms see the code they were written against, and the writes they
 * insert (`child.parent = undefined`) keep working through the new setter.
 */
export const TRANSFORM_ORDER: readonly TransformId[] = ['reset-back-pointer', 'inject-dispose', 'weakref-accessor'];

/**
 * The files an entry's transform edits. weakref-accessor rewrites the back-pointer's class only;
 * a dispose touches the owners (the dispose method) and the back-pointer's class (clearing it);
 * an unlink fix edits the owner's removal method.
 */
export function filesConcerned(entry: PlanEntry): string[] {
  const owners = entry.owners.map((owner) => owner.file);
  switch (entry.action) {
    case 'weakref':
      return [entry.file];
    case 'dispose':
      return unique([entry.file, ...owners]);
    case 'unlink-fix':
      return unique(owners.length > 0 ? owners : [entry.file]);
    case 'skip':
      return [];
  }
}

/**
 * Run the plan's transforms over every file it touches, in memory. Nothing is written.
 * A file that cannot be read or parsed skips its entries (with the reason) and the run goes on;
 * a transform that refuses an entry reports it through `api.report`, recorded under `skipped`.
 * A transform that throws on code that parses is a bug in weakify: re-thrown with its stack.
 */
export async function planChanges(plan: MigrationPlan, options: PlanChangesOptions): Promise<ChangeSet> {
  const entriesByFile = new Map<string, PlanEntry[]>();
  for (const entry of plan.entries) {
    for (const file of filesConcerned(entry)) {
      const list = entriesByFile.get(file) ?? [];
      list.push(entry);
      entriesByFile.set(file, list);
    }
  }

  // Back-pointers the plan makes WeakRefs (`file#Class.field`): reset-back-pointer words its refusals by them.
  const weakened = plan.entries.filter((entry) => entry.action === 'weakref').map((entry) => `${entry.file}#${entry.class}.${entry.field}`);
  const files: FileChange[] = [];
  const skipped: SkippedEntry[] = [];
  const widened = new Set<string>();
  const changedEntries = new Set<string>();
  const transformCache = new Map<TransformId, Awaited<ReturnType<typeof loadTransform>>>();
  const transformFor = async (id: TransformId) => {
    let transform = transformCache.get(id);
    if (!transform) {
      transform = await loadTransform(id, options.transforms);
      transformCache.set(id, transform);
    }
    return transform;
  };

  // A file whose only edit is such a `super` call is run through inject-dispose with no entry.
  for (const call of options.superCalls ?? []) if (!entriesByFile.has(call.file)) entriesByFile.set(call.file, []);

  for (const file of [...entriesByFile.keys()].sort()) {
    const entries = entriesByFile.get(file)!;
    const superCalls = (options.superCalls ?? []).filter((call) => call.file === file).map((call) => `${call.class}.${call.method}`);
    const skipAll = (reason: string) => {
      for (const entry of entries) skipped.push({ entryId: entry.id, file, reason, unusableFile: true });
    };
    const absolute = path.resolve(options.rootDir, file);
    let before: string;
    try {
      before = await readFile(absolute, 'utf8');
    } catch (error) {
      if (!isNodeError(error, 'ENOENT') && !isNodeError(error, 'EISDIR')) throw error;
      skipAll(`${file} does not exist any more; re-run analyze to refresh the plan.`);
      continue;
    }

    const j = jscodeshift.withParser(sourceParserFor(file));
    try {
      j(before);
    } catch (error) {
      skipAll(`${file} cannot be parsed: ${firstLine(error)}; fix its syntax, or set its entries to "skip"`);
      continue;
    }

    let source = before;
    for (const id of TRANSFORM_ORDER) {
      const forTransform = entries.filter((entry) => transformIdForAction(entry.action) === id);
      if (forTransform.length === 0 && !(id === 'inject-dispose' && superCalls.length > 0)) continue;
      const transform = await transformFor(id);
      const reports: string[] = [];
      const api: API = {
        j,
        jscodeshift: j,
        // A transform counts what it did under a name; inject-dispose names the entries it widened.
        stats: (name: string) => {
          if (name.startsWith(WIDENED_STAT)) widened.add(name.slice(WIDENED_STAT.length));
          if (name.startsWith(CHANGED_STAT)) changedEntries.add(name.slice(CHANGED_STAT.length));
        },
        report: (message: string) => reports.push(message),
      };
      let output: ReturnType<typeof transform>;
      try {
        output = transform({ path: absolute, source }, api, {
          entries: forTransform,
          weakened,
          disposable: options.disposable ?? false,
          storage: options.storage ?? 'private',
          strictNullChecks: options.strictNullChecksByFile?.[file] ?? options.strictNullChecks ?? true,
          declaration: options.declarationByFile?.[file] ?? options.declaration ?? false,
          superDispose: (options.inheritedDispose ?? []).filter((ref) => ref.file === file).map((ref) => ref.class),
          inheritsSymbolDispose: (options.inheritedDispose ?? []).filter((ref) => ref.file === file && ref.symbolDispose).map((ref) => ref.class),
          overridesExisting: (options.inheritedDispose ?? []).filter((ref) => ref.file === file && ref.existing).map((ref) => ref.class),
          superReturns: (options.inheritedDispose ?? []).filter((ref) => ref.file === file && ref.returns).map((ref) => ref.class),
          superCalls,
          noImplicitOverride: options.noImplicitOverride ?? false,
          weakmapClasses: (options.weakmapClasses ?? []).filter((key) => key.startsWith(`${file}#`)).map((key) => key.slice(file.length + 1)),
          readonlyPointers: options.readonlyPointers ?? [],
        });
      } catch (error) {
        throw new Error(`weakify: transform ${id} failed on ${file}`, { cause: error });
      }
      for (const message of reports) {
        for (const entry of attributeReport(message, forTransform)) skipped.push({ entryId: entry.id, file, reason: message });
      }
      if (typeof output === 'string') source = output;
    }
    if (source !== before) files.push({ file, before, after: source });
  }
  // A dispose entry nothing was added for, and nothing refused: its code is in place as the
  // transform reads it (the analysis may read it stricter, see ChangeSet.inPlace).
  const refused = new Set(skipped.map((skip) => skip.entryId));
  const inPlace = plan.entries.filter((entry) => entry.action === 'dispose' && !changedEntries.has(entry.id) && !refused.has(entry.id)).map((entry) => entry.id);
  return { files, skipped, ...(widened.size > 0 ? { widened: [...widened].sort() } : {}), ...(inPlace.length > 0 ? { inPlace } : {}) };
}

/**
 * Which entries a transform's refusal concerns. Transforms quote the entry id, or name the field
 * as `Class.field`; an id is exact (two unlink fixes of one back-pointer name the same field), so
 * a message quoting one concerns only the entries it quotes. A message that names none of them
 * concerns every entry it was given for the file: over-reporting a skip is safer than hiding one.
 */
export function attributeReport(message: string, entries: PlanEntry[]): PlanEntry[] {
  if (entries.length <= 1) return entries;
  const quoted = entries.filter((entry) => message.includes(entry.id));
  if (quoted.length > 0) return quoted;
  const named = entries.filter((entry) => mentions(message, `${entry.class}.${entry.field}`));
  return named.length > 0 ? named : entries;
}

function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w$#])${escaped}(?![\\w$])`).test(text);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function isNodeError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
