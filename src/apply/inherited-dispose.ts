import { hasModifier } from '../graph/collect-fields.js';
import { classNameOf } from '../graph/find-classes.js';
import type { PlanEntry, PlanSide } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { ts } from '../typescript.js';
import type { Storage } from '../verify/check-weakref-lib.js';

export interface InheritingClass extends Pick<PlanSide, 'file' | 'class'> {
  /** The base class also has (or gets from the plan) `[Symbol.dispose]`: the subclass inherits it. */
  symbolDispose: boolean;
  /**
   * The base class's method is the project's own (not one this plan adds): the new override gets
   * no once-only guard, which would stop later calls of a method meant to run again (pooled objects).
   */
  existing?: true;
  /**
   * That existing method returns something (fabric's `dispose(): Promise<boolean>`): the override
   * returns what `super` returns, since `(): void` would not be assignable to it (TS2416).
   */
  returns?: true;
}

export interface InheritedDisposeOptions {
  /**
   * Transform storage: with `private`, inject-dispose refuses classes declared inside functions
   * where the file is compiled with declaration emit (`declaration(file)`; TS4094).
   */
  storage: Storage;
  declaration?: (file: string) => boolean;
  /** The lib has `Symbol.dispose`: every class that gets the method also gets `[Symbol.dispose]()`. */
  disposable: boolean;
}

/**
 * The classes that get a dispose method from the plan while their base class already has one, or
 * gets one from the same plan. inject-dispose must end such a new method with `super.dispose()`
 * (and mark it `override`): otherwise it silently replaces the base class's cleanup (a Panel that
 * owns items would stop running its Widget's dispose). The transform sees one file and can only
 * tell for a base class in that file; across files it takes this list as `superDispose`.
 */
export function inheritedDispose(
  loaded: Pick<LoadedProject, 'program' | 'relative'>,
  entries: readonly PlanEntry[],
  options: InheritedDisposeOptions,
): InheritingClass[] {
  const named = new Map<string, string>();
  for (const entry of entries) {
    if (entry.action !== 'dispose') continue;
    const method = entry.disposeMethod ?? 'dispose';
    // `[Symbol.dispose]` is not a name `super.` can reach as written; the transform adds it itself.
    if (method.startsWith('[')) continue;
    for (const side of entry.owners) named.set(key(side.file, side.class), method);
    named.set(key(entry.file, entry.class), entry.backPointerMethod ?? method);
  }
  if (named.size === 0) return [];

  const checker = loaded.program.getTypeChecker();
  // First the classes that will really get the method: the transform refuses a class declared
  // inside a function when the guard would be a `#` field (see inject-dispose's declaredInFunction).
  const receiving = new Map<string, string>();
  const declarations: Array<{ node: ts.ClassLikeDeclaration; file: string; name: string; method: string }> = [];
  const files = new Set([...named.keys()].map((classKey) => classKey.slice(0, classKey.indexOf('\0'))));
  for (const sourceFile of loaded.program.getSourceFiles()) {
    const file = loaded.relative(sourceFile.fileName);
    // Only the files the plan names hold classes that get the method.
    if (!files.has(file)) continue;
    const refusedInFunction = options.storage === 'private' && (options.declaration?.(file) ?? true);
    const visit = (node: ts.Node, inFunction: boolean): void => {
      if (ts.isClassLike(node)) {
        // Named as the plan names it: a mixin's anonymous `class extends Base` is `Connectable(Base)`.
        const name = classNameOf(node);
        const method = named.get(key(file, name));
        if (method !== undefined && !(inFunction && refusedInFunction)) {
          receiving.set(key(file, name), method);
          declarations.push({ node, file, name, method });
        }
      }
      ts.forEachChild(node, (child) => visit(child, inFunction || ts.isFunctionLike(node)));
    };
    visit(sourceFile, false);
  }

  const found: InheritingClass[] = [];
  for (const { node, file, name, method } of declarations) {
    const base = inheritedMethod(checker, loaded, node, method, receiving);
    // Implementing an abstract method needs neither a call nor `override` (noImplicitOverride accepts it).
    if (base.method !== 'concrete') continue;
    found.push({
      file,
      class: name,
      symbolDispose: base.symbolDispose || (base.receiving && options.disposable),
      ...(base.receiving ? {} : { existing: true as const }),
      ...(base.returns ? { returns: true as const } : {}),
    });
  }
  return found;
}

