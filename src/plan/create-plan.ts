import { firmOwners, type AnalysisResult, type Candidate, type EvidenceKind, type InverseRef, type UnlinkBug } from '../detect/analysis-result.js';
import type { ClassNode, FieldGraph } from '../graph/field-graph.js';
import { END_OF_LIFE_METHOD_NAMES } from '../graph/dispose-method-names.js';
import { TOOL } from '../version.js';
import { PLAN_SCHEMA_VERSION, type MigrationPlan, type PlanEntry } from './migration-plan.js';

export interface CreatePlanOptions {
  /** The tsconfig, relative to the folder the plan file will be written to. */
  tsconfig: string;
  /** Forces the action of every candidate entry (unlink fixes keep theirs). */
  strategy?: 'weakref' | 'dispose';
  /** Dispose method name; default: the project's most common convention. */
  disposeMethod?: string;
  /** Method name -> number of classes using it (FieldGraph.disposeConventions). */
  disposeConventions?: Record<string, number>;
  /**
   * The end-of-life methods (`dispose`, `destroy`) each class has, its own or inherited, by
   * `file#Class` (see classEndOfLifeMethods): an entry whose classes already share one is fixed
   * in that method, which the project calls, not in a new one beside it.
   */
  classDisposeMethods?: Record<string, readonly string[]>;
  /** Candidates below this confidence get action `skip` until a reviewer opts in (default 0.8). */
  reviewBelow?: number;
}

export const DEFAULT_DISPOSE_METHOD = 'dispose';

/** How the reason of an entry begins that no action can carry out (a reviewer reads why after it). */
export const NO_AUTOMATIC_FIX = 'No automatic fix: ';
/** How the reason of an unlink entry that the dispose fix of its back-pointer covers begins (see coveredByDispose). */
export const COVERED_BY_DISPOSE = 'Covered by the dispose fix of ';

/**
 * Below this confidence a candidate's entry starts as `skip`: a wrong direction makes a field
 * weak that is the only thing keeping its target alive (rxjs's Subscriber.destination: values
 * silently stop), and the type checker cannot see that. The reviewer flips the action.
 */
export const REVIEW_BELOW = 0.8;

/**
 * Evidence kinds from the most to the least telling: the plan's one-sentence reason quotes the
 * first one present. Code that wires the pair (constructs, assigns, registers) beats the shape of
 * the fields, which beats names; `opposite-evidence` argues against the candidate, never for it.
 */
const EVIDENCE_STRENGTH: readonly EvidenceKind[] = [
  'owner-constructs-with-this',
  'constructed-under-owner',
  'owner-keeps-its-construction',
  'owner-assigns-back-pointer',
  'child-registers-with-owner',
  'fields-linked-both-ways',
  'owner-adds-to-collection',
  'unlink-resets-back-pointer',
  'collection-side',
  'name-suggests-back-pointer',
  'name-suggests-ownership',
];

/**
 * Turns an analysis into the reviewable migration plan: one entry per candidate (action = its
 * strategy, or `options.strategy`) and one per unlink bug (`unlink-fix`), in a stable order so
 * that regenerating the plan after an unrelated edit yields a small diff.
 */
export function createPlan(result: AnalysisResult, options: CreatePlanOptions): MigrationPlan {
  const projectMethod = options.disposeMethod ?? pickDisposeMethod(options.disposeConventions ?? {});
  // `--dispose-method` names the method for every entry; the project's convention is a default,
  // which yields to the method an entry's classes already end their life with.
  const methodsFor = (candidate: Candidate, owners: readonly InverseRef[]): EntryMethods =>
    options.disposeMethod !== undefined
      ? { disposeMethod: options.disposeMethod }
      : (sharedEndOfLifeMethods(candidate, owners, options.classDisposeMethods) ?? { disposeMethod: projectMethod });
  const candidatesByBackPointer = new Map(result.candidates.map((c) => [sideKey(c.file, c.class, c.field), c]));

  const reviewBelow = options.reviewBelow ?? REVIEW_BELOW;
  const entries: PlanEntry[] = [
    ...result.candidates.map((candidate) =>
      candidateEntry(candidate, options.strategy ?? candidate.strategy, methodsFor, reviewBelow, (side) => candidatesByBackPointer.get(sideKey(side.file, side.class, side.field))),
    ),
    ...result.unlinkBugs.map((bug) =>
      unlinkEntry(bug, candidatesByBackPointer.get(sideKey(bug.backPointer.file, bug.backPointer.class, bug.backPointer.field)), reviewBelow, options.strategy),
    ),
  ];
  coveredByDispose(entries);
  entries.sort(compareEntries);

  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    project: { tsconfig: options.tsconfig },
    entries,
  };
}

