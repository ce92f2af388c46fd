/**
 * A new collection with nothing in it, as a value given to a field: giving it empties the field
 * (the transforms read `this.children = []` as letting go of everything the field held).
 */

type AnyNode = { type: string; [key: string]: any };

/** `[]`, `new Array()`, `new Set()`, `new Map()`, `new Set([])`, also behind a type assertion (`[] as Child[]`). */
export function isEmptyCollection(node: AnyNode): boolean {
  let value = node;
  while (['TSAsExpression', 'TSTypeAssertion', 'TSNonNullExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(value.type)) value = value.expression;
  if (value.type === 'ArrayExpression') return value.elements.length === 0;
  if (value.type !== 'NewExpression' || value.callee.type !== 'Identifier' || !['Array', 'Set', 'Map'].includes(value.callee.name)) return false;
  const args = value.arguments;
  return args.length === 0 || (value.callee.name !== 'Array' && args.length === 1 && args[0].type === 'ArrayExpression' && args[0].elements.length === 0);
}
