import { ts } from '../typescript.js';
import { skipParens, skipParensUp } from './skip-parens.js';

/**
 * Where code keeps a value: in a field (`a.child = value`, the lazy `a.child ??= value`) or a
 * collection (`a.items.push(value)`, `a.byId.set(key, value)`, `a.items[i] = value`), also when
 * the value travels there inside a larger expression first:
 *
 *   this.items = [...this.items, new Item(this)];
 *   this.items = specs.map((spec) => new Item(this, spec));
 *   this.items.splice(at, 0, new Item(this));
 *   this.child = ready ? new Child(this) : null;
 *
 * Each step up is one that hands the value on unchanged as (part of) its own: an array element,
 * a branch of `?:`, `??`, `||`, `&&`, a `map`/`flatMap` callback's result (also `Array.from`'s
 * mapping callback: `Array.from({ length: n }, (_, i) => new Item(this, i))`), a `concat` argument;
 * and for an array built that way, a spread of it (`[...[a, b]]`), a `concat` on it, or a `Set` or
 * `Map` made from it (`new Map(xs.map((x) => [x.id, new Item(this, x)]))`). A spread
 * of anything else keeps its elements, not the value (`[...new Part(this)]` keeps no Part).
 * Anything else (a call of a function, an object literal's property) may keep the value or not,
 * so the walk stops there.
 */

/** `p.child = x`, and the lazy `p.child ??= x` / `p.child ||= x`. */
export const KEEPING_ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

/** Methods that put a value into a collection: `push(x)`, `unshift(x)`, `add(x)`, `set(key, x)`. */
export const ADD_METHODS = new Set(['push', 'unshift', 'add', 'set']);

// Collections whose constructor keeps the elements of the iterable it is given (the weak ones keep nothing).
const BUILT_FROM_ELEMENTS = new Set(['Map', 'Set']);

// Array methods whose result holds what their callback returns.
const MAPPING_METHODS = new Set(['map', 'flatMap']);

/** The value an add call puts into its receiver (`x` in `a.items.push(x)`, `a.byId.set(k, x)`), wrappers kept. */
export function addedValue(call: ts.CallExpression): ts.Expression | undefined {
  const callee = skipParens(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ADD_METHODS.has(callee.name.text)) return undefined;
  return call.arguments[callee.name.text === 'set' ? 1 : 0];
}

/**
 * Every value a call puts into its receiver: the arguments of `push`, `unshift`, `add` and `set`
 * (a Map keeps its key as well as its value; a project's own `add(name, item)` keeps what it is
 * given), the inserted items of `splice(at, n, a, b)`.
 */
function addedValues(call: ts.CallExpression, callee: ts.PropertyAccessExpression): readonly ts.Expression[] {
  if (ADD_METHODS.has(callee.name.text)) return call.arguments;
  return callee.name.text === 'splice' ? call.arguments.slice(2) : [];
}

/**
 * The outermost expression that holds `value` unchanged, following the steps described above
 * (`value` itself when none applies).
 */
export function carrierOf(value: ts.Expression): ts.Expression {
  let current = value;
  for (let next = carrierStep(current); next; next = carrierStep(current)) current = next;
  return current;
}

function carrierStep(value: ts.Expression): ts.Expression | undefined {
  const parent = skipParensUp(value);
  const is = (operand: ts.Expression | undefined) => operand !== undefined && skipParens(operand) === value;
  if (ts.isArrayLiteralExpression(parent)) return parent;
  if (ts.isSpreadElement(parent)) return holdsItsElements(value) ? parent : undefined;
  // `[child].concat(more)`: the receiver's elements go into the result.
  if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'concat' && holdsItsElements(value)) {
    const call = skipParensUp(parent);
    return ts.isCallExpression(call) && skipParens(call.expression) === parent ? call : undefined;
  }
  if (ts.isConditionalExpression(parent)) return is(parent.condition) ? undefined : parent;
  if (ts.isBinaryExpression(parent)) {
    switch (parent.operatorToken.kind) {
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.BarBarToken:
        return parent;
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.CommaToken:
        return is(parent.right) ? parent : undefined;
      default:
        return undefined;
    }
  }
  if (ts.isCallExpression(parent)) {
    const callee = skipParens(parent.expression);
    const concat = ts.isPropertyAccessExpression(callee) && callee.name.text === 'concat' && parent.arguments.some(is);
    return concat ? parent : undefined;
  }
  // `new Set(items)`, `new Map(entries)`: the collection keeps what the array it is built from
  // holds (a Map's `[key, value]` pairs: `new Map(xs.map((x) => [x.id, new Item(this, x)]))`).
  if (ts.isNewExpression(parent)) {
    const callee = skipParens(parent.expression);
    const first = parent.arguments?.[0];
    return ts.isIdentifier(callee) && BUILT_FROM_ELEMENTS.has(callee.text) && is(first) && holdsItsElements(value) ? parent : undefined;
  }
  // A callback's result: its expression body, or what a block body returns.
  let callback: ts.Node | undefined;
  if (ts.isArrowFunction(parent) && ts.isExpression(parent.body) && skipParens(parent.body) === value) callback = parent;
  else if (ts.isReturnStatement(parent)) callback = ts.findAncestor(parent, ts.isFunctionLike);
  return callback ? mappingCall(callback) : undefined;
}

