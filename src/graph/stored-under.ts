import { ts } from '../typescript.js';
import type { Fact } from './field-graph.js';
import { forEachArgument, type ThisArgument } from './receiving-field.js';
import { ADD_METHODS, carrierOf, keepingSite, keptIn, keptNames } from './kept-in.js';
import { skipParens, skipParensUp } from './skip-parens.js';

/**
 * `view.input.mouseDown = new MouseDown(view, ...)`, `parent.children.push(new Child(parent))`:
 * an object constructed with another object passed to it, and kept under that same object (in
 * one of its fields, or further down a path of fields). The field of the new object that
 * receives the passed one points back up at an object holding it: the back-pointer of a pair,
 * or of a longer cycle (prosemirror-view: EditorView.input -> InputState.mouseDown ->
 * MouseDown.view, wired in an event handler outside any class). `this` kept in one of its own
 * fields (`this.child = new Child(this)`) is `constructs-with-this`, not this.
 *
 * Syntax decides what is looked at; the checker is asked only about the constructions that are
 * kept under an argument, which are few.
 */
export type StoredUnder = Pick<Fact, 'kind' | 'targetClassId' | 'storedUnder' | 'passed' | 'receivedBy' | 'optionKey'>;

export interface StoredUnderContext {
  /** The project class `new X(...)` constructs. */
  constructedClass(node: ts.NewExpression): string | undefined;
  /** The project class declaring the field a property name refers to. */
  declaringClass(name: ts.MemberName): string | undefined;
  /** The fields of a constructed project object that keep what is passed at `argument`. */
  receivingFields(classId: string, argument: ThisArgument): string[];
  /** The constructor takes the options apart without reading `argument.key` (see ignoresOption). */
  ignoresOption?(classId: string, argument: ThisArgument): boolean;
  /** The variable or parameter a name refers to (for `{ p }`, the `p` in scope). */
  symbolOf(name: ts.Identifier): ts.Symbol | undefined;
  /** A local standing for the member's `this` (`self` after `const self = this`). */
  standsForThis?(expression: ts.Expression): boolean;
}

export interface StoredUnderOptions {
  /**
   * `this` kept in one of its own fields is reported as `constructs-with-this` by whoever walks
   * class members: leave it to them there (true), report it here outside classes (false).
   */
  ownFieldOfThisElsewhere: boolean;
}

/**
 * A construction handed to a method of an object under the one passed to it
 * (`this.overlays.registerUtil(new Util(this))`): `storedUnder` leads to that object, and the
 * method, once its class is known, says in which of its fields it keeps the argument at `position`.
 */
export interface KeptThroughMethod {
  method: ts.MemberName;
  position: number;
}

/**
 * `scene.add(shape)` where `add` is a method of a project class, not of a collection: it keeps its
 * argument wherever that method does (a field of the scene, found once every class's facts are in).
 */
export function projectAddCall(call: ts.CallExpression, context: Pick<StoredUnderContext, 'declaringClass'>): boolean {
  const callee = skipParens(call.expression);
  return ts.isPropertyAccessExpression(callee) && ADD_METHODS.has(callee.name.text) && context.declaringClass(callee.name) !== undefined;
}

/**
 * Follows code node by node in source order: `track(node)` reports a construction kept under one
 * of its arguments, directly or through a local (`const md = new MouseDown(view);
 * view.input.mouseDown = md`). Names are matched by text first, then checked to be the same
 * variable (a callback's parameter of the same name is another object).
 */