type EntryMethods = Pick<PlanEntry, 'disposeMethod' | 'backPointerMethod'>;

/**
 * The end-of-life methods the classes of an entry already have: hocuspocus's Server ends with
 * `destroy()`, which its users call, so the dispose fix belongs there, not in a new `dispose()`
 * nobody calls (the project-wide convention, `dispose` by default, is for projects where one class
 * alone is no convention). The owners' method, when they agree on one, is what the project calls
 * to end the structure: the fix goes there. It calls the back-pointer's class's own method where
 * that class has a different one (fabric's canvas `destroy()` calls `image.dispose()`), which is
 * then `backPointerMethod`; where the owners have none, the back-pointer's class's method is
 * everyone's. Undefined when a side has two and neither hands over to the other (see
 * classEndOfLifeMethods): the project's convention decides. `close` is not one: a dialog's
 * `close()` hides it, it does not end it.
 */
function sharedEndOfLifeMethods(
  backPointer: { file: string; class: string },
  owners: ReadonlyArray<{ file: string; class: string }>,
  methods: CreatePlanOptions['classDisposeMethods'],
): EntryMethods | undefined {
  if (!methods) return undefined;
  const only = (sides: ReadonlyArray<{ file: string; class: string }>) => {
    const names = new Set<string>();
    for (const side of sides) for (const name of methods[`${side.file}#${side.class}`] ?? []) if (END_OF_LIFE_METHOD_NAMES.has(name)) names.add(name);
    return names.size === 1 ? [...names][0] : names.size === 0 ? null : undefined;
  };
  const ownersMethod = only(owners);
  const backMethod = only([backPointer]);
  if (ownersMethod === null) return backMethod ? { disposeMethod: backMethod } : undefined;
  if (ownersMethod === undefined) return undefined;
  // A class that owns its own kind (a tree's `children`) calls on them the method it runs itself.
  const ownsItsKind = owners.some((owner) => owner.file === backPointer.file && owner.class === backPointer.class);
  return backMethod && backMethod !== ownersMethod && !ownsItsKind ? { disposeMethod: ownersMethod, backPointerMethod: backMethod } : { disposeMethod: ownersMethod };
}


/**
 * CreatePlanOptions.classDisposeMethods from the graph: each class's own and inherited end-of-life
 * methods, less one that hands over to another (fabric's canvas `dispose()` runs `destroy()` in
 * the next animation frame): the one called runs whichever the project calls, so a fix there
 * always runs, and the other keeps its timing.
 */
export function classEndOfLifeMethods(graph: Pick<FieldGraph, 'classes'>): Record<string, string[]> {
  const byId = new Map(graph.classes.map((node) => [node.id, node]));
  const methods: Record<string, string[]> = {};
  for (const node of graph.classes) {
    if (node.external || node.kind === 'interface') continue;
    // Name -> what the implementation that runs (the nearest class's with a body) hands over to.
    const names = new Map<string, readonly string[]>();
    const implemented = new Set<string>();
    const seen = new Set<string>();
    for (let current: ClassNode | undefined = node; current && !seen.has(current.id); current = byId.get(current.extends[0] ?? '')) {
      seen.add(current.id);
      for (const name of current.disposeMethods) {
        if (!END_OF_LIFE_METHOD_NAMES.has(name) || implemented.has(name)) continue;
        // A declaration without a body (abstract, overloads) leaves the name to a base's body, if any.
        const implementation = current.disposal?.find((disposal) => disposal.method === name);
        // `destroy(item)` ends one of the class's objects, not the class: no end-of-life method.
        if (implementation?.takesArguments) {
          implemented.add(name);
          continue;
        }
        names.set(name, implementation?.handsOver ?? []);
        if (implementation) implemented.add(name);
      }
    }
    // Both handing over to each other (a loop the guards stop) tell nothing: both stay.
    const kept = [...names.keys()].filter((name) => !names.get(name)!.some((other) => other !== name && names.has(other) && !names.get(other)!.includes(name)));
    if (kept.length > 0) methods[`${node.file}#${node.name}`] = kept.sort();
  }
  // A class without one whose subclasses end their life with one name (G2's Node, whose Runtime
  // has `destroy()`): that is the name the project calls, so the base gets that method, and apply
  // ends the subclasses' methods with a `super` call to it (see newBaseOverrides).
  const subclasses = new Map<string, ClassNode[]>();
  for (const node of graph.classes) {
    for (const base of node.extends) {
      const list = subclasses.get(base);
      if (list) list.push(node);
      else subclasses.set(base, [node]);
    }
  }
  for (const node of graph.classes) {
    const key = `${node.file}#${node.name}`;
    if (node.external || node.kind === 'interface' || methods[key]) continue;
    const names = new Set<string>();
    const seen = new Set<string>([node.id]);
    const queue = [...(subclasses.get(node.id) ?? [])];
    for (let sub = queue.shift(); sub; sub = queue.shift()) {
      if (seen.has(sub.id)) continue;
      seen.add(sub.id);
      // Methods with a body only: one replaced by a property (`destroy = () => {}`) cannot override a method.
      // One with a parameter to fill could not override a method called without any.
      for (const disposal of sub.disposal ?? []) if (END_OF_LIFE_METHOD_NAMES.has(disposal.method) && !disposal.takesArguments) names.add(disposal.method);
      queue.push(...(subclasses.get(sub.id) ?? []));
    }
    if (names.size === 1) methods[key] = [...names];
  }
  return methods;
}

