import type { ChangeSet } from './change-set.js';
import { baseClassDeclarations, instanceType } from './base-classes.js';
import { classNameOf } from '../graph/find-classes.js';
import type { PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { ts } from '../typescript.js';

/** An owner's dispose method that this change fills and that no code of the project calls. */
export interface UncalledDispose {
  /** The owner class (file relative to the project root, 1-based line of the method, or of the class where the change adds it). */
  file: string;
  line: number;
  class: string;
  method: string;
  /** The change adds the method: the class had none of its own. */
  added: boolean;
}

/**
 * The owners' dispose methods the change fills that nothing in the project calls. A dispose fix
 * breaks its cycles only when the owner's life ends through that method: in a library its users
 * may call it, but in an application a method nobody calls leaves the cycles as they were
 * (lumino's dock layout nodes, query-core's caches got such methods). Reported, not edited: where
 * an owner's life ends is the project's decision.
 *
 * A call counts when the checker resolves it (`x.dispose()`, `x['dispose']()`, or `x.dispose`
 * handed on unread) to the owner's method, one it inherits or overrides (from a base class or a
 * mixin's class), a subclass's, or a method of an interface or type literal the owner fits by its
 * properties' names (classes fit those without saying so); when it cannot say which (an `any`
 * receiver), the method counts as called: only a method of an unrelated class is no call of it. A
 * call the same change adds, from another class's dispose fix, counts too. `[Symbol.dispose]` is
 * left out: `using` calls it without naming it.
 */
export function uncalledDisposeMethods(loaded: Pick<LoadedProject, 'program' | 'relative'>, entries: readonly PlanEntry[], changes: ChangeSet): UncalledDispose[] {
  const edited = new Set(changes.files.map((change) => change.file));
  const refused = new Set(changes.skipped.map((skip) => `${skip.entryId}\0${skip.file}`));
  const filled = new Map<string, { file: string; class: string; method: string }>();
  // `file\0Class\0method` of a method the change calls on held objects (a back-pointer class's)
  // -> the keys of the owners' methods that call it.
  const calledByChange = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.action !== 'dispose') continue;
    const method = entry.disposeMethod ?? 'dispose';
    if (method.startsWith('[')) continue;
    const callee = `${entry.file}\0${entry.class}\0${entry.backPointerMethod ?? method}`;
    for (const owner of entry.owners) {
      if (!edited.has(owner.file) || refused.has(`${entry.id}\0${owner.file}`)) continue;
      const key = `${owner.file}\0${owner.class}\0${method}`;
      filled.set(key, { file: owner.file, class: owner.class, method });
      calledByChange.set(callee, [...(calledByChange.get(callee) ?? []), key]);
    }
  }
  if (filled.size === 0) return [];

  const checker = loaded.program.getTypeChecker();
  const owners = new Map<string, ts.ClassLikeDeclaration>();
  for (const [key, owner] of filled) {
    const declaration = classDeclaration(loaded, owner.file, owner.class);
    if (declaration) owners.set(key, declaration);
  }
  // The classes whose method a call may resolve to and still reach the owner's: the owner, what
  // it extends (a call through the base dispatches to the override), and classes below it
  // (checked per call: a subclass's own method runs the owner's through `super`).
  const above = new Map<string, Set<ts.Declaration>>();
  for (const [key, declaration] of owners) above.set(key, new Set([declaration, ...baseClassDeclarations(checker, declaration)]));

  // The declarations of the method the owner's objects have now, own or inherited: a base that
  // baseClassDeclarations does not list (a mixin's class, `class K extends Disposing(Object)`)
  // still gives its method here.
  const inherited = new Map<string, Set<ts.Declaration>>();
  const ownerTypes = new Map<string, ts.Type | undefined>();
  for (const [key, declaration] of owners) {
    const type = instanceType(checker, declaration);
    ownerTypes.set(key, type);
    const property = type && checker.getPropertyOfType(type, filled.get(key)!.method);
    inherited.set(key, new Set(property?.declarations ?? []));
  }
  // Whether the owner's objects, with the method the change gives them, have every property the
  // interface or type literal requires (by name: enough to tell a `Disposable` from a `Subscription`).
  const fits = (key: string, container: ts.Node, method: string): boolean => {
    const ownerType = ownerTypes.get(key);
    if (!ownerType) return true;
    const symbol = ts.isInterfaceDeclaration(container) ? checker.getSymbolAtLocation(container.name) : undefined;
    const type = symbol ? checker.getDeclaredTypeOfSymbol(symbol) : ts.isTypeNode(container) ? checker.getTypeFromTypeNode(container) : undefined;
    if (!type) return true;
    const required = checker.getPropertiesOfType(type).filter((property) => !(property.flags & ts.SymbolFlags.Optional));
    return required.every((property) => property.getName() === method || checker.getPropertyOfType(ownerType, property.getName()) !== undefined);
  };
  const methods = new Set([...filled.values()].map((owner) => owner.method));
  const called = new Set<string>();
  // The bases of each class a call resolves into, asked once per class.
  const basesOf = new Map<ts.ClassLikeDeclaration, ts.ClassLikeDeclaration[]>();
  const related = (key: string, other: ts.ClassLikeDeclaration): boolean => {
    const ownerDeclaration = owners.get(key);
    if (ownerDeclaration === undefined) return false;
    if (above.get(key)?.has(other)) return true;
    let bases = basesOf.get(other);
    if (!bases) basesOf.set(other, (bases = [...baseClassDeclarations(checker, other)]));
    return bases.includes(ownerDeclaration);
  };
  // `forwarding`: the class whose method of the same name the access is in (`destroy() {
  // this.children.forEach((child) => child.destroy()) }`, `super.destroy()`): within the owner's
  // own classes that passes a call on, and calls nothing by itself.
  const reaches = (symbol: ts.Symbol | undefined, method: string, forwarding: ts.ClassLikeDeclaration | undefined): void => {
    for (const [key, owner] of filled) {
      if (owner.method !== method || called.has(key)) continue;
      if (forwarding && related(key, forwarding)) continue;
      const declarations = symbol?.declarations ?? [];
      if (declarations.length === 0) {
        // The checker cannot say what is called: it may be this method.
        called.add(key);
        continue;
      }
      for (const declaration of declarations) {
        const container = declaration.parent;
        // A method of an interface or a type literal may be called on any object that fits it, as
        // classes do without saying so (`const store: IDisposable[] = [new B()]`), also through a
        // type parameter's constraint; another class's method is not the owner's.
        const reached = !container
          ? true
          : ts.isClassLike(container)
            ? related(key, container) || inherited.get(key)?.has(declaration)
            : fits(key, container, method);
        if (reached) {
          called.add(key);
          break;
        }
      }
    }
  };

  for (const sourceFile of loaded.program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || loaded.program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    if (![...methods].some((method) => sourceFile.text.includes(method))) continue;
    const visit = (node: ts.Node, inMethod: ts.MethodDeclaration | undefined): void => {
      if (ts.isMethodDeclaration(node)) inMethod = node;
      const name = ts.isPropertyAccessExpression(node) ? node.name : ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression : undefined;
      if (name && methods.has(name.text)) {
        const forwarding = inMethod && ts.isClassLike(inMethod.parent) && inMethod.name.getText(sourceFile) === name.text ? inMethod.parent : undefined;
        reaches(checker.getSymbolAtLocation(name), name.text, forwarding);
      }
      ts.forEachChild(node, (child) => visit(child, inMethod));
    };
    visit(sourceFile, undefined);
    if (called.size === filled.size) return [];
  }

  const found: UncalledDispose[] = [];
  for (const [key, owner] of filled) {
    if (called.has(key)) continue;
    const declaration = owners.get(key);
    if (!declaration) continue;
    if (calledByOtherOwner(loaded, checker, declaration, owner.method, calledByChange, owners)) continue;
    const own = declaration.members.find((member) => ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === owner.method);
    const at = own?.name ?? declaration.name ?? declaration;
    const sourceFile = declaration.getSourceFile();
    found.push({ ...owner, line: sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile)).line + 1, added: own === undefined });
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/**
 * Whether the dispose fix of another class, in this change, calls the method on what it holds
 * (a `Layer` disposed by its `Scene`). Not the class's own fix, nor one of a class above or below
 * it: in a tree of one class (or of a base and its subclasses) each node calls it on its children,
 * and nothing on the root.
 */
