import { ts } from '../typescript.js';
import { isEmpty } from './emptying.js';
import type { DisposalInfo } from './field-graph.js';
import { isDisposeMethodName } from './dispose-method-names.js';
import { memberName } from './find-classes.js';
import { skipParens } from './skip-parens.js';

/**
 * What a dispose-like method surely does to break links, read from its text alone: which fields of
 * `this` it empties (`this.parent = undefined`, `delete this.parent`), and, for each field of
 * `this`, which methods it calls on every object that field holds and which of their fields it
 * empties (`for (const child of this.children) child.dispose()`, `this.toolbar?.dispose()`,
 * `while (this.items.length) this.items.pop()!.dispose()`, `this.items.forEach((item) => (item.owner = null))`).
 *
 * Detection uses it to tell a back-pointer whose cycle a dispose method already breaks (the fix
 * inject-dispose writes, or the project's own) from one that still needs a fix, so it errs on the
 * side of "not shown": a wrong "already broken" would hide a live back-pointer from CI. Counted
 * only is what runs whenever the method runs: not code in a branch (bar a test that the field is
 * set, `if (this.layout) this.layout.dispose()`, and the method's own "already disposed" guard),
 * after another early return, in a function that is not run right there, or on a collection the
 * method emptied before; and "every object" only through what yields them all (`for...of`,
 * `forEach`/`map` callbacks, `values()`, `slice()`, spread, `Array.from`, `Object.values`, an index
 * loop, a `pop()`/`shift()` loop), not `children[0]`, `find(...)` or `child.getView()`. The
 * class's own methods it calls count as its code (`dispose() { this.clear() }`), named in
 * `through` (a subclass overriding one would change what runs).
 */