/**
 * The project's dispose method name: the most common one, if it is a convention. One class with
 * a `close()` is not a convention (and usually means something else: closing a window, a
 * stream), so a name needs at least two classes. `[Symbol.dispose]` cannot be a method to call
 * by name; the transform adds it next to `dispose` where the lib has it. A tie, or no
 * convention, falls back to `dispose`.
 */
export const MIN_CONVENTION_CLASSES = 2;

export function pickDisposeMethod(conventions: Record<string, number>): string {
  let best: string | undefined;
  let bestCount = 0;
  let tied = false;
  for (const [name, count] of Object.entries(conventions)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || count < MIN_CONVENTION_CLASSES) continue;
    if (count > bestCount) {
      best = name;
      bestCount = count;
      tied = false;
    } else if (count === bestCount) {
      tied = true;
    }
  }
  return best === undefined || tied ? DEFAULT_DISPOSE_METHOD : best;
}

function candidateEntry(
  candidate: Candidate,
  action: 'weakref' | 'dispose',
  methodsFor: (candidate: Candidate, owners: readonly InverseRef[]) => EntryMethods,
  reviewBelow: number,
  backPointerAt: (side: InverseRef) => Candidate | undefined,
): PlanEntry {
  const review = candidate.confidence < reviewBelow;
  // An owner side that is itself read as a back-pointer, as surely or more, points up: a dispose
  // method going through it would dispose what owns this object (maptalks: a connector line's
  // `_connSource` "owned by" Geometry's `_parent`, whose dispose went up the collection).
  const upward = (side: InverseRef) => (backPointerAt(side)?.confidence ?? -1) >= candidate.confidence;
  const owners = firmOwners(candidate).filter((side) => !upward(side));
  // A readonly back-pointer cannot be cleared by a dispose method (inject-dispose refuses it on
  // every run): where dispose is the fix (the lib has no WeakRef: deepkit), the entry starts as
  // skip with the risk's advice, not as an action apply will refuse.
  const blocked = action === 'dispose' ? candidate.risks.find((risk) => risk.kind === 'readonly-reset') : undefined;
  return {
    id: candidate.id,
    action: review || blocked ? 'skip' : action,
    file: candidate.file,
    class: candidate.class,
    field: candidate.field,
    typeText: candidate.typeText,
    nullable: candidate.nullable,
    // A side paired by type alone is not one a dispose method should go through: named in the
    // reason, for a reviewer who knows it does own these objects to add back.
    owners: owners.map(ownerSide),
    confidence: candidate.confidence,
    reason: `${blocked ? `${NO_AUTOMATIC_FIX}${blocked.message} ` : review ? `${reviewFirst(candidate.confidence, reviewBelow, action)} ` : ''}${candidateReason(candidate)}${looseSidesNote(candidate)}${upwardSidesNote(candidate, backPointerAt)}`,
    // Also on weakref entries: a reviewer who switches the action to `dispose` needs no other edit.
    ...methodsFor(candidate, owners),
  };
}

