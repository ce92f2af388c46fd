import { ts } from '../typescript.js';
import type { ClassId } from './field-graph.js';
import { memberName, type FoundClass } from './find-classes.js';
import { hasModifier } from './collect-fields.js';

/**
 * Interfaces of the project that a class satisfies without saying `implements`, read from where
 * the class hands itself over as one: `new Widget(this)` with `constructor(private host: Host)`,
 * `child.host = this`, `registry.add(this)`, `{ host: this }`. TypeScript's types are structural,
 * and "a host interface for decoupling" is the usual way a child points back at its owner
 * without importing the owner's class: `Widget.host: Host` then holds Panels, as it would were
 * Panel declared `implements Host`.
 *
 * Only where the code passes the class's own `this` (the place's contextual type names the
 * interface, and the class is assignable to it): merely having the same shape is no evidence that
 * a class's objects ever end up in such a field. Only interfaces declared in the project's own
 * files: a library's or the runtime's (`EventListenerObject`, `Iterable`) are not the project's
 * graph.
 *
 * Only interfaces no class declares it implements: where the project writes `implements`, a
 * class that merely fits is incidental (grpc-js's InternalChannel fits its `Channel`, declared by
 * two other classes), and counting it would make a field typed by the interface reach one more
 * class, past the one or two that longer cycles follow an interface to.
 *
 * The checker's contextual type of an argument means resolving the call, which cost 0.3 s on a
 * 100k-line project when asked at every `new X(this)`. So it is asked only where the answer can
 * matter: for interfaces a field's (or property's, or alias's) type names, or that extend one,
 * and in classes that have, by name, every member such an interface requires.
 */
export function structuralImplementers(
  classes: ReadonlyArray<{ found: FoundClass; sourceFile: ts.SourceFile }>,
  ownSourceFiles: readonly ts.SourceFile[],
  checker: ts.TypeChecker,
  /** Whether some class says it implements the interface (directly, or through one extending it). */
  declaredImplemented: (interfaceSymbol: ts.Symbol) => boolean,
): Array<{ classId: ClassId; interfaceSymbol: ts.Symbol }> {
  const interfaces = fieldInterfaces(ownSourceFiles, classes, checker);
  for (const [declarations] of interfaces) {
    const symbol = checker.getSymbolAtLocation(declarations[0]!.name);
    if (symbol && declaredImplemented(symbol)) interfaces.delete(declarations);
  }
  if (interfaces.size === 0) return [];
  // Each interface under the name of one member it requires, which a class must have.
  const byMemberName = new Map<string, Array<[InterfaceDeclarations, Set<string>]>>();
  for (const entry of interfaces) {
    const name = entry[1].values().next().value!;
    const list = byMemberName.get(name);
    if (list) list.push(entry);
    else byMemberName.set(name, [entry]);
  }
  const byId = new Map(classes.map((entry) => [entry.found.info.id, entry]));
  const namesOf = memberNamesWithBases(byId);
  const result: Array<{ classId: ClassId; interfaceSymbol: ts.Symbol }> = [];
  for (const { found: entry, sourceFile } of classes) {
    if (!hasBareThis(entry.node, sourceFile)) continue;
    const symbol = (entry.node as ts.Node & { symbol?: ts.Symbol }).symbol;
    if (!symbol) continue;
    let instanceType: ts.Type | undefined;
    let names = namesOf(entry.info.id);
    // A base out of sight (a library's class, a mixin's): the checker lists what the objects have.
    if (names === ANY_NAME) {
      instanceType = checker.getDeclaredTypeOfSymbol(symbol);
      names = new Set(checker.getPropertiesOfType(instanceType).map((property) => property.getName()));
    }
    const known = names;
    const possible = [...new Set([...known].flatMap((name) => byMemberName.get(name) ?? []))].filter(([, required]) => [...required].every((name) => known.has(name)));
    if (possible.length === 0) continue;
    const possibleDeclarations = new Set<ts.Declaration>(possible.flatMap(([declarations]) => declarations));
    const seen = new Set<ts.Symbol>();
    for (const self of handedOverThis(entry.node, sourceFile)) {
      const contextual = checker.getContextualType(self);
      if (!contextual) continue;
      for (const interfaceType of interfaceParts(contextual, checker)) {
        const interfaceSymbol = interfaceType.getSymbol()!;
        if (seen.has(interfaceSymbol) || !interfaceSymbol.declarations?.some((declaration) => possibleDeclarations.has(declaration))) continue;
        instanceType ??= checker.getDeclaredTypeOfSymbol(symbol);
        // `this as unknown as Host`, or code that does not type-check: no evidence of the shape.
        if (!checker.isTypeAssignableTo(instanceType, interfaceType)) continue;
        seen.add(interfaceSymbol);
        result.push({ classId: entry.info.id, interfaceSymbol });
      }
    }
  }
  return result;
}