export function readDisposal(method: ts.MethodDeclaration, cls: ts.ClassLikeDeclaration, sourceFile: ts.SourceFile, name: string): DisposalInfo {
  const clears = new Set<string>();
  const held = new Map<string, { calls: Set<string>; resets: Set<string> }>();
  const through = new Set<string>();
  let callsSuper = false;
  const heldBy = (field: string) => {
    let entry = held.get(field);
    if (!entry) held.set(field, (entry = { calls: new Set(), resets: new Set() }));
    return entry;
  };
  const ownMethods = new Map<string, ts.MethodDeclaration>();
  const ownSetters = new Map<string, ts.SetAccessorDeclaration>();
  for (const member of cls.members) {
    if (ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const own = member.name && memberName(member.name, sourceFile);
    if (own === undefined) continue;
    if (ts.isMethodDeclaration(member) && member.body) ownMethods.set(own, member);
    if (ts.isSetAccessorDeclaration(member)) ownSetters.set(own, member);
  }
  const walked = new Set<ts.MethodDeclaration>();
  // Collections the method has emptied so far: a loop over one afterwards disposes nothing.
  const gone = new Set<string>();

  // A local's value: the field of `this` whose objects it holds (`for (const c of this.children)`),
  // or null when it is something else (also a parameter shadowing such a local).
  type Scope = Map<string, string | null>;

  /** The field of `this` whose object, every object, or whole collection the expression is, if any. */
  const heldFrom = (expression: ts.Expression, scope: Scope, own: boolean): string | undefined => {
    const node = skipParens(expression);
    if (isThisField(node)) {
      if (!own) return undefined;
      const field = fieldName(node);
      return gone.has(field) ? undefined : field;
    }
    if (ts.isIdentifier(node)) return scope.get(node.text) ?? undefined;
    if (ts.isArrayLiteralExpression(node)) {
      // `[...this.children]`: a copy to loop over while the original changes.
      const [only] = node.elements;
      return node.elements.length === 1 && only && ts.isSpreadElement(only) ? heldFrom(only.expression, scope, own) : undefined;
    }
    if (ts.isElementAccessExpression(node)) {
      // `this.children[i]` in `for (let i = 0; i < this.children.length; i++)` (or down from
      // `length - 1` to 0), or `for (const k in this.byId)`.
      const index = skipParens(node.argumentExpression);
      return ts.isIdentifier(index) && isLoopIndex(index, node) ? heldFrom(node.expression, scope, own) : undefined;
    }
    if (ts.isCallExpression(node)) {
      const callee = skipParens(node.expression);
      if (!ts.isPropertyAccessExpression(callee)) return undefined;
      const receiver = skipParens(callee.expression);
      const method = callee.name.text;
      if (ts.isIdentifier(receiver) && (receiver.text === 'Object' || receiver.text === 'Array')) {
        // `Object.values(this.byId)`, `Array.from(this.items)`.
        const first = node.arguments[0];
        return (method === 'values' || method === 'from') && node.arguments.length === 1 && first && !ts.isSpreadElement(first) ? heldFrom(first, scope, own) : undefined;
      }
      if ((method === 'values' || method === 'entries' || method === 'slice') && node.arguments.length === 0) return heldFrom(receiver, scope, own);
      // `while (this.items.length) this.items.pop()!.dispose()`: each object in turn.
      if ((method === 'pop' || method === 'shift') && node.arguments.length === 0) {
        const from = heldFrom(receiver, scope, own);
        return from !== undefined && inLoopOver(node, from) ? from : undefined;
      }
    }
    return undefined;
  };

  const bindAll = (name: ts.BindingName, value: string | null, scope: Scope): void => {
    if (ts.isIdentifier(name)) {
      scope.set(name.text, value);
      return;
    }
    // `for (const [, layer] of this.layers)`: a Map's entry, whose value is the second part; the key
    // (and anything taken apart otherwise) is something else.
    name.elements.forEach((element, at) => {
      if (!ts.isOmittedExpression(element)) bindAll(element.name, ts.isArrayBindingPattern(name) && at === 1 ? value : null, scope);
    });
  };

  /**
   * Walks a statement or expression. `sure`: what it does runs whenever the method runs (per
   * object, inside a loop over a field's objects); `own`: `this` is the object (not inside a
   * `function` or an object literal's method); `ifSet`: a field tested to be set around it
   * (`if (this.layout) ...`), what is done to that field counting as sure (where it is empty
   * there is nothing to break).
   */
  const visit = (node: ts.Node, scope: Scope, sure: boolean, own: boolean, ifSet?: string): void => {
    const sureOf = (field: string) => sure || field === ifSet;
    if (ts.isBlock(node)) {
      const inner: Scope = new Map(scope);
      let rest = sure;
      for (const statement of node.statements) {
        visit(statement, inner, rest, own, ifSet);
        // After a statement that may return (`if (...) return`, a `switch` with a `return`), the
        // rest runs only sometimes; the method's own "already disposed" guard (`if
        // (this.#disposed) return`) is what every dispose method starts with.
        const guard = ts.isIfStatement(statement) && exits(statement.thenStatement) && !statement.elseStatement && isEndOfLifeGuard(statement.expression);
        if (!guard && mayLeave(statement, false)) rest = false;
      }
      return;
    }
    // A loop whose body may stop early (`break`, `continue`, `return`) skips some objects.
    if (isLoop(node) && mayLeave(node.statement, true)) {
      ts.forEachChild(node, (child) => visit(child, scope, false, own));
      return;
    }
    if (ts.isVariableDeclaration(node)) {
      if (node.initializer) visit(node.initializer, scope, sure, own, ifSet);
      bindAll(node.name, node.initializer ? (heldFrom(node.initializer, scope, own) ?? null) : null, scope);
      return;
    }
    if (ts.isForOfStatement(node)) {
      visit(node.expression, scope, sure, own, ifSet);
      const inner: Scope = new Map(scope);
      const from = heldFrom(node.expression, scope, own) ?? null;
      if (ts.isVariableDeclarationList(node.initializer)) for (const declaration of node.initializer.declarations) bindAll(declaration.name, from, inner);
      visit(node.statement, inner, sure, own, ifSet);
      return;
    }
    if (ts.isIfStatement(node)) {
      visit(node.expression, scope, sure, own, ifSet);
      // `if (this.layout) { this.layout.dispose(); ... }`: where the field is empty there is nothing to break.
      const tested = own ? presenceTest(node.expression) : undefined;
      visit(node.thenStatement, scope, false, own, sure ? tested : undefined);
      if (node.elseStatement) visit(node.elseStatement, scope, false, own);
      return;
    }
    if (ts.isConditionalExpression(node) || ts.isCaseClause(node) || ts.isDefaultClause(node) || ts.isCatchClause(node)) {
      ts.forEachChild(node, (child) => visit(child, scope, false, own));
      return;
    }
    if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind)) {
      visit(node.left, scope, sure, own, ifSet);
      visit(node.right, scope, false, own);
      return;
    }
    if (ts.isFunctionLike(node)) {
      // A nested function runs here only as the callback of a collection's own iteration
      // (`this.children.forEach((child) => child.dispose())`, `Promise.all(this.children.map(...))`),
      // whose first parameter is each object; any other may never run. In a `function`, `this` is another object.
      const call = node.parent && ts.isCallExpression(node.parent) && node.parent.arguments[0] === (node as unknown as ts.Expression) ? node.parent : undefined;
      const callee = call && skipParens(call.expression);
      const iterates = callee && ts.isPropertyAccessExpression(callee) && ITERATING.has(callee.name.text);
      const from = iterates ? heldFrom(callee.expression, scope, own) : undefined;
      if (from === undefined || !(ts.isArrowFunction(node) || ts.isFunctionExpression(node))) return;
      const inner: Scope = new Map(scope);
      node.parameters.forEach((parameter, at) => bindAll(parameter.name, at === 0 ? from : null, inner));
      visit(node.body, inner, sure, ts.isArrowFunction(node) && own, ifSet);
      return;
    }
    if (ts.isClassLike(node) || ts.isObjectLiteralExpression(node)) {
      // Methods of an object literal or a nested class: `this` is that object, and they may never run.
      return;
    }
    if (ts.isCallExpression(node)) {
      const callee = skipParens(node.expression);
      if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
        const calledName = ts.isPropertyAccessExpression(callee) ? callee.name.text : elementName(callee, sourceFile);
        const receiver = skipParens(callee.expression);
        if (calledName !== undefined) {
          const viaBase = calledName === 'call' && callsBaseMethod(receiver, node);
          if (receiver.kind === ts.SyntaxKind.SuperKeyword || viaBase) {
            if ((viaBase || calledName === name) && sure && own) callsSuper = true;
          } else if (receiver.kind === ts.SyntaxKind.ThisKeyword) {
            if (!own) return;
            // `this.clear()`: the class's own code, part of what disposing does.
            const ownMethod = ownMethods.get(calledName);
            if (ownMethod && sure && !walked.has(ownMethod)) {
              walked.add(ownMethod);
              through.add(calledName);
              visit(ownMethod.body!, new Map(), true, true);
            }
          } else {
            const from = heldFrom(receiver, scope, own);
            if (from !== undefined && sureOf(from)) heldBy(from).calls.add(calledName);
          }
          // `this.children.clear()`, `.splice(0)`: emptied from here on.
          if (own && isThisField(receiver) && (calledName === 'clear' || calledName === 'splice')) {
            ts.forEachChild(node, (child) => visit(child, scope, sure, own, ifSet));
            gone.add(fieldName(receiver));
            return;
          }
        }
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      visit(node.right, scope, sure, own, ifSet);
      assigned(node.left, skipParens(node.right), scope, sureOf, own);
      return;
    } else if (ts.isDeleteExpression(node)) {
      assigned(node.expression, undefined, scope, sureOf, own);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, scope, sure, own, ifSet));
  };

  /** `target = value` (`value` undefined: `delete target`). */
  const assigned = (target: ts.Expression, value: ts.Expression | undefined, scope: Scope, sureOf: (field: string) => boolean, own: boolean): void => {
    const access = skipParens(target);
    if (!ts.isPropertyAccessExpression(access)) return;
    const object = skipParens(access.expression);
    const empties = value === undefined || isEmpty(value);
    if (object.kind === ts.SyntaxKind.ThisKeyword) {
      if (!own) return;
      const field = fieldName(access);
      // Emptied or replaced: a loop over it afterwards finds nothing of what it held.
      gone.add(field);
      // Set again afterwards (`this.parent = this.fallback ?? undefined`): not left empty.
      if (empties && sureOf(field)) clears.add(storedThrough(field));
      else if (!empties) clears.delete(storedThrough(field));
      return;
    }
    // `this.children.length = 0`.
    if (own && isThisField(object) && access.name.text === 'length') {
      gone.add(fieldName(object));
      return;
    }
    const from = empties ? heldFrom(object, scope, own) : undefined;
    if (from !== undefined && sureOf(from)) heldBy(from).resets.add(access.name.text);
  };

  /**
   * The field a write to `name` lands in: a setter of the class that stores its value in one field
   * whatever it is (`set parent(value) { ...; this._parent = value; }`, not under a condition); the
   * name itself where the class has no setter of that name. A setter that stores only sometimes
   * (`if (value) this._parent = value`) clears nothing: a name no field has.
   */
  const storedThrough = (name: string): string => {
    const setter = ownSetters.get(name);
    if (!setter) return name;
    const parameter = setter.parameters[0]?.name;
    for (const statement of setter.body?.statements ?? []) {
      if (!ts.isExpressionStatement(statement) || !parameter || !ts.isIdentifier(parameter)) continue;
      const write = skipParens(statement.expression);
      if (!ts.isBinaryExpression(write) || write.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const left = skipParens(write.left);
      const right = skipParens(write.right);
      const stored = ts.isBinaryExpression(right) && right.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ? skipParens(right.left) : right;
      if (isThisField(left) && ts.isIdentifier(stored) && stored.text === parameter.text) return fieldName(left);
    }
    return `set ${name}`;
  };

  // A mixin's class reaches its base's method through the parameter it extends, as inject-dispose
  // writes it: `Base.prototype.dispose?.call(this)` (`super.dispose` is unknown to Base's type).
  const extended = cls.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  const callsBaseMethod = (receiver: ts.Expression, call: ts.CallExpression): boolean => {
    if (!extended || !ts.isIdentifier(extended) || !ts.isPropertyAccessExpression(receiver) || receiver.name.text !== name) return false;
    const prototype = skipParens(receiver.expression);
    const first = call.arguments[0];
    return (
      ts.isPropertyAccessExpression(prototype) &&
      prototype.name.text === 'prototype' &&
      ts.isIdentifier(prototype.expression) &&
      prototype.expression.text === extended.text &&
      first !== undefined &&
      skipParens(first).kind === ts.SyntaxKind.ThisKeyword
    );
  };

  /**
   * An "already disposed" guard whose flag only the teardown sets: a flag another method sets
   * (`kill() { this.destroyed = true }`) would make the teardown skip its work after that.
   */
  const isEndOfLifeGuard = (condition: ts.Expression): boolean => {
    if (!isDisposedGuard(condition)) return false;
    const flags = new Set<string>();
    const collect = (node: ts.Node): void => {
      if (isThisField(node as ts.Expression)) flags.add(fieldName(node as ts.PropertyAccessExpression));
      ts.forEachChild(node, collect);
    };
    collect(condition);
    return ![...ownMethods.values()].some((other) => !walkedOrSelf(other) && setsAny(other, flags));
  };
  const walkedOrSelf = (other: ts.MethodDeclaration) => other === method || walked.has(other);

  walked.add(method);
  if (method.body) visit(method.body, new Map(), true, true);
  return {
    method: name,
    line: sourceFile.getLineAndCharacterOfPosition(method.getStart(sourceFile)).line + 1,
    clears: [...clears].sort(),
    held: [...held]
      .map(([field, entry]) => ({ field, calls: [...entry.calls].sort(), resets: [...entry.resets].sort() }))
      .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0)),
    ...(callsSuper ? { callsSuper: true as const } : {}),
    ...(through.size > 0 ? { through: [...through].sort() } : {}),
    ...handsOverTo(method, name),
    ...(method.parameters.some((parameter) => !parameter.questionToken && !parameter.initializer && !parameter.dotDotDotToken) ? { takesArguments: true as const } : {}),
  };
}

