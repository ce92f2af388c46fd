import type { ChangeSet } from './change-set.js';
import type { NewBaseOverride } from './new-base-overrides.js';
import type { PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { ts } from '../typescript.js';
import { baseClassDeclarations } from './base-classes.js';

/** A subclass method that replaces a dispose method this change fills, without calling it. */
export interface SkippedDispose {
  /** The subclass and its overriding method (file relative to the project root, 1-based line). */
  file: string;
  line: number;
  class: string;
  method: string;
  /** The class whose method the change filled. */
  base: { file: string; class: string };
}

/**
 * Subclasses that override a dispose method the change fills and never call `super.<method>()`:
 * for their objects, what the change adds does not run (G2's `Chart.destroy()` replaces
 * `Node.destroy()`, so a chart keeps its children's parent pointers). The change is still right
 * for every other object; the project decides whether the override should call its base, so this
 * is reported, not edited. Only the dispose entries' classes that the change did edit count.
 */
export function overridesSkippingDispose(
  loaded: Pick<LoadedProject, 'program' | 'relative'>,
  entries: readonly PlanEntry[],
  changes: ChangeSet,
  /** Overrides the change itself ends with a `super` call (newBaseOverrides): not to name. */
  calling: readonly NewBaseOverride[] = [],
): SkippedDispose[] {
  const edited = new Set(changes.files.map((change) => change.file));
  const refused = new Set(changes.skipped.map((skip) => `${skip.entryId}\0${skip.file}`));
  // `file\0Class` -> the method names the change fills there.
  const filled = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (entry.action !== 'dispose') continue;
    const method = entry.disposeMethod ?? 'dispose';
    if (method.startsWith('[')) continue;
    for (const side of [entry, ...entry.owners]) {
      // The back-pointer's class fills the method its owners call on it.
      const filling = side === entry ? (entry.backPointerMethod ?? method) : method;
      if (edited.has(side.file) && !refused.has(`${entry.id}\0${side.file}`)) {
        const names = filled.get(`${side.file}\0${side.class}`) ?? new Set<string>();
        filled.set(`${side.file}\0${side.class}`, names.add(filling));
      }
    }
  }
  if (filled.size === 0) return [];
  const methods = new Set([...filled.values()].flatMap((names) => [...names]));
  const checker = loaded.program.getTypeChecker();
  const found: SkippedDispose[] = [];
  for (const sourceFile of loaded.program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || loaded.program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const file = loaded.relative(sourceFile.fileName);
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node) && node.name && node.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)) {
        for (const member of node.members) {
          if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name) || !methods.has(member.name.text)) continue;
          // A decorator may run the base's method itself (x6's `@disposable()` calls the parent prototype's dispose).
          if (ts.getDecorators(member)?.length) continue;
          const name = member.name.text;
          if (callsSuper(member.body, name) || calling.some((call) => call.file === file && call.class === node.name!.text && call.method === name)) continue;
          const base = filledBase(checker, loaded, node, name, filled);
          if (!base) continue;
          const line = sourceFile.getLineAndCharacterOfPosition(member.name.getStart(sourceFile)).line + 1;
          found.push({ file, line, class: node.name.text, method: name, base });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

/** Whether `body` calls `super.<name>(...)` anywhere (also in a callback, or conditionally: the author chose when). */
function callsSuper(body: ts.Node, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.expression.kind === ts.SyntaxKind.SuperKeyword && node.expression.name.text === name) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/**
 * The nearest base class whose `name` method the change fills. A method that calls no `super`
 * cuts off every base above it, whatever the classes in between do.
 */
function filledBase(
  checker: ts.TypeChecker,
  loaded: Pick<LoadedProject, 'relative'>,
  declaration: ts.ClassLikeDeclaration,
  name: string,
  filled: ReadonlyMap<string, ReadonlySet<string>>,
): { file: string; class: string } | undefined {
  for (const baseDeclaration of baseClassDeclarations(checker, declaration)) {
    if (!baseDeclaration.name) continue;
    const file = loaded.relative(baseDeclaration.getSourceFile().fileName);
    if (filled.get(`${file}\0${baseDeclaration.name.text}`)?.has(name)) return { file, class: baseDeclaration.name.text };
  }
  return undefined;
}