/**
 * Why an unlink bug has no automatic fix, if it has none: the back-pointer admits no empty value to
 * reset it to, the removal takes the object out by a key, or the back-pointer is `#private` to its
 * class and the removal is another class's method (also `private` or `protected` in TypeScript's
 * sense, where the removal's class is not the field's own: TS2341 and TS2445 otherwise). The
 * plan skips such an entry with the reason (reset-back-pointer would refuse it on every run).
 * `weakened`: the same plan makes the back-pointer a WeakRef, which is then the fix.
 */
export function unlinkFixRefusal(bug: UnlinkBug, weakened = false): string | undefined {
  const field = bug.backPointer.field;
  const instead = weakened
    ? `the weakref fix of \`${field}\` in this plan already stops a removed ${bug.backPointer.class} from keeping its ${bug.class} alive`
    : 'make it a WeakRef (the weakref fix)';
  if (bug.backPointer.nullable === 'none') {
    return `\`${field}\` admits neither null nor undefined, so ${bug.class}.${bug.method} has nothing to reset it to; ${weakened ? instead : `widen its type, or ${instead}`}`;
  }
  if (bug.byKey) {
    return `${bug.class}.${bug.method} takes the ${bug.backPointer.class} out by a key, so which one it was the call does not say; ${weakened ? instead : `reset its \`${field}\` where the method can look it up, or ${instead}`}`;
  }
  // (Whether a subclass may write a `protected` field depends on the receiver's declared type; the
  // removal's own class alone is sure.)
  const ownClass = bug.class === bug.backPointer.class && bug.file === bug.backPointer.file;
  if ((field.startsWith('#') && !bug.selfRemoval) || (bug.backPointer.access !== undefined && !bug.selfRemoval && !ownClass)) {
    return `\`${field}\` is ${bug.backPointer.access === 'protected' ? 'protected in' : 'private to'} ${bug.backPointer.class}, so ${bug.class}.${bug.method} cannot reset it; ${weakened ? instead : `reset it in a method of ${bug.backPointer.class} that the removal calls, or ${instead}`}`;
  }
  return undefined;
}

function unlinkEntry(bug: UnlinkBug, candidate: Candidate | undefined, reviewBelow: number, strategy: CreatePlanOptions['strategy']): PlanEntry {
  const owner = candidate?.inverse.find((o) => o.file === bug.file && o.class === bug.class && o.field === bug.collection);
  // The fix assumes the back-pointer's direction: as uncertain as its candidate.
  const review = candidate !== undefined && candidate.confidence < reviewBelow;
  const weakened = candidate !== undefined && !review && (strategy ?? candidate.strategy) === 'weakref';
  const refusal = unlinkFixRefusal(bug, weakened);
  if (refusal) {
    return {
      id: bug.id,
      action: 'skip',
      file: bug.backPointer.file,
      class: bug.backPointer.class,
      field: bug.backPointer.field,
      typeText: candidate?.typeText ?? '',
      nullable: bug.backPointer.nullable,
      owners: candidate?.inverse.filter((o) => o.field === bug.collection).map((o) => ({ file: o.file, class: o.class, field: o.field, container: o.container })) ?? [],
      confidence: 1,
      reason: `${NO_AUTOMATIC_FIX}${refusal}. ${bug.message}`,
      method: bug.method,
    };
  }
  // The object's own method (`remove() { this.parentNode.children.splice(...) }`): the entry names
  // the method's class as the side to edit, as an owner's removal does, and the collection it
  // leaves; reset-back-pointer finds the removal through the back-pointer there.
  const container = bug.selfRemoval ? (candidate?.inverse.find((o) => o.field === bug.collection)?.container ?? 'array') : (owner?.container ?? 'array');
  return {
    id: bug.id,
    action: review ? 'skip' : 'unlink-fix',
    file: bug.backPointer.file,
    class: bug.backPointer.class,
    field: bug.backPointer.field,
    // The unlink bug does not carry the declared type; the candidate for the same back-pointer does.
    typeText: candidate?.typeText ?? '',
    nullable: bug.backPointer.nullable,
    // A removal method always works on a collection; without a candidate we cannot tell which kind.
    owners: [{ file: bug.file, class: bug.class, field: bug.collection, container }],
    // The bug is a fact about the removal method, not an inference about direction.
    confidence: 1,
    reason: review ? `${reviewFirst(candidate!.confidence, reviewBelow, 'unlink-fix')} ${bug.message}` : bug.message,
    method: bug.method,
  };
}