/**
 * The class's other end-of-life methods this one calls on `this` anywhere in its body, deferred
 * too (fabric's `dispose()` runs `this.destroy()` in the next animation frame): whichever of the
 * two the project calls, the called one runs. Arrow functions keep `this`; other functions and
 * classes have their own.
 */
function handsOverTo(method: ts.MethodDeclaration, name: string): { handsOver?: string[] } {
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = skipParens(node.expression);
      // With no argument: `this.destroy(item)` ends one item, not the object's life.
      if (isThisField(callee) && node.arguments.length === 0 && callee.name.text !== name && isDisposeMethodName(callee.name.text)) found.add(callee.name.text);
    }
    if ((ts.isFunctionLike(node) && !ts.isArrowFunction(node)) || ts.isClassLike(node)) return;
    ts.forEachChild(node, visit);
  };
  if (method.body) ts.forEachChild(method.body, visit);
  return found.size > 0 ? { handsOver: [...found].sort() } : {};
}

// Methods whose callback gets each element of the collection as its first argument.
const ITERATING = new Set(['forEach', 'map', 'flatMap']);

function isThisField(node: ts.Expression): node is ts.PropertyAccessExpression {
  return ts.isPropertyAccessExpression(node) && skipParens(node.expression).kind === ts.SyntaxKind.ThisKeyword;
}

