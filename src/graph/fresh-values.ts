import { ts } from '../typescript.js';
import { skipParens } from './skip-parens.js';

/** Whether a call returns, or may return, an object its function creates (see freshCalls). */
export type ReturnsFresh = (call: ts.CallExpression) => boolean;

/**
 * Whether a value is, or may be, an object created by the expression itself: a construction or
 * an object or array literal, also as a branch of `?:` or the fallback of `??` / `||`; with
 * `returnsFresh`, also a call of a function that returns one.
 */
export function mayBeFresh(expression: ts.Expression, returnsFresh?: ReturnsFresh): boolean {
  return freshPart(expression, returnsFresh) !== undefined;
}

/**
 * The function whose new object the value may be, as the call names it (`getPool`, `Client.local`,
 * `factory.create` as `create`), if not one created in the value itself.
 */
export function freshFactory(expression: ts.Expression, returnsFresh?: ReturnsFresh): string | undefined {
  const part = freshPart(expression, returnsFresh);
  return part && ts.isCallExpression(part) ? calleeName(part) : undefined;
}

/** How a call names its function: `getPool`, `Client.local`, `this.factory.create` as `create`. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = skipParens(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  return ts.isIdentifier(callee.expression) ? `${callee.expression.text}.${callee.name.text}` : callee.name.text;
}

/** The part of a value that makes it fresh (see mayBeFresh): the construction, literal or call. */
function freshPart(expression: ts.Expression, returnsFresh: ReturnsFresh | undefined): ts.Expression | undefined {
  const inner = skipParens(expression);
  if (ts.isNewExpression(inner) || ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) return inner;
  if (ts.isConditionalExpression(inner)) return freshPart(inner.whenTrue, returnsFresh) ?? freshPart(inner.whenFalse, returnsFresh);
  if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return freshPart(inner.right, returnsFresh);
  }
  return returnsFresh !== undefined && ts.isCallExpression(inner) && returnsFresh(inner) ? inner : undefined;
}

/**
 * `this.pool = getPool(local)` with `function getPool(global) { return global ? shared : new
 * Pool() }` (grpc-js's `getSubchannelPool`): a factory of the project's own code whose `return`s
 * may hand back an object it creates, which then nothing but the field holds. Held by a WeakRef
 * alone, that object could be collected at once. Followed through free functions, static and
 * other objects' methods, and factories returning factories (not the object's own methods, see
 * calledBody); answered once per function.
 * Functions declared only in `.d.ts` files have no body to read: not fresh.
 */
export function freshCalls(checker: ts.TypeChecker): ReturnsFresh {
  const answers = new Map<ts.Node, boolean>();
  const inProgress = new Set<ts.Node>();
  // Whether an answer leaned on a function still being read (mutual recursion): such a "no" is
  // not kept, or the answer would depend on which function was asked first.
  let leaned = false;
  const returnsFresh: ReturnsFresh = (call) => {
    const body = calledBody(call, checker);
    if (body === undefined) return false;
    const known = answers.get(body);
    if (known !== undefined) return known;
    // A recursive factory is not fresh on account of itself.
    if (inProgress.has(body)) {
      leaned = true;
      return false;
    }
    inProgress.add(body);
    const outerLeaned = leaned;
    leaned = false;
    const answer = returnedValues(body).some((value) => mayBeFresh(value, returnsFresh));
    inProgress.delete(body);
    if (answer || !leaned || inProgress.size === 0) answers.set(body, answer);
    leaned = outerLeaned || (leaned && !answer && inProgress.size > 0);
    return answer;
  };
  return returnsFresh;
}

/** The body of the function a call runs, where the project declares it with one (not the object's own methods). */
export function calledBody(call: ts.CallExpression, checker: ts.TypeChecker): ts.ConciseBody | undefined {
  const callee = skipParens(call.expression);
  // The object's own factory methods (`this.createRenderer()`) are read by name along the class
  // line, overrides included, by returned-constructions.ts.
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) return undefined;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!name) return undefined;
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  // An overloaded function's first declaration is a signature: the one with the body answers.
  const declaration = symbol?.declarations?.find((candidate) => ts.isFunctionLike(candidate) && 'body' in candidate && candidate.body !== undefined) ?? symbol?.valueDeclaration;
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  const fn =
    ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)
      ? declaration.initializer && skipParens(declaration.initializer)
      : declaration;
  if (fn && (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn))) return fn.body;
  return undefined;
}

/** What a function body returns: its `return` values (not those of functions inside it), or an arrow's expression. */
export function returnedValues(body: ts.ConciseBody): ts.Expression[] {
  if (!ts.isBlock(body)) return [body];
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) values.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return values;
}