type InterfaceDeclarations = ts.InterfaceDeclaration[];
const ANY_NAME = Symbol('any member name');

/**
 * The project's interfaces that a field can be typed by and that require some member, each with
 * the member names it requires (its own and its ancestors'). An interface counts when its name
 * appears in the type text of a class
 * field or constructor parameter property, an interface property, a type alias or a class's type
 * parameter constraint, or when it extends one that does.
 */
function fieldInterfaces(
  ownSourceFiles: readonly ts.SourceFile[],
  classes: ReadonlyArray<{ found: FoundClass; sourceFile: ts.SourceFile }>,
  checker: ts.TypeChecker,
): Map<InterfaceDeclarations, Set<string>> {
  const declarationsByName = new Map<string, InterfaceDeclarations>();
  // Names written in the type annotations that can type a field (read after the interfaces are known).
  const typeRanges: Array<[ts.SourceFile, ts.Node]> = [];
  const typeText = (node: ts.Node | undefined, sourceFile: ts.SourceFile) => {
    if (node) typeRanges.push([sourceFile, node]);
  };
  const visitStatements = (statements: readonly ts.Statement[], sourceFile: ts.SourceFile): void => {
    for (const statement of statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        const list = declarationsByName.get(statement.name.text);
        if (list) list.push(statement);
        else declarationsByName.set(statement.name.text, [statement]);
        for (const member of statement.members) if (ts.isPropertySignature(member)) typeText(member.type, sourceFile);
      } else if (ts.isTypeAliasDeclaration(statement)) {
        typeText(statement.type, sourceFile);
      } else if (ts.isModuleDeclaration(statement)) {
        // Namespaces and `declare module` / `declare global` blocks.
        let body = statement.body;
        while (body && ts.isModuleDeclaration(body)) body = body.body;
        if (body && ts.isModuleBlock(body)) visitStatements(body.statements, sourceFile);
      }
    }
  };
  for (const sourceFile of ownSourceFiles) visitStatements(sourceFile.statements, sourceFile);
  if (declarationsByName.size === 0) return new Map();
  for (const { found: entry, sourceFile } of classes) {
    for (const parameter of entry.node.typeParameters ?? []) typeText(parameter.constraint, sourceFile);
    for (const member of entry.node.members) {
      if (ts.isPropertyDeclaration(member)) typeText(member.type, sourceFile);
      else if (ts.isConstructorDeclaration(member)) {
        for (const parameter of member.parameters) if (ts.isParameterPropertyDeclaration(parameter, member)) typeText(parameter.type, sourceFile);
      }
    }
  }
  const named = new Set<string>();
  const word = /[A-Za-z_$][\w$]*/g;
  for (const [sourceFile, node] of typeRanges) {
    word.lastIndex = node.pos;
    for (let match = word.exec(sourceFile.text); match && match.index < node.end; match = word.exec(sourceFile.text)) {
      if (declarationsByName.has(match[0])) named.add(match[0]);
    }
  }
  const parentsOf = (declarations: InterfaceDeclarations): string[] =>
    declarations.flatMap((declaration) =>
      (declaration.heritageClauses ?? []).flatMap((clause) => clause.types.map((heritage) => (ts.isIdentifier(heritage.expression) ? heritage.expression.text : ''))),
    );
  // Interfaces named, or extending one named (through their project ancestors).
  const counts = (name: string, seen = new Set<string>()): boolean => {
    if (named.has(name)) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    const declarations = declarationsByName.get(name);
    return declarations !== undefined && parentsOf(declarations).some((parent) => counts(parent, seen));
  };
  // What an interface requires: its own declarations' members and its ancestors', found through
  // the checker (two interfaces of one name in two files are two interfaces).
  const symbolOf = (name: ts.EntityNameExpression | ts.Identifier): ts.Symbol | undefined => {
    const symbol = checker.getSymbolAtLocation(name);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  };
  const required = (symbol: ts.Symbol, names = new Set<string>(), seen = new Set<ts.Symbol>()): Set<string> => {
    if (seen.has(symbol)) return names;
    seen.add(symbol);
    for (const declaration of symbol.declarations ?? []) {
      if (!ts.isInterfaceDeclaration(declaration)) continue;
      for (const member of declaration.members) {
        if (!(ts.isPropertySignature(member) || ts.isMethodSignature(member)) || member.questionToken) continue;
        const memberText = memberName(member.name, declaration.getSourceFile());
        if (memberText) names.add(memberText);
      }
      for (const clause of declaration.heritageClauses ?? []) {
        for (const heritage of clause.types) {
          const parent = ts.isIdentifier(heritage.expression) || ts.isPropertyAccessExpression(heritage.expression) ? symbolOf(heritage.expression as ts.EntityNameExpression) : undefined;
          if (parent) required(parent, names, seen);
        }
      }
    }
    return names;
  };
  const result = new Map<InterfaceDeclarations, Set<string>>();
  for (const [name, declarations] of declarationsByName) {
    if (!counts(name)) continue;
    const bySymbol = new Map<ts.Symbol, InterfaceDeclarations>();
    for (const declaration of declarations) {
      const symbol = symbolOf(declaration.name);
      if (!symbol) continue;
      const list = bySymbol.get(symbol);
      if (list) list.push(declaration);
      else bySymbol.set(symbol, [declaration]);
    }
    for (const [symbol, own] of bySymbol) {
      // Nothing required in sight: an options bag whose members are all optional (protobuf's
      // message shapes), an `interface Marker {}`, or one whose members are all out of the project.
      // Objects are handed over as hosts and listeners, which require what they are called for.
      const members = required(symbol);
      if (members.size > 0) result.set(own, members);
    }
  }
  return result;
}