function fieldName(access: ts.PropertyAccessExpression): string {
  return access.name.text;
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandToken ||
    kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.QuestionQuestionToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken
  );
}

/** `return` / `throw`, alone or as a block's only statement. */
function exits(statement: ts.Statement): boolean {
  if (ts.isBlock(statement)) return statement.statements.length === 1 && exits(statement.statements[0]!);
  return ts.isReturnStatement(statement) || ts.isThrowStatement(statement);
}

/**
 * The test of a method that ends the object's life once: `this.#disposed`, `this.isDisposed`,
 * `this._destroyed`, `disposedFolders.has(this)` (the WeakSet guard inject-dispose writes for
 * targets without `#` fields), `this.s.state === STATE_CLOSED` (mongodb's `close()`), `isInCloseState(this)`: a name in it
 * says the object is already (being) disposed, destroyed or closed, and then what follows ran before.
 */
function isDisposedGuard(condition: ts.Expression): boolean {
  let found = false;
  const look = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && ENDED.test(node.text)) found = true;
    else ts.forEachChild(node, look);
  };
  look(condition);
  return found;
}

const ENDED = /dispos|destroy|close/i;

/** `this.x`, `this.x != null`, `this.x !== undefined`: the field `x` is set. */
function presenceTest(condition: ts.Expression): string | undefined {
  const node = skipParens(condition);
  if (isThisField(node)) return fieldName(node);
  if (!ts.isBinaryExpression(node)) return undefined;
  const kind = node.operatorToken.kind;
  if (kind !== ts.SyntaxKind.ExclamationEqualsToken && kind !== ts.SyntaxKind.ExclamationEqualsEqualsToken) return undefined;
  const left = skipParens(node.left);
  return isThisField(left) && isEmpty(skipParens(node.right)) ? fieldName(left) : undefined;
}

