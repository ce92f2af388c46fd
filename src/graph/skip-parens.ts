import { ts } from '../typescript.js';

/** `(x)`, `x!`, `x as T`, `<T>x`, `x satisfies T`: the same value at run time. */
export function skipParens(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isSatisfiesExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}