export function storedUnderTracker(
  context: StoredUnderContext,
  options: StoredUnderOptions,
  report: (fact: StoredUnder, at: ts.Node) => void,
  reportThrough: (fact: StoredUnder, through: KeptThroughMethod, at: ts.Node) => void,
): (node: ts.Node) => void {
  // Locals holding constructions, by name; the latest declaration or assignment of a name wins.
  // A declaration or an assignment ends what the local held; the constructions in its value (in
  // source order, visited after it) are noted by noteLocal: `const md = new MouseDown(view)`, and
  // as a kept value is read, `const state = old ? old.copy(node) : new State(node)`.
  const constructedLocals = new Map<string, { constructions: ts.NewExpression[]; name: ts.Identifier } | undefined>();
  return (node) => {
    if (ts.isNewExpression(node)) {
      const container = keptIn(node);
      if (container) check(node, container, node);
      else noteLocal(node);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      constructedLocals.set(node.name.text, undefined);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(skipParens(node.left))) {
      // `md = new MouseDown(view)` after `let md`; any other value ends what the local held.
      constructedLocals.set((skipParens(node.left) as ts.Identifier).text, undefined);
    } else if (ts.isBinaryExpression(node) || ts.isCallExpression(node)) {
      // `view.input.md = md`, also inside a larger value: `view.handlers = [...view.handlers, md]`.
      const site = keepingSite(node);
      // One fact per construction, also when a value names it twice (`ok ? [...a, md] : [md]`).
      const checked = new Set<ts.NewExpression>();
      for (const name of site?.values.flatMap(keptNames) ?? []) {
        const local = constructedLocals.get(name.text);
        if (!local || !sameSymbol(name, local.name)) continue;
        for (const construction of local.constructions) {
          if (checked.has(construction)) continue;
          check(construction, site!.container, node);
          checked.add(construction);
        }
      }
      const kept = checked.size > 0;
      // A project's own `add` keeps its argument under its receiver (a generic holder such as
      // `Registry<Item>` is read so) and, like any method, in the field where it puts it.
      if (ts.isCallExpression(node) && (!kept || projectAddCall(node, context))) checkHandedToMethod(node);
    }
  };

  /** `holder.register(util)`, `this.overlays.registerUtil(new Util(this))`: a method of an object under the one passed. */
  function checkHandedToMethod(call: ts.CallExpression): void {
    const callee = skipParens(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    // The arguments first: most calls hand on no construction, and asking the checker whose `add`
    // is called (a collection's or a project class's) costs a type for the receiver.
    const handed = call.arguments.map(constructionsIn);
    if (handed.every((constructions) => constructions.length === 0)) return;
    if (ADD_METHODS.has(callee.name.text) && !projectAddCall(call, context)) return;
    handed.forEach((constructions, position) => {
      for (const construction of constructions) {
        for (const fact of storedUnderArguments(construction, callee.expression, true)) reportThrough(fact, { method: callee.name, position }, call);
      }
    });
  }

  /** The constructions an argument hands on: `new X(...)`, or a local holding constructions. */
  function constructionsIn(argument: ts.Expression): readonly ts.NewExpression[] {
    if (ts.isSpreadElement(argument)) return [];
    const value = skipParens(argument);
    if (ts.isNewExpression(value)) return [value];
    if (!ts.isIdentifier(value)) return [];
    const local = constructedLocals.get(value.text);
    return local && sameSymbol(value, local.name) ? local.constructions : [];
  }

  /** A construction that is (part of) the value a local is declared with or assigned. */
  function noteLocal(construction: ts.NewExpression): void {
    const carrier = carrierOf(construction);
    const parent = skipParensUp(carrier);
    let name: ts.Identifier | undefined;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer && skipParens(parent.initializer) === carrier) name = parent.name;
    else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && skipParens(parent.right) === carrier) {
      const left = skipParens(parent.left);
      if (ts.isIdentifier(left)) name = left;
    }
    if (!name) return;
    const local = constructedLocals.get(name.text);
    if (local?.name === name) local.constructions.push(construction);
    else constructedLocals.set(name.text, { constructions: [construction], name });
  }

  function check(construction: ts.NewExpression, container: ts.Expression, at: ts.Node): void {
    for (const fact of storedUnderArguments(construction, container)) report(fact, at);
  }

  function sameSymbol(a: ts.Identifier, b: ts.Identifier): boolean {
    const symbol = context.symbolOf(a);
    return symbol !== undefined && symbol === context.symbolOf(b);
  }

  /** `view` in the argument and in the place kept are one object: the same variable, or the same `this`. */
  function sameRoot(argument: ts.Expression, container: ts.Expression): boolean {
    const a = rootOf(argument);
    const b = rootOf(container);
    if (a.kind === ts.SyntaxKind.ThisKeyword && b.kind === ts.SyntaxKind.ThisKeyword) return thisScope(a) === thisScope(b);
    return ts.isIdentifier(a) && ts.isIdentifier(b) && sameSymbol(a, b);
  }

  /**
   * One fact per argument kept above the new object (`new MD(view.input, view)` kept in
   * `view.input.md`: two). Handed to a method (`throughMethod`), the container may be the passed
   * object itself (`owner.register(new C(owner))`): the method adds the last field.
   */
  function storedUnderArguments(construction: ts.NewExpression, container: ts.Expression, throughMethod = false): StoredUnder[] {
    const containerPath = accessPath(container);
    if (containerPath === undefined) return [];
    const facts: StoredUnder[] = [];
    // Asked once, and only when an argument is kept above the object.
    let targetClassId: string | null | undefined = null;
    forEachArgument(construction.arguments, (expression, position, key) => {
      const path = accessPath(expression);
      if (path === undefined || !(containerPath.startsWith(`${path}.`) || (throughMethod && containerPath === path))) return false;
      const names = fieldsBetween(container, path);
      const ownThis = path === 'this' || context.standsForThis?.(expression) === true;
      if (ownThis && names.length === 1 && options.ownFieldOfThisElsewhere && !throughMethod) return false;
      if (!sameRoot(expression, container)) return false;
      const storedUnder: string[] = [];
      for (const name of names) {
        const owner = context.declaringClass(name);
        if (!owner) return false;
        storedUnder.push(`${owner}.${name.text}`);
      }
      if (targetClassId === null) targetClassId = context.constructedClass(construction);
      if (targetClassId === undefined) return true;
      const argument: ThisArgument = key === undefined ? { position } : { position, key };
      const receivedBy = context.receivingFields(targetClassId, argument);
      facts.push({
        kind: 'constructs-stored-under',
        targetClassId,
        storedUnder,
        passed: path,
        ...(receivedBy.length > 0 ? { receivedBy } : key !== undefined && !context.ignoresOption?.(targetClassId, argument) ? { optionKey: key } : {}),
      });
      return false;
    });
    return facts;
  }
}

