import { ts } from '../typescript.js';
import type { Fact } from './field-graph.js';
import { findArgument, type ThisArgument } from './receiving-field.js';
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
}

/**
 * Follows one function's (or member's) code, node by node in source order: `track(node)` reports
 * a construction kept under one of its arguments, directly or through a local
 * (`const md = new MouseDown(view); view.input.mouseDown = md`).
 */
export function storedUnderTracker(context: StoredUnderContext, report: (fact: StoredUnder, at: ts.Node) => void): (node: ts.Node) => void {
  // Locals holding a construction; a name declared again holds something else.
  const constructedLocals = new Map<string, ts.NewExpression | undefined>();
  return (node) => {
    if (ts.isNewExpression(node)) {
      const container = keptIn(node);
      if (container) check(node, container, node);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      const initializer = node.initializer && skipParens(node.initializer);
      const construction = initializer && ts.isNewExpression(initializer) ? initializer : undefined;
      constructedLocals.set(node.name.text, constructedLocals.has(node.name.text) ? undefined : construction);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(skipParens(node.left))) {
      // `md = new MouseDown(view)` after `let md`; any other value ends what the local held.
      const right = skipParens(node.right);
      constructedLocals.set((skipParens(node.left) as ts.Identifier).text, ts.isNewExpression(right) ? right : undefined);
    } else if (ts.isBinaryExpression(node) || ts.isCallExpression(node)) {
      const value = storedValue(node);
      const local = value && ts.isIdentifier(value) ? constructedLocals.get(value.text) : undefined;
      const container = local && keptIn(value!);
      if (local && container) check(local, container, node);
    }
  };

  function check(construction: ts.NewExpression, container: ts.Expression, at: ts.Node): void {
    const fact = storedUnderArgument(construction, container, context);
    if (fact) report(fact, at);
  }
}

function storedUnderArgument(construction: ts.NewExpression, container: ts.Expression, context: StoredUnderContext): StoredUnder | undefined {
  const containerPath = accessPath(container);
  if (containerPath === undefined) return undefined;
  const argument = findArgument(construction.arguments, (expression) => {
    const path = accessPath(expression);
    return path !== undefined && containerPath.startsWith(`${path}.`) ? path : undefined;
  });
  if (!argument) return undefined;
  const names = fieldsBetween(container, argument.value);
  // `this.child = new Child(this)`: constructs-with-this says it.
  if (argument.value === 'this' && names.length === 1) return undefined;
  const storedUnder: string[] = [];
  for (const name of names) {
    const owner = context.declaringClass(name);
    if (!owner) return undefined;
    storedUnder.push(`${owner}.${name.text}`);
  }
  const targetClassId = context.constructedClass(construction);
  if (!targetClassId) return undefined;
  const position: ThisArgument = argument.key === undefined ? { position: argument.position } : { position: argument.position, key: argument.key };
  const receivedBy = context.receivingFields(targetClassId, position);
  return {
    kind: 'constructs-stored-under',
    targetClassId,
    storedUnder,
    passed: argument.value,
    ...(receivedBy.length > 0 ? { receivedBy } : argument.key !== undefined ? { optionKey: argument.key } : {}),
  };
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

const ADD_METHODS = new Set(['push', 'unshift', 'add', 'set']);

/**
 * Where a value is kept, as the expression naming the field: the property it is assigned to
 * (`a.b = value`), or the collection it goes into (`a.items.push(value)`, `.add`, `.set(key,
 * value)`, `a.items[i] = value`). undefined for anything else.
 */
function keptIn(value: ts.Expression): ts.Expression | undefined {
  const parent = skipParensUp(value);
  if (ts.isBinaryExpression(parent)) {
    if (parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken || skipParens(parent.right) !== value) return undefined;
    const left = skipParens(parent.left);
    if (ts.isPropertyAccessExpression(left)) return left;
    if (ts.isElementAccessExpression(left)) return left.expression;
    return undefined;
  }
  if (ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && ADD_METHODS.has(parent.expression.name.text)) {
    const stored = parent.arguments[parent.expression.name.text === 'set' ? 1 : 0];
    return stored && skipParens(stored) === value ? parent.expression.expression : undefined;
  }
  return undefined;
}

/** The value an assignment or an add call keeps (`x` in `a.b = x`, `a.items.push(x)`). */
function storedValue(node: ts.BinaryExpression | ts.CallExpression): ts.Expression | undefined {
  if (ts.isBinaryExpression(node)) return node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? skipParens(node.right) : undefined;
  if (!ts.isPropertyAccessExpression(node.expression) || !ADD_METHODS.has(node.expression.name.text)) return undefined;
  const stored = node.arguments[node.expression.name.text === 'set' ? 1 : 0];
  return stored && skipParens(stored);
}
