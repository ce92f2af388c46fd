import { ts } from '../typescript.js';

/**
 * The class declarations above a class, nearest first, level by level through its base types
 * (a generic base, `extends Middle<string>`, through the generic class's own bases). Callers stop
 * at the first that decides for them. The class's own type: its declared type, or for a class
 * expression without a name (`const Anon = class extends Node {}`) what its constructor builds.
 */
export function* baseClassDeclarations(checker: ts.TypeChecker, declaration: ts.ClassLikeDeclaration): Generator<ts.ClassLikeDeclaration> {
  const type = instanceType(checker, declaration);
  if (!type) return;
  const seen = new Set<ts.Type>();
  let bases: ts.Type[] = type.isClassOrInterface() ? (checker.getBaseTypes(type) ?? []) : [];
  // A mixin's class (`return class extends Base {...}`, `Base: B extends Ctor<Node>`): its type is
  // an intersection with no base types of its own; what it extends is what `Base` constructs.
  if (bases.length === 0) {
    const heritage = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const constructor = heritage && checker.getTypeAtLocation(heritage.expression);
    const signature = constructor && (constructor.getConstructSignatures()[0] ?? checker.getBaseConstraintOfType(constructor)?.getConstructSignatures()[0]);
    if (signature) bases = [signature.getReturnType()];
  }
  while (bases.length > 0) {
    const next: ts.Type[] = [];
    for (const base of bases) {
      if (seen.has(base)) continue;
      seen.add(base);
      for (const baseDeclaration of base.symbol?.declarations ?? []) if (ts.isClassLike(baseDeclaration)) yield baseDeclaration;
      const target = (base as ts.TypeReference).target ?? base;
      if (target.isClassOrInterface()) next.push(...(checker.getBaseTypes(target) ?? []));
    }
    bases = next;
  }
}

/** The type of a class's objects. */
export function instanceType(checker: ts.TypeChecker, declaration: ts.ClassLikeDeclaration): ts.Type | undefined {
  const symbol = declaration.name ? checker.getSymbolAtLocation(declaration.name) : undefined;
  if (symbol) return checker.getDeclaredTypeOfSymbol(symbol);
  return checker.getTypeAtLocation(declaration).getConstructSignatures()[0]?.getReturnType();
}