/** An array built by the steps above, whose elements are the values it holds: `[a, b]`, `xs.map(...)`, `a.concat(b)`. */
function holdsItsElements(value: ts.Expression): boolean {
  const inner = skipParens(value);
  if (ts.isArrayLiteralExpression(inner)) return true;
  if (!ts.isCallExpression(inner)) return false;
  const callee = skipParens(inner.expression);
  return (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'concat' || MAPPING_METHODS.has(callee.name.text))) || isArrayFrom(callee);
}

/**
 * The call a callback is given to as the function whose results make the array it returns:
 * `xs.map(callback)`, `xs.flatMap(callback)` (first argument), `Array.from(xs, callback)` (second).
 */
function mappingCall(callback: ts.Node): ts.CallExpression | undefined {
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return undefined;
  const call = skipParensUp(callback);
  if (!ts.isCallExpression(call)) return undefined;
  const callee = skipParens(call.expression);
  const position = isArrayFrom(callee) ? 1 : ts.isPropertyAccessExpression(callee) && MAPPING_METHODS.has(callee.name.text) ? 0 : undefined;
  const argument = position === undefined ? undefined : call.arguments[position];
  return argument !== undefined && skipParens(argument) === callback ? call : undefined;
}

/** `Array.from` (the global's, as written). */
function isArrayFrom(callee: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'from' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Array';
}

/**
 * Where `value` is kept, as the expression naming the field: the property it is assigned to
 * (`a.b = value`), or the collection it goes into (`a.items.push(value)`, `.add`, `.set(key,
 * value)`, `.splice(at, 0, value)`, `a.items[i] = value`); undefined for anything else.
 */
export function keptIn(value: ts.Expression): ts.Expression | undefined {
  const carrier = carrierOf(value);
  const parent = skipParensUp(carrier);
  if (!ts.isBinaryExpression(parent) && !ts.isCallExpression(parent)) return undefined;
  const site = keepingSite(parent);
  return site?.values.some((kept) => skipParens(kept) === carrier) ? site.container : undefined;
}

/** A place that keeps values: the assignment `a.b = x` / `a.items[i] = x`, or an add call. */
export interface KeepingSite {
  /** The expression naming the field: `a.b`, or the collection `a.items`. */
  container: ts.Expression;
  /** What it keeps there, wrappers kept. */
  values: readonly ts.Expression[];
}

export function keepingSite(node: ts.BinaryExpression | ts.CallExpression): KeepingSite | undefined {
  if (ts.isBinaryExpression(node)) {
    if (!KEEPING_ASSIGNMENTS.has(node.operatorToken.kind)) return undefined;
    const left = skipParens(node.left);
    if (ts.isPropertyAccessExpression(left)) return { container: left, values: [node.right] };
    if (ts.isElementAccessExpression(left)) return { container: left.expression, values: [node.right] };
    return undefined;
  }
  const callee = skipParens(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const values = addedValues(node, callee);
  return values.length > 0 ? { container: callee.expression, values } : undefined;
}

/**
 * The plain names whose values an expression keeps, looking down the steps `carrierOf` climbs
 * (bar callbacks): `child` in `[...[child], other]`, `ready ? child : null`, `items.concat(child)`,
 * `new Map([[key, child]])`.
 * A name spread (`[...parts]`) keeps its elements, not itself: not listed.
 */
export function keptNames(expression: ts.Expression): ts.Identifier[] {
  const inner = skipParens(expression);
  if (ts.isIdentifier(inner)) return [inner];
  if (ts.isArrayLiteralExpression(inner)) return inner.elements.flatMap(keptNames);
  if (ts.isSpreadElement(inner)) return holdsItsElements(inner.expression) ? keptNames(inner.expression) : [];
  if (ts.isConditionalExpression(inner)) return [...keptNames(inner.whenTrue), ...keptNames(inner.whenFalse)];
  if (ts.isBinaryExpression(inner)) {
    switch (inner.operatorToken.kind) {
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.BarBarToken:
        return [...keptNames(inner.left), ...keptNames(inner.right)];
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.CommaToken:
        return keptNames(inner.right);
      default:
        return [];
    }
  }
  if (ts.isCallExpression(inner)) {
    const callee = skipParens(inner.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'concat') {
      const receiver = holdsItsElements(callee.expression) ? keptNames(callee.expression) : [];
      return [...receiver, ...inner.arguments.flatMap(keptNames)];
    }
  }
  if (ts.isNewExpression(inner)) {
    const callee = skipParens(inner.expression);
    const first = inner.arguments?.[0];
    if (ts.isIdentifier(callee) && BUILT_FROM_ELEMENTS.has(callee.text) && first && holdsItsElements(first)) return keptNames(first);
  }
  return [];
}
