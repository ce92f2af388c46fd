import { ts } from '../typescript.js';

/** `(x)`, `x!`, `x as T`, `<T>x`, `x satisfies T`: wrappers that leave the value as it is at run time. */
export function isValueWrapper(node: ts.Node): node is ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.TypeAssertion | ts.SatisfiesExpression {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node);
}

/** The value inside any such wrappers. */
export function skipParens(node: ts.Expression): ts.Expression {
  let current = node;
  while (isValueWrapper(current)) current = current.expression;
  return current;
}

/** The first parent that is not such a wrapper. */
export function skipParensUp(node: ts.Node): ts.Node {
  let current = node.parent;
  while (isValueWrapper(current)) current = current.parent;
  return current;
}
