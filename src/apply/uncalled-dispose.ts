import type { ChangeSet } from './change-set.js';
import { baseClassDeclarations } from './base-classes.js';
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
 * A call counts when the checker resolves it (`x.dispose()`, `x['dispose']()`, `super.dispose()`,
 * or `x.dispose` handed on unread) to the owner's method, a base class's or an implemented
 * interface's that it overrides, or a subclass's; when it cannot say which (an `any` receiver), the
 * method counts as called. So does a method of a class whose own dispose fix, in this change,
 * calls it on what it holds. `[Symbol.dispose]` is left out: `using` calls it without naming it.
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
  // The declarations a call may resolve to and still reach the owner's method: the owner, what
  // it extends or implements (a call through the base dispatches to the override), and classes
  // below it (checked per call: a subclass's own method runs the owner's through `super`).
  const above = new Map<string, Set<ts.Declaration>>();
  for (const [key, declaration] of owners) above.set(key, new Set([declaration, ...baseClassDeclarations(checker, declaration), ...implementedInterfaces(checker, declaration)]));

  const methods = new Set([...filled.values()].map((owner) => owner.method));
  const called = new Set<string>();
  const related = (key: string, other: ts.ClassLikeDeclaration): boolean => {
    const ownerDeclaration = owners.get(key);
    return ownerDeclaration !== undefined && (above.get(key)?.has(other) === true || [...baseClassDeclarations(checker, other)].includes(ownerDeclaration));
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
        if (!container || !(ts.isClassLike(container) || ts.isInterfaceDeclaration(container))) continue;
        if (above.get(key)?.has(container) || (ts.isClassLike(container) && related(key, container))) {
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

/** The interfaces a class's objects are declared to be, through its bases and the interfaces those extend. */
function implementedInterfaces(checker: ts.TypeChecker, declaration: ts.ClassLikeDeclaration): ts.InterfaceDeclaration[] {
  const found = new Set<ts.InterfaceDeclaration>();
  const pending: ts.Type[] = [];
  for (const classDeclaration of [declaration, ...baseClassDeclarations(checker, declaration)]) {
    for (const clause of classDeclaration.heritageClauses ?? []) {
      if (clause.token === ts.SyntaxKind.ImplementsKeyword) for (const type of clause.types) pending.push(checker.getTypeAtLocation(type));
    }
  }
  const seen = new Set<ts.Type>();
  while (pending.length > 0) {
    const type = pending.pop()!;
    if (seen.has(type)) continue;
    seen.add(type);
    for (const interfaceDeclaration of type.symbol?.declarations ?? []) if (ts.isInterfaceDeclaration(interfaceDeclaration)) found.add(interfaceDeclaration);
    const target = (type as ts.TypeReference).target ?? type;
    if (target.isClassOrInterface()) pending.push(...(checker.getBaseTypes(target) ?? []));
  }
  return [...found];
}