/**
 * The index of an enclosing loop over every position: `for (let i = 0; i < ....length; ...)`,
 * `for (let i = ....length - 1; i >= 0; ...)`, or `for (const k in ...)`.
 */
function isLoopIndex(index: ts.Identifier, from: ts.Node): boolean {
  for (let node: ts.Node | undefined = from.parent; node; node = node.parent) {
    if ((ts.isForStatement(node) || ts.isForInStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
      const declaration = node.initializer.declarations.find((item) => ts.isIdentifier(item.name) && item.name.text === index.text);
      if (declaration) return ts.isForInStatement(node) || coversAll(node, declaration);
    }
    if (ts.isFunctionLike(node)) return false;
  }
  return false;
}

function coversAll(loop: ts.ForStatement, declaration: ts.VariableDeclaration): boolean {
  const start = declaration.initializer && skipParens(declaration.initializer);
  const condition = loop.condition && skipParens(loop.condition);
  if (!start || !condition || !ts.isBinaryExpression(condition)) return false;
  const bound = skipParens(condition.right);
  const kind = condition.operatorToken.kind;
  // Up from 0 to the length.
  if (isZero(start)) return kind === ts.SyntaxKind.LessThanToken && ts.isPropertyAccessExpression(bound) && bound.name.text === 'length';
  // Down from the last to 0.
  return (
    ts.isBinaryExpression(start) &&
    start.operatorToken.kind === ts.SyntaxKind.MinusToken &&
    ts.isPropertyAccessExpression(skipParens(start.left)) &&
    (skipParens(start.left) as ts.PropertyAccessExpression).name.text === 'length' &&
    ts.isNumericLiteral(skipParens(start.right)) &&
    (skipParens(start.right) as ts.NumericLiteral).text === '1' &&
    kind === ts.SyntaxKind.GreaterThanEqualsToken &&
    isZero(bound)
  );
}

function isZero(node: ts.Expression): boolean {
  return ts.isNumericLiteral(node) && node.text === '0';
}

function isLoop(node: ts.Node): node is ts.IterationStatement {
  return ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

/**
 * Whether running the statement may leave it, or the method, early: a `return` or `throw`, and
 * (for a loop's body) a `break` or `continue` of that loop. Nested functions are not looked into.
 */
function mayLeave(statement: ts.Node, loopBody: boolean): boolean {
  let found = false;
  const look = (node: ts.Node, inInnerLoop: boolean, inSwitch: boolean): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) found = true;
    else if (loopBody && !inInnerLoop && ts.isContinueStatement(node) && !node.label) found = true;
    else if (loopBody && !inInnerLoop && !inSwitch && ts.isBreakStatement(node) && !node.label) found = true;
    else if ((ts.isBreakStatement(node) || ts.isContinueStatement(node)) && node.label) found = true;
    else ts.forEachChild(node, (child) => look(child, inInnerLoop || isLoop(node), inSwitch || ts.isSwitchStatement(node)));
  };
  look(statement, false, false);
  return found;
}

