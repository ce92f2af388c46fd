import { ts } from '../typescript.js';
import { skipParens } from './skip-parens.js';

/**
 * What empties a field (`null`, `undefined`, a new empty collection), and when giving a collection
 * field a new empty one is not a removal of what it held: a first use (`if (!this.f) this.f = []`)
 * or a hand-off (`const batch = this.pending; this.pending = []`). collect-facts.ts reads
 * `this.children = []` as taking every child out only where these say it is one. The transforms
 * read the same forms on their own AST (transforms/reset-back-pointer.ts, transforms/lib/
 * empty-collection.ts): each copy names the other.
 */

/** `null`, `undefined`, `void 0`: a value that empties a field. */
export function isEmpty(node: ts.Expression): boolean {
  if (node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(node) && node.text === 'undefined') return true;
  return ts.isVoidExpression(node);
}

/** `[]`, `new Array()`, `new Set()`, `new Map()` (also `new Set([])`): a new collection with nothing in it. */
export function isEmptyCollection(node: ts.Expression): boolean {
  if (ts.isArrayLiteralExpression(node)) return node.elements.length === 0;
  if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression) || !['Array', 'Set', 'Map'].includes(node.expression.text)) return false;
  const args = node.arguments ?? [];
  return args.length === 0 || (node.expression.text !== 'Array' && args.length === 1 && ts.isArrayLiteralExpression(args[0]!) && args[0].elements.length === 0);
}

/**
 * Whether an assignment to `this.<field>` runs only when a condition around it found the field
 * empty: `if (!this.f)`, `if (this.f == null)`, `if (this.f === undefined)`, `if (!this.f.length)`,
 * `if (this.f.size === 0)`; in `a || b` every operand must test it (either alone runs the
 * assignment), in `a && b` one (both hold when it runs).
 */
export function guardedByEmptyTest(assignment: ts.Node, field: string): boolean {
  for (let current = assignment; current.parent; current = current.parent) {
    const parent = current.parent;
    if (ts.isFunctionLike(parent) || ts.isClassLike(parent)) return false;
    // `if (this.f) return;` earlier in the same block: past it, the field is empty.
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      const before = parent.statements.slice(0, parent.statements.indexOf(current as ts.Statement));
      if (before.some((statement) => ts.isIfStatement(statement) && !statement.elseStatement && exits(statement.thenStatement) && testsFilled(statement.expression, field))) return true;
    }
    if (ts.isIfStatement(parent) && parent.thenStatement === current) return testsEmpty(parent.expression, field);
    if (ts.isConditionalExpression(parent) && parent.whenTrue === current) return testsEmpty(parent.condition, field);
    if (ts.isBinaryExpression(parent) && parent.right === current && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return testsEmpty(parent.left, field);
  }
  return false;
}

/**
 * Whether the code before an assignment `this.<field> = []` in its function kept the collection
 * the field held: in a variable or another field (`const batch = this.pending`, `this.visible =
 * this.incoming`), copied (`[...this.f]`, `this.f.slice()`), or handed to a call (`Array.from(this.f)`,
 * `emit(this.f)`). Its objects then live on there, or are worked through: not let go here.
 */
export function keptBeforeEmptying(assignment: ts.Node, field: string): boolean {
  const scope = ts.findAncestor(assignment.parent, (node) => ts.isFunctionLike(node) || ts.isSourceFile(node));
  if (!scope) return false;
  let kept = false;
  const visit = (node: ts.Node): void => {
    if (kept || node.pos >= assignment.pos) return;
    if (ts.isPropertyAccessExpression(node) && skipParens(node.expression).kind === ts.SyntaxKind.ThisKeyword && node.name.text === field) {
      let use: ts.Node = node;
      while (ts.isParenthesizedExpression(use.parent) || ts.isAsExpression(use.parent) || ts.isNonNullExpression(use.parent)) use = use.parent;
      const parent = use.parent;
      if (
        (ts.isVariableDeclaration(parent) && parent.initializer === use) ||
        (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === use) ||
        ts.isSpreadElement(parent) ||
        ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(use as ts.Expression)) ||
        (ts.isPropertyAccessExpression(parent) && parent.expression === use && ['slice', 'concat', 'values', 'entries'].includes(parent.name.text) && ts.isCallExpression(parent.parent))
      ) {
        kept = true;
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return kept;
}

/** `return`, `throw`, or a block ending in one. */
function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length > 0 && exits(statement.statements[statement.statements.length - 1]!);
}

/** The opposite of testsEmpty: `this.f`, `this.f != null`, `this.f !== undefined`, `this.f.length` (true when it holds something). */
function testsFilled(condition: ts.Expression, field: string): boolean {
  const test = skipParens(condition);
  if (ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken) return testsEmpty(test.operand, field);
  const kind = ts.isBinaryExpression(test) ? test.operatorToken.kind : undefined;
  if (ts.isBinaryExpression(test) && (kind === ts.SyntaxKind.ExclamationEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken)) return equalsNothing(test.left, test.right, field);
  return isThisField(test, field) || isCountOf(test, field);
}

function testsEmpty(condition: ts.Expression, field: string): boolean {
  const test = skipParens(condition);
  if (ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken) return isThisField(test.operand, field) || isCountOf(test.operand, field);
  if (!ts.isBinaryExpression(test)) return false;
  switch (test.operatorToken.kind) {
    case ts.SyntaxKind.BarBarToken:
      return testsEmpty(test.left, field) && testsEmpty(test.right, field);
    case ts.SyntaxKind.AmpersandAmpersandToken:
      return testsEmpty(test.left, field) || testsEmpty(test.right, field);
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
      return equalsNothing(test.left, test.right, field);
    default:
      return false;
  }
}

/** `this.f == null`, `this.f.length === 0`, `typeof this.f === 'undefined'`, either way round (the operands of an equality). */
function equalsNothing(a: ts.Expression, b: ts.Expression, field: string): boolean {
  const [left, right] = [skipParens(a), skipParens(b)];
  const nothing = (node: ts.Expression) => isEmpty(node) || isZero(node);
  const undefinedText = (node: ts.Expression) => ts.isStringLiteral(node) && node.text === 'undefined';
  const typeOfField = (node: ts.Expression) => ts.isTypeOfExpression(node) && isThisField(node.expression, field);
  return (
    ((isThisField(left, field) || isCountOf(left, field)) && nothing(right)) ||
    ((isThisField(right, field) || isCountOf(right, field)) && nothing(left)) ||
    (typeOfField(left) && undefinedText(right)) ||
    (typeOfField(right) && undefinedText(left))
  );
}

/** `this.<field>` (in parentheses too). */
function isThisField(node: ts.Expression, field: string): boolean {
  const inner = skipParens(node);
  return ts.isPropertyAccessExpression(inner) && skipParens(inner.expression).kind === ts.SyntaxKind.ThisKeyword && inner.name.text === field;
}

/** `this.<field>.length` or `.size`. */
function isCountOf(node: ts.Expression, field: string): boolean {
  const inner = skipParens(node);
  return ts.isPropertyAccessExpression(inner) && (inner.name.text === 'length' || inner.name.text === 'size') && isThisField(inner.expression, field);
}

export function isZero(node: ts.Expression): boolean {
  return ts.isNumericLiteral(node) && node.text === '0';
}