/**
 * The member names a class's objects have, with its project bases'; ANY_NAME where a base is out
 * of sight (a library's class, a mixin's, an interface merged into the class): the caller asks the
 * checker then.
 */
function memberNamesWithBases(
  byId: ReadonlyMap<ClassId, { found: FoundClass; sourceFile: ts.SourceFile }>,
): (id: ClassId) => Set<string> | typeof ANY_NAME {
  const memo = new Map<ClassId, Set<string> | typeof ANY_NAME>();
  const namesOf = (id: ClassId, seen: Set<ClassId>): Set<string> | typeof ANY_NAME => {
    const known = memo.get(id);
    if (known) return known;
    const entry = byId.get(id);
    if (!entry || seen.has(id)) return ANY_NAME;
    seen.add(id);
    const { node, info } = entry.found;
    const symbol = (node as ts.Node & { symbol?: ts.Symbol }).symbol;
    const extendsClause = node.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword) ?? false;
    let names: Set<string> | typeof ANY_NAME = new Set<string>();
    if ((extendsClause && info.extends.length === 0) || symbol?.declarations?.some(ts.isInterfaceDeclaration)) names = ANY_NAME;
    for (const base of info.extends) {
      const inherited = names === ANY_NAME ? ANY_NAME : namesOf(base, seen);
      if (inherited === ANY_NAME) names = ANY_NAME;
      else if (names !== ANY_NAME) for (const name of inherited) names.add(name);
    }
    if (names !== ANY_NAME) {
      for (const member of node.members) {
        const name = member.name && memberName(member.name, entry.sourceFile);
        if (name) names.add(name);
        if (ts.isConstructorDeclaration(member)) {
          for (const parameter of member.parameters) if (ts.isParameterPropertyDeclaration(parameter, member) && ts.isIdentifier(parameter.name)) names.add(parameter.name.text);
        }
      }
    }
    memo.set(id, names);
    return names;
  };
  return (id) => namesOf(id, new Set());
}

