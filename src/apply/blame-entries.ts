import { ts } from '../typescript.js';
import type { PlanEntry } from '../plan/migration-plan.js';
import type { NewDiagnostic } from '../verify/verify-changes.js';
import type { ChangeSet } from './change-set.js';
import { filesConcerned } from './plan-changes.js';

/**
 * Which plan entries the new type errors of a failed verification come from, each with the
 * errors pinned on it; undefined when some error cannot be pinned on any entry (then no subset of
 * the plan is known to be safe, and the caller keeps "all or nothing").
 *
 * TypeScript's messages quote what they are about (`Property '#branch' is missing in type ...
 * 'Leaf'`). An error that quotes an entry's field (`'parent'`, or `'#parent'`, the storage
 * weakref-accessor adds) goes to the entries it names so, wherever it sits. Otherwise, in a file
 * the change edits, it goes to the entries editing the class around it (the back-pointer's, or an
 * owner's): `Type 'Parent | undefined' is not assignable` inside Child comes from Child's change,
 * although it names Parent. Then to the entries it names by class, an owner's class or the dispose
 * method, and last, in an edited file, to every entry editing it. Only entries that changed
 * something count: a part a transform refused (in `changes.skipped`) edited nothing, and neither
 * did an entry in `inactive` (refused as a whole).
 * Over-blaming costs an entry that could have stayed; under-blaming is caught by verifying again.
 */
export function blameEntries(
  entries: readonly PlanEntry[],
  diagnostics: readonly NewDiagnostic[],
  changes: ChangeSet,
  inactive: ReadonlySet<string> = new Set(),
): Map<PlanEntry, NewDiagnostic[]> | undefined {
  const afterText = new Map(changes.files.map((change) => [change.file, change.after]));
  const refusedIn = new Set(changes.skipped.map((skip) => `${skip.entryId}\0${skip.file}`));
  const editedFiles = (entry: PlanEntry) => filesConcerned(entry).filter((file) => afterText.has(file) && !refusedIn.has(`${entry.id}\0${file}`));
  const active = entries.filter((entry) => entry.action !== 'skip' && !inactive.has(entry.id) && editedFiles(entry).length > 0);
  const classRanges = new Map<string, ClassRange[]>();
  const rangesIn = (file: string): ClassRange[] => {
    let ranges = classRanges.get(file);
    if (!ranges) classRanges.set(file, (ranges = classesOf(file, afterText.get(file) ?? '')));
    return ranges;
  };
  const blamed = new Map<PlanEntry, NewDiagnostic[]>();
  for (const diagnostic of diagnostics) {
    const named = bestNamed(active, diagnostic.message);
    const editing = afterText.has(diagnostic.file) ? active.filter((entry) => editedFiles(entry).includes(diagnostic.file)) : [];
    const enclosing = editing.length > 0 ? enclosingClasses(rangesIn(diagnostic.file), diagnostic.line) : [];
    const inClass = editing.filter((entry) => classesEdited(entry, diagnostic.file).some((name) => enclosing.includes(name)));
    // Inside the removal method an unlink fix edits, that fix (not a weakref fix of the same
    // class, which edits its field: @opensumi's EditorGrid lost its weakref with two unlink fixes);
    // inside the dispose method a dispose entry writes, the dispose entries (maptalks' Geometry
    // lost its `_parent` weakref over `this.painter?.dispose()` on a union one member lacked).
    const methods = inClass.length > 1 ? enclosingMethods(rangesIn(diagnostic.file), diagnostic.line) : [];
    const writes = (entry: PlanEntry, method: string) =>
      (entry.action === 'unlink-fix' && method === entry.method) ||
      (entry.action === 'dispose' && (method === (entry.disposeMethod ?? 'dispose') || method === entry.backPointerMethod));
    const inMethod = inClass.filter((entry) => methods.some((range) => writes(entry, range.name) && classesEdited(entry, diagnostic.file).includes(range.className)));
    // Entries named by the same field (a weakref fix and an unlink fix of one back-pointer) are told
    // apart by the class around the error: the owner's removal method is the unlink fix's edit.
    const inClassNamed = named.byField ? named.entries.filter((entry) => inClass.includes(entry)) : [];
    // A bare name quoted in a class another entry edits may be a local of that edit (`'body' is
    // possibly 'null'` about a loop variable of a new dispose(), cannon-es), not the field: the
    // storage weakref-accessor adds (`'#body'`) is quoted only about that field.
    const bareNameElsewhere =
      named.byField && inClassNamed.length === 0 && inClass.length > 0 && !named.entries.some((entry) => diagnostic.message.includes(`'#${entry.field.replace(/^#/, '')}'`));
    const culprits = named.byField && !bareNameElsewhere
      ? (inClassNamed.length > 0 ? inClassNamed : named.entries)
      : inMethod.length > 0 ? inMethod : inClass.length > 0 ? inClass : named.entries.length > 0 ? named.entries : editing;
    if (culprits.length === 0) return undefined;
    for (const entry of culprits) {
      const list = blamed.get(entry);
      if (list) list.push(diagnostic);
      else blamed.set(entry, [diagnostic]);
    }
  }
  return blamed;
}