/** The name or `this` an access path starts from. */
export function rootOf(expression: ts.Expression): ts.Expression {
  let current = skipParens(expression);
  while (ts.isPropertyAccessExpression(current)) current = skipParens(current.expression);
  return current;
}

/** What `this` means at a node: the nearest function that is not an arrow, or the class or file. */
function thisScope(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if ((ts.isFunctionLike(current) && !ts.isArrowFunction(current)) || ts.isClassLike(current) || ts.isSourceFile(current)) return current;
  }
  return undefined;
}

/**
 * `view`, `this`, `this.view`, `a.b.#c`: a path of property accesses from a name, compared by its
 * text (within one function the same text names the same object, bar reassignment). Anything
 * else (a call, an element access) has none.
 */
export function accessPath(expression: ts.Expression): string | undefined {
  const inner = skipParens(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(inner)) {
    const base = accessPath(inner.expression);
    return base === undefined ? undefined : `${base}.${inner.name.text}`;
  }
  return undefined;
}

/** The property names from the object at `rootPath` down to `container`, outermost first. */
function fieldsBetween(container: ts.Expression, rootPath: string): ts.MemberName[] {
  const names: ts.MemberName[] = [];
  let current = skipParens(container);
  while (ts.isPropertyAccessExpression(current) && accessPath(current) !== rootPath) {
    names.unshift(current.name);
    current = skipParens(current.expression);
  }
  return names;
}