// `this` not followed by a member access: the object itself handed somewhere.
const BARE_THIS = /(?<![\w$])this(?![\w$])(?!\s*(?:\.|\?\.|\[))/g;

/** Whether the class's text has `this` other than before a member access (a comment's counts too: only a first sieve). */
function hasBareThis(node: ts.ClassLikeDeclaration, sourceFile: ts.SourceFile): boolean {
  BARE_THIS.lastIndex = node.pos;
  const match = BARE_THIS.exec(sourceFile.text);
  return match !== null && match.index < node.end;
}

/**
 * The `this` expressions of a class's instance members that hand the object itself over (not
 * those of nested functions, object literal methods or nested classes, which are other objects,
 * nor of static members, where `this` is the class). Found from the text first: most members
 * use `this` only as a receiver, and are never walked. (`(this)`, `this!` and `this as Host`
 * are kept too: the checker answers through them.)
 */
function handedOverThis(node: ts.ClassLikeDeclaration, sourceFile: ts.SourceFile): ts.Expression[] {
  const text = sourceFile.text;
  const end = node.getEnd();
  const result: ts.Expression[] = [];
  BARE_THIS.lastIndex = node.getStart(sourceFile);
  for (let match = BARE_THIS.exec(text); match && match.index < end; match = BARE_THIS.exec(text)) {
    const self = nodeAt(node, match.index, sourceFile);
    // (`{ ...this }` and `[...this]` copy what it holds: the object itself is not handed over.)
    if (self?.kind === ts.SyntaxKind.ThisKeyword && ownerOfThis(self) === node && !isThisArgument(self) && !ts.isSpreadAssignment(self.parent) && !ts.isSpreadElement(self.parent)) {
      result.push(self as ts.Expression);
    }
  }
  return result;
}

// `f.bind(this, ...)`, `f.call(this, ...)`, `f.apply(this, args)`: the function's own `this`, not
// an object handed over (and resolving `bind`'s generic overloads for it took 80 ms on grpc-js).
function isThisArgument(self: ts.Node): boolean {
  const call = self.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== self || !ts.isPropertyAccessExpression(call.expression)) return false;
  const name = call.expression.name.text;
  return name === 'bind' || name === 'call' || name === 'apply';
}

/** The innermost node of `root` whose text (without leading trivia) contains `position`. */
function nodeAt(root: ts.Node, position: number, sourceFile: ts.SourceFile): ts.Node | undefined {
  let current: ts.Node = root;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(current, (candidate) =>
      candidate.pos <= position && position < candidate.end && candidate.getStart(sourceFile) <= position ? candidate : undefined,
    );
    if (!child) return current === root ? undefined : current;
    current = child;
  }
}

/** The class whose instance a `this` is, if an instance member's code holds it directly. */
function ownerOfThis(self: ts.Node): ts.ClassLikeDeclaration | undefined {
  let member: ts.Node | undefined;
  for (let current = self.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) {
      if (!member || ts.isClassStaticBlockDeclaration(member) || hasModifier(member, ts.SyntaxKind.StaticKeyword)) return undefined;
      return current;
    }
    if (ts.isClassLike(current.parent) && ts.isClassElement(current)) member = current;
    else if (ts.isFunctionLike(current) && !ts.isArrowFunction(current)) return undefined;
    else if (ts.isDecorator(current)) return undefined;
  }
  return undefined;
}

/** The interface types a contextual type names: itself, the members of a union (`Host | null`), or a type parameter's constraint. */
function interfaceParts(type: ts.Type, checker: ts.TypeChecker): ts.Type[] {
  const parts: ts.Type[] = [];
  const visit = (part: ts.Type, depth: number): void => {
    if (depth > 2) return;
    if (part.isUnion() || part.isIntersection()) {
      for (const member of part.types) visit(member, depth + 1);
      return;
    }
    if (part.flags & ts.TypeFlags.TypeParameter) {
      const constraint = checker.getBaseConstraintOfType(part);
      if (constraint && constraint !== part) visit(constraint, depth + 1);
      return;
    }
    const symbol = part.getSymbol();
    if (symbol && symbol.flags & ts.SymbolFlags.Interface) parts.push(part);
  };
  visit(type, 0);
  return parts;
}
