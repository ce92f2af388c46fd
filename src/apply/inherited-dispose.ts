import { ts } from '../typescript.js';
import type { PlanEntry, PlanSide } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';

export type ClassRef = Pick<PlanSide, 'file' | 'class'>;

/**
 * The classes that get a dispose method from the plan while their base class already has one, or
 * gets one from the same plan. inject-dispose must end such a new method with `super.dispose()`
 * (and mark it `override`): otherwise it silently replaces the base class's cleanup (a Panel that
 * owns items would stop running its Widget's dispose). The transform sees one file and can only
 * tell for a base class in that file; across files it takes this list as `superDispose`.
 */
export function inheritedDispose(loaded: Pick<LoadedProject, 'program' | 'relative'>, entries: readonly PlanEntry[]): ClassRef[] {
  const receiving = new Map<string, string>();
  for (const entry of entries) {
    if (entry.action !== 'dispose') continue;
    const method = entry.disposeMethod ?? 'dispose';
    // `[Symbol.dispose]` is not a name `super.` can reach as written; the transform adds it itself.
    if (method.startsWith('[')) continue;
    for (const side of [entry, ...entry.owners]) receiving.set(key(side.file, side.class), method);
  }
  if (receiving.size === 0) return [];

  const checker = loaded.program.getTypeChecker();
  const found: ClassRef[] = [];
  for (const sourceFile of loaded.program.getSourceFiles()) {
    if (loaded.program.isSourceFileDefaultLibrary(sourceFile)) continue;
    const file = loaded.relative(sourceFile.fileName);
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node) && node.name) {
        const method = receiving.get(key(file, node.name.text));
        if (method !== undefined && baseHasMethod(checker, loaded, node, method, receiving)) found.push({ file, class: node.name.text });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

function baseHasMethod(
  checker: ts.TypeChecker,
  loaded: Pick<LoadedProject, 'relative'>,
  declaration: ts.ClassLikeDeclaration,
  method: string,
  receiving: ReadonlyMap<string, string>,
): boolean {
  const symbol = declaration.name ? checker.getSymbolAtLocation(declaration.name) : undefined;
  if (!symbol) return false;
  const seen = new Set<ts.Type>();
  const pending = [...(checker.getBaseTypes(checker.getDeclaredTypeOfSymbol(symbol) as ts.InterfaceType) ?? [])];
  while (pending.length > 0) {
    const base = pending.pop()!;
    if (seen.has(base)) continue;
    seen.add(base);
    // A concrete method anywhere up the chain (getProperty sees inherited members too). An abstract
    // one is the subclass's to implement, and a property (`dispose = () => {}`) is out of `super.`'s reach.
    const existing = checker.getPropertyOfType(base, method);
    if (existing?.declarations?.some((member) => ts.isMethodDeclaration(member) && !hasModifier(member, ts.SyntaxKind.AbstractKeyword))) return true;
    // A base class that this plan gives the method (a mixin's class shows up in an intersection).
    for (const part of base.isIntersection() ? base.types : [base]) {
      for (const baseDeclaration of part.symbol?.declarations ?? []) {
        if (!ts.isClassLike(baseDeclaration) || !baseDeclaration.name) continue;
        const file = loaded.relative(baseDeclaration.getSourceFile().fileName);
        if (receiving.get(key(file, baseDeclaration.name.text)) === method) return true;
      }
      if (part.isClassOrInterface()) pending.push(...(checker.getBaseTypes(part) ?? []));
    }
  }
  return false;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

function key(file: string, className: string): string {
  return `${file}\0${className}`;
}
