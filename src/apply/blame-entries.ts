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
 * An error in a file the change edits goes to the entries whose class there (the back-pointer's,
 * or an owner's) encloses it, or, outside every such class (an import, a module-level helper), to
 * every entry editing that file. An error in a file the change does not edit (a caller, a subclass
 * elsewhere) goes to the entries whose field or class it names in quotes, as TypeScript's messages
 * do (`Property 'parent' ...`, `Class 'Panel' ...`). Over-blaming costs an entry that could have
 * stayed; under-blaming is caught by verifying again without the blamed entries.
 */
export function blameEntries(entries: readonly PlanEntry[], diagnostics: readonly NewDiagnostic[], changes: ChangeSet): Map<PlanEntry, NewDiagnostic[]> | undefined {
  const active = entries.filter((entry) => entry.action !== 'skip');
  const afterText = new Map(changes.files.map((change) => [change.file, change.after]));
  const classRanges = new Map<string, ClassRange[]>();
  const rangesIn = (file: string): ClassRange[] => {
    let ranges = classRanges.get(file);
    if (!ranges) classRanges.set(file, (ranges = classesOf(file, afterText.get(file) ?? '')));
    return ranges;
  };
  const blamed = new Map<PlanEntry, NewDiagnostic[]>();
  for (const diagnostic of diagnostics) {
    let culprits: PlanEntry[];
    if (afterText.has(diagnostic.file)) {
      const editing = active.filter((entry) => filesConcerned(entry).includes(diagnostic.file));
      const enclosing = rangesIn(diagnostic.file)
        .filter((range) => diagnostic.line >= range.startLine && diagnostic.line <= range.endLine)
        .map((range) => range.name);
      const inClass = editing.filter((entry) => classesEdited(entry, diagnostic.file).some((name) => enclosing.includes(name)));
      culprits = inClass.length > 0 ? inClass : editing;
    } else {
      culprits = active.filter((entry) => namesIn(entry).some((name) => diagnostic.message.includes(`'${name}'`)));
    }
    if (culprits.length === 0) return undefined;
    for (const entry of culprits) {
      const list = blamed.get(entry);
      if (list) list.push(diagnostic);
      else blamed.set(entry, [diagnostic]);
    }
  }
  return blamed;
}

interface ClassRange {
  name: string;
  startLine: number;
  endLine: number;
}

/** The named classes of a file's new text with their 1-based line spans (nested ones too). */
function classesOf(file: string, text: string): ClassRange[] {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const ranges: ClassRange[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassLike(node) && node.name) {
      ranges.push({
        name: node.name.text,
        startLine: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1,
        endLine: sourceFile.getLineAndCharacterOfPosition(node.end).line + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return ranges;
}

/** The classes an entry's transforms edit in a file: its own class, and its owners'. */
function classesEdited(entry: PlanEntry, file: string): string[] {
  const names = entry.owners.filter((owner) => owner.file === file).map((owner) => owner.class);
  if (entry.file === file) names.push(entry.class);
  return names;
}

/** Names an error message in another file can point at an entry by. */
function namesIn(entry: PlanEntry): string[] {
  const names = [entry.field, entry.class, ...entry.owners.map((owner) => owner.class)];
  if (entry.action === 'dispose' && entry.disposeMethod) names.push(entry.disposeMethod);
  return names;
}