function enclosingClasses(ranges: readonly ClassRange[], line: number): string[] {
  return ranges.filter((range) => line >= range.startLine && line <= range.endLine).map((range) => range.name);
}

/** The named methods (with their classes) whose text holds the line. */
function enclosingMethods(ranges: readonly ClassRange[], line: number): Array<{ className: string; name: string }> {
  return ranges.flatMap((range) =>
    range.methods.filter((method) => line >= method.startLine && line <= method.endLine).map((method) => ({ className: range.name, name: method.name })),
  );
}

/** The entries a message names most closely (see blameEntries), and whether by their field. */
function bestNamed(entries: readonly PlanEntry[], message: string): { entries: PlanEntry[]; byField: boolean } {
  // A generic class is quoted with its type arguments: `'ColdObservable<T>'`.
  const quoted = (name: string) => message.includes(`'${name}'`) || message.includes(`'${name}<`);
  const score = (entry: PlanEntry): number => {
    const bare = entry.field.replace(/^#/, '');
    let total = 0;
    if (quoted(bare) || quoted(`#${bare}`)) total += 4;
    if (quoted(entry.class)) total += 2;
    const methods = [entry.disposeMethod, entry.backPointerMethod].filter((name) => name !== undefined);
    if (entry.owners.some((owner) => quoted(owner.class)) || (entry.action === 'dispose' && methods.some(quoted))) total += 1;
    return total;
  };
  const scores = entries.map(score);
  const best = Math.max(0, ...scores);
  return { entries: best === 0 ? [] : entries.filter((_, index) => scores[index] === best), byField: best >= 4 };
}

interface ClassRange {
  name: string;
  startLine: number;
  endLine: number;
  /** Its methods, accessors and constructor, by name (`constructor`, `get x`'s `x`). */
  methods: Array<{ name: string; startLine: number; endLine: number }>;
}

/** The named classes of a file's new text with their 1-based line spans (nested ones too). */
function classesOf(file: string, text: string): ClassRange[] {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const ranges: ClassRange[] = [];
  const visit = (node: ts.Node): void => {
    const lineOf = (position: number) => sourceFile.getLineAndCharacterOfPosition(position).line + 1;
    if (ts.isClassLike(node) && node.name) {
      ranges.push({
        name: node.name.text,
        startLine: lineOf(node.getStart(sourceFile)),
        endLine: lineOf(node.end),
        methods: node.members.flatMap((member) => {
          const name = ts.isConstructorDeclaration(member) ? 'constructor' : member.name && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name)) ? member.name.text : undefined;
          return ts.isFunctionLike(member) && name !== undefined ? [{ name, startLine: lineOf(member.getStart(sourceFile)), endLine: lineOf(member.end) }] : [];
        }),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return ranges;
}

/** The classes an entry's transforms edit in a file: its own class (not for an unlink fix, which edits the owner's removal method), and its owners'. */
/** The classes in `file` an entry's transform edits (as filesConcerned in plan-changes.ts has it for files). */
function classesEdited(entry: PlanEntry, file: string): string[] {
  const owners = entry.action === 'weakref' ? [] : entry.owners.filter((owner) => owner.file === file).map((owner) => owner.class);
  return entry.file === file && entry.action !== 'unlink-fix' ? [...owners, entry.class] : owners;
}