function calledByOtherOwner(
  loaded: Pick<LoadedProject, 'relative'>,
  checker: ts.TypeChecker,
  declaration: ts.ClassLikeDeclaration,
  method: string,
  calledByChange: ReadonlyMap<string, readonly string[]>,
  owners: ReadonlyMap<string, ts.ClassLikeDeclaration>,
): boolean {
  const bases = [...baseClassDeclarations(checker, declaration)];
  const related = (other: ts.ClassLikeDeclaration) => other === declaration || bases.includes(other) || [...baseClassDeclarations(checker, other)].includes(declaration);
  return [declaration, ...bases].some((callee) =>
    (calledByChange.get(`${loaded.relative(callee.getSourceFile().fileName)}\0${classNameOf(callee)}\0${method}`) ?? []).some((caller) => {
      const callerDeclaration = owners.get(caller);
      return callerDeclaration !== undefined && !related(callerDeclaration);
    }),
  );
}

function classDeclaration(loaded: Pick<LoadedProject, 'program' | 'relative'>, file: string, name: string): ts.ClassLikeDeclaration | undefined {
  const sourceFile = loaded.program.getSourceFiles().find((candidate) => loaded.relative(candidate.fileName) === file);
  let found: ts.ClassLikeDeclaration | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isClassLike(node) && classNameOf(node) === name) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (sourceFile) visit(sourceFile);
  return found;
}