/**
 * An unlink bug in the very method the dispose fix of the same back-pointer fills (G2's `destroy()
 * { this.children = [] }`): that fix disposes each object the owner holds before it lets go of
 * them, which resets their pointer, so the unlink fix would only repeat it with a loop of its
 * own. Its entry is kept as `skip`, saying so: set the dispose entry to skip, and this one back to
 * `unlink-fix`.
 */
function coveredByDispose(entries: PlanEntry[]): void {
  for (const [at, entry] of entries.entries()) {
    const owner = entry.owners[0];
    if (entry.action !== 'unlink-fix' || !owner) continue;
    const dispose = entries.find(
      (other) =>
        other.action === 'dispose' &&
        other.file === entry.file &&
        other.class === entry.class &&
        other.field === entry.field &&
        other.disposeMethod === entry.method &&
        other.owners.some((o) => o.file === owner.file && o.class === owner.class && o.field === owner.field),
    );
    if (!dispose) continue;
    entries[at] = {
      ...entry,
      action: 'skip',
      reason: `${COVERED_BY_DISPOSE}${entry.class}.${entry.field} (entry ${dispose.id}): ${owner.class}.${entry.method}() will dispose each ${entry.class} in \`${owner.field}\` before letting go of them, which resets \`${entry.field}\`. ${entry.reason}`,
    };
  }
}

function reviewFirst(confidence: number, reviewBelow: number, action: string): string {
  return `Review first: confidence ${confidence} is below ${reviewBelow}; set the action to "${action}" to apply it.`;
}

function looseSidesNote(candidate: Candidate): string {
  const loose = candidate.inverse.filter((side) => side.loose !== undefined);
  if (loose.length === 0) return '';
  const names = loose.map((side) => `${side.class}.${side.field} (${side.file}:${side.line})`).join(', ');
  return loose.length === 1
    ? ` ${names} is not listed as an owner: only the types pair it with \`${candidate.field}\`, no code links them; add it to "owners" if it does own these objects.`
    : ` ${names} are not listed as owners: only the types pair them with \`${candidate.field}\`, no code links them; add one to "owners" if it does own these objects.`;
}

function upwardSidesNote(candidate: Candidate, backPointerAt: (side: InverseRef) => Candidate | undefined): string {
  const upward = firmOwners(candidate).flatMap((side) => {
    const other = backPointerAt(side);
    return other !== undefined && other.confidence >= candidate.confidence ? [`${side.class}.${side.field} (${side.file}:${side.line}, confidence ${other.confidence})`] : [];
  });
  if (upward.length === 0) return '';
  return upward.length === 1
    ? ` ${upward[0]} is not listed as an owner: it is itself a back-pointer, so a dispose method going through it would dispose what owns this object; add it to "owners" if it does own these objects.`
    : ` ${upward.join(', ')} are not listed as owners: each is itself a back-pointer, so a dispose method going through it would dispose what owns this object; add one to "owners" if it does own these objects.`;
}

function ownerSide(inverse: InverseRef): PlanEntry['owners'][number] {
  return { file: inverse.file, class: inverse.class, field: inverse.field, container: inverse.container };
}

function candidateReason(candidate: Candidate): string {
  for (const kind of EVIDENCE_STRENGTH) {
    const evidence = candidate.evidence.find((e) => e.kind === kind);
    if (evidence) return evidence.message;
  }
  const owners = firmOwners(candidate).map((o) => `${o.class}.${o.field}`).join(', ');
  return `${candidate.class}.${candidate.field} points back at its owner${owners ? ` (${owners})` : ''}, closing a cycle of strong references.`;
}

function sideKey(file: string, className: string, field: string): string {
  return `${file}#${className}.${field}`;
}

// Code-unit order, not localeCompare: the plan must sort the same on every machine and locale.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareEntries(a: PlanEntry, b: PlanEntry): number {
  return (
    compareStrings(a.file, b.file) ||
    compareStrings(a.class, b.class) ||
    compareStrings(a.field, b.field) ||
    compareStrings(a.action, b.action) ||
    compareStrings(a.id, b.id)
  );
}