/** Whether the method assigns one of these fields of `this`. */
function setsAny(method: ts.MethodDeclaration, fields: ReadonlySet<string>): boolean {
  let found = false;
  const look = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipParens(node.left);
      if (isThisField(left) && fields.has(fieldName(left))) found = true;
    }
    ts.forEachChild(node, look);
  };
  if (method.body) look(method.body);
  return found;
}

/**
 * Inside a `while`/`do` loop that runs until the collection is empty: `while (this.items.length)`,
 * `> 0`, `!== 0` (not `> 1`, which leaves one).
 */
function inLoopOver(call: ts.Node, field: string): boolean {
  const isLength = (node: ts.Expression) => {
    const inner = skipParens(node);
    return ts.isPropertyAccessExpression(inner) && (inner.name.text === 'length' || inner.name.text === 'size') && isThisField(skipParens(inner.expression)) && fieldName(skipParens(inner.expression) as ts.PropertyAccessExpression) === field;
  };
  for (let node: ts.Node | undefined = call.parent; node; node = node.parent) {
    if (ts.isWhileStatement(node) || ts.isDoStatement(node)) {
      const condition = skipParens(node.expression);
      if (isLength(condition)) return true;
      if (ts.isBinaryExpression(condition) && isLength(condition.left) && isZero(skipParens(condition.right))) {
        const kind = condition.operatorToken.kind;
        return kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
      }
      return false;
    }
    if (ts.isFunctionLike(node)) return false;
  }
  return false;
}

/** `child[Symbol.dispose]()`: the method's name as members name it. */
function elementName(access: ts.ElementAccessExpression, sourceFile: ts.SourceFile): string | undefined {
  const argument = access.argumentExpression;
  if (ts.isStringLiteral(argument)) return argument.text;
  if (ts.isPropertyAccessExpression(argument)) return `[${argument.getText(sourceFile)}]`;
  return undefined;
}
