import { hasModifier } from '../graph/collect-fields.js';
import { classNameOf } from '../graph/find-classes.js';
import type { PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { ts } from '../typescript.js';
import { baseClassDeclarations, instanceType } from './base-classes.js';

/** A method of the project that will override a dispose method the plan adds where there was none. */
export interface NewBaseOverride {
  file: string;
  class: string;
  method: string;
  /** The class that gets the method. */
  base: { file: string; class: string };
}

/**
 * The project's own methods that will override a dispose method the plan gives a base class that
 * had none: G2's `Runtime.destroy()` once `Node` gets `destroy()`, fabric's `FabricObject.dispose()`
 * once `ObjectGeometry` gets `dispose()`. Written when there was nothing to call, they do not call
 * `super`, so the new method would never run for their objects and the fix would be dead there.
 * inject-dispose ends them with `super.<method>()` (`superCalls`). Not one that overrides a method
 * a base already had: not calling that one was the project's choice, which apply only names
 * (overridesSkippingDispose). Nor a decorated one, whose decorator may call the base itself.
 */
export function newBaseOverrides(loaded: Pick<LoadedProject, 'program' | 'relative'>, entries: readonly PlanEntry[]): NewBaseOverride[] {
  // `file\0Class` -> the methods the plan gives it (two where it owns under one name and is owned under another).
  const getting = new Map<string, Set<string>>();
  const give = (file: string, className: string, method: string) => {
    const names = getting.get(key(file, className)) ?? new Set<string>();
    getting.set(key(file, className), names.add(method));
  };
  for (const entry of entries) {
    if (entry.action !== 'dispose') continue;
    const method = entry.disposeMethod ?? 'dispose';
    if (method.startsWith('[')) continue;
    for (const owner of entry.owners) give(owner.file, owner.class, method);
    give(entry.file, entry.class, entry.backPointerMethod ?? method);
  }
  if (getting.size === 0) return [];
  const methods = new Set([...getting.values()].flatMap((names) => [...names]));
  const checker = loaded.program.getTypeChecker();
  // Whether a class that gets the method had none before, its own or inherited.
  const isNew = (declaration: ts.ClassLikeDeclaration, method: string): boolean => {
    const type = instanceType(checker, declaration);
    return type !== undefined && checker.getPropertyOfType(type, method) === undefined;
  };
  const found: NewBaseOverride[] = [];
  for (const sourceFile of loaded.program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || loaded.program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const file = loaded.relative(sourceFile.fileName);
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node) && node.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)) {
        for (const member of node.members) {
          if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name) || !methods.has(member.name.text)) continue;
          if (hasModifier(member, ts.SyntaxKind.StaticKeyword) || ts.getDecorators(member)?.length) continue;
          const base = nearestWithMethod(checker, loaded, node, member.name.text, getting);
          if (base?.getting && isNew(base.declaration, member.name.text)) {
            found.push({ file, class: classNameOf(node), method: member.name.text, base: { file: base.file, class: classNameOf(base.declaration) } });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

/**
 * Up from the class's base: the first class that declares the method itself or gets it from the
 * plan. What overriding means is decided there: a method declared in between is the one overridden.
 */
function nearestWithMethod(
  checker: ts.TypeChecker,
  loaded: Pick<LoadedProject, 'relative'>,
  declaration: ts.ClassLikeDeclaration,
  method: string,
  getting: ReadonlyMap<string, ReadonlySet<string>>,
): { declaration: ts.ClassLikeDeclaration; file: string; getting: boolean } | undefined {
  for (const baseDeclaration of baseClassDeclarations(checker, declaration)) {
    const file = loaded.relative(baseDeclaration.getSourceFile().fileName);
    const declares = baseDeclaration.members.some((member) => member.name !== undefined && ts.isIdentifier(member.name) && member.name.text === method);
    const gets = getting.get(key(file, classNameOf(baseDeclaration)))?.has(method) === true;
    if (declares || gets) return { declaration: baseDeclaration, file, getting: gets && !declares };
  }
  return undefined;
}

function key(file: string, className: string): string {
  return `${file}\0${className}`;
}