/**
 * Walk up from the nearest base class: the first one that gets the method from the plan, or whose
 * type has a member of that name, decides. A concrete method there is inherited (override and call
 * it); an abstract one is the subclass's to implement; a property is out of `super.`'s reach.
 */
function inheritedMethod(
  checker: ts.TypeChecker,
  loaded: Pick<LoadedProject, 'relative'>,
  declaration: ts.ClassLikeDeclaration,
  method: string,
  receiving: ReadonlyMap<string, string>,
): { method: 'concrete' | 'abstract' | 'none'; receiving: boolean; symbolDispose: boolean; returns?: boolean } {
  const none = { method: 'none' as const, receiving: false, symbolDispose: false };
  // Without an `extends` clause there is no `super` to call, whatever the type says: a class merged
  // with an interface that extends others (zrender's `interface Element extends Transformable`,
  // filled in at run time by a mixin) has base types but no base class.
  const extendsClause = declaration.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword);
  if (!extendsClause) return none;
  const symbol = declaration.name ? checker.getSymbolAtLocation(declaration.name) : undefined;
  if (!symbol) return none;
  const seen = new Set<ts.Type>();
  let level = [...(checker.getBaseTypes(checker.getDeclaredTypeOfSymbol(symbol) as ts.InterfaceType) ?? [])];
  while (level.length > 0) {
    const next: ts.Type[] = [];
    for (const base of level) {
      if (seen.has(base)) continue;
      seen.add(base);
      const symbolDispose = checker.getPropertiesOfType(base).some((property) => property.escapedName.toString().startsWith('__@dispose@'));
      // A base class that this plan gives the method (a mixin's class shows up in an intersection).
      const parts = base.isIntersection() ? base.types : [base];
      for (const part of parts) {
        for (const baseDeclaration of part.symbol?.declarations ?? []) {
          if (!ts.isClassLike(baseDeclaration)) continue;
          const file = loaded.relative(baseDeclaration.getSourceFile().fileName);
          if (receiving.get(key(file, classNameOf(baseDeclaration))) === method) return { method: 'concrete', receiving: true, symbolDispose };
        }
      }
      const existing = checker.getPropertyOfType(base, method);
      if (existing) {
        const methods = existing.declarations?.filter(ts.isMethodDeclaration) ?? [];
        const abstract = methods.some((member) => hasModifier(member, ts.SyntaxKind.AbstractKeyword));
        return { method: methods.length === 0 ? 'none' : abstract ? 'abstract' : 'concrete', receiving: false, symbolDispose, returns: returnsValue(checker, existing, methods) };
      }
      // `extends Displayable<TextProps>` is a reference to the generic class: its bases are the target's.
      for (const part of parts) {
        const declared = isReference(part) ? part.target : part;
        if (declared.isClassOrInterface()) next.push(...(checker.getBaseTypes(declared) ?? []));
      }
    }
    level = next;
  }
  return none;
}

/**
 * Whether a method may return something (a value or a promise) that a `(): void` override would
 * drop: any part of its return type other than `void`/`undefined`/`never` (`void | Promise<void>`
 * is one: callers may await it), `any` and `unknown` included.
 */
function returnsValue(checker: ts.TypeChecker, symbol: ts.Symbol, declarations: readonly ts.MethodDeclaration[]): boolean {
  const type = checker.getTypeOfSymbolAtLocation(symbol, declarations[0]!);
  const nothing = ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never;
  return checker.getSignaturesOfType(type, ts.SignatureKind.Call).some((signature) => {
    const returned = signature.getReturnType();
    return (returned.isUnion() ? returned.types : [returned]).some((part) => (part.flags & nothing) === 0);
  });
}

function isReference(type: ts.Type): type is ts.TypeReference {
  return (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0;
}

function key(file: string, className: string): string {
  return `${file}\0${className}`;
}
