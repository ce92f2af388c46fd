import { ts } from '../typescript.js';
import type { FactContext } from './collect-facts.js';
import { constructedClass } from './constructions.js';
import type { ClassId } from './field-graph.js';
import { skipParens, skipParensUp } from './skip-parens.js';

/**
 * `const browser = new Browser(); this.frame = browser.pages[0].mainFrame` (happy-dom's `new
 * Window()`): code that builds an object, keeps something it reaches through it, and drops the
 * object itself. What it built then lives on only through the back-pointers of the part it kept
 * (the frame's `page`, the page's `browser`): made WeakRefs, they would let it be collected while
 * the part is still in use. Detection reads this as a risk of the weakref fix (`owner-dropped`).
 *
 * Read from the text first: where the value goes, through locals (`const page =
 * browser.pages[0]; const frame = page.mainFrame; super(frame)`). The object built must only ever
 * be the receiver of property and element reads (a method called on it may keep it anywhere:
 * `server.start()` registering itself), and no function of the member may capture the local; a
 * part reached that way is kept where it is assigned to a property, returned, handed to a function
 * or put into a literal (anything but a test, a comparison or a statement of its own). Only then
 * is the checker asked what the way passes through.
 *
 * Returns the project classes of the objects dropped on the way to a part kept (itself an object
 * of a project class), the one built first, and those of the objects on the way that hold them
 * (the parts passed through and kept): their back-pointers are the ones at risk. Or undefined.
 */
export function droppedOnTheWay(
  construction: ts.NewExpression,
  member: ts.Node,
  context: Pick<FactContext, 'checker' | 'classOfSymbol'>,
): { dropped: ClassId[]; heldBy: ClassId[] } | undefined {
  // Most constructions are kept or handed on where they are made: only one in a local or read
  // at once is followed, and the member's names are gathered once for all of them.
  const parent = skipParensUp(construction);
  if (!isReceiverIn(parent, construction) && !ts.isVariableDeclaration(parent)) return undefined;
  let scope = scopes.get(member);
  if (!scope) scopes.set(member, (scope = { member, uses: usesIn(member) }));
  const flow = flowOf(construction, scope, 0, true);
  if (flow.whole || flow.parts.length === 0) return undefined;
  const classOf = (node: ts.Node) => {
    const symbol = context.checker.getTypeAtLocation(node).getSymbol();
    return symbol && context.classOfSymbol(symbol);
  };
  // A number or a string taken out (`return browser.pages.length`) keeps nothing alive.
  const kept = flow.parts.map((part) => ({ ...part, id: classOf(part.kept) })).filter((part) => part.id !== undefined);
  if (kept.length === 0) return undefined;
  const built = constructedClass(construction, context);
  if (!built) return undefined;
  const dropped = [built];
  const heldBy = new Set<ClassId>();
  for (const part of kept) {
    heldBy.add(part.id!);
    for (const node of part.through) {
      const id = classOf(node);
      if (id === undefined) continue;
      heldBy.add(id);
      if (!dropped.includes(id)) dropped.push(id);
    }
  }
  return { dropped, heldBy: [...heldBy] };
}

/** Where a value goes: kept `whole`, or only `parts` of it, each reached through the accesses and calls `through`. */
interface Flow {
  whole: boolean;
  parts: Array<{ kept: ts.Expression; through: ts.Expression[] }>;
}

// How many locals deep a value is followed (`const page = ...; const frame = page.mainFrame`).
const MAX_DEPTH = 4;

const scopes = new WeakMap<ts.Node, Scope>();

/** The member walked, and the uses of each name in it, found once (a long member has many locals). */
interface Scope {
  member: ts.Node;
  uses: Map<string, ts.Identifier[]>;
}

function flowOf(value: ts.Expression, scope: Scope, depth: number, root: boolean): Flow {
  const parent = skipParensUp(value);
  if (isReceiverIn(parent, value)) {
    const top = chainTop(value);
    // A method called on the object built may keep it (`server.start()` adding `this` to a registry).
    if (root && isCalledOn(value, top)) return { whole: true, parts: [] };
    const between: ts.Expression[] = [];
    for (let node = value.parent; node !== top; node = node.parent) {
      if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) between.push(node);
    }
    const next = flowOf(top, scope, depth, false);
    // A part kept whole is where the way ends: what is reached through it is held by it.
    return {
      whole: false,
      parts: next.whole ? [{ kept: top, through: between }] : next.parts.map((part) => ({ kept: part.kept, through: [...between, top, ...part.through] })),
    };
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer !== undefined && skipParens(parent.initializer) === skipParens(value)) {
    if (!ts.isIdentifier(parent.name) || depth >= MAX_DEPTH) return { whole: true, parts: [] };
    const name = parent.name;
    const home = ts.findAncestor(parent, ts.isFunctionLike);
    const references = (scope.uses.get(name.text) ?? []).filter((use) => use !== name);
    // Captured by a function of its own (`this.current = () => doc.pages[0]`), the local lives on with it.
    if (references.some((use) => ts.findAncestor(use, ts.isFunctionLike) !== home)) return { whole: true, parts: [] };
    const flows = references.map((use) => flowOf(use, scope, depth + 1, root));
    return flows.some((flow) => flow.whole) ? { whole: true, parts: [] } : { whole: false, parts: flows.flatMap((flow) => flow.parts) };
  }
  return { whole: !dropsValue(parent, value), parts: [] };
}

/** Whether the chain from `value` to `top` calls a method on `value` itself (`value.m()`, `value?.m()`). */
function isCalledOn(value: ts.Expression, top: ts.Expression): boolean {
  const access = skipParensUp(value);
  if (!ts.isPropertyAccessExpression(access) && !ts.isElementAccessExpression(access)) return false;
  const call = skipParensUp(access);
  return ts.isCallExpression(call) && skipParens(call.expression) === access && (call === top || ts.findAncestor(top, (node) => node === call) !== undefined);
}

/** Whether `parent` lets go of `value` there: a statement of its own, a test, a comparison, `typeof`, `void`, a template's text. */
function dropsValue(parent: ts.Node, value: ts.Node): boolean {
  if (ts.isExpressionStatement(parent) || ts.isTemplateSpan(parent) || ts.isTypeOfExpression(parent) || ts.isVoidExpression(parent)) return true;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && skipParens(parent.expression) === value) return true;
  if (ts.isConditionalExpression(parent) && skipParens(parent.condition) === value) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    return operator >= ts.SyntaxKind.LessThanToken && operator <= ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.InstanceOfKeyword || operator === ts.SyntaxKind.InKeyword;
  }
  return false;
}

/** Every identifier of the member by name (a property named like a local, `x.browser` or `{ browser: 1 }`, is none). */
function usesIn(member: ts.Node): Map<string, ts.Identifier[]> {
  const uses = new Map<string, ts.Identifier[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const up = node.parent;
      if ((ts.isPropertyAccessExpression(up) || ts.isPropertyAssignment(up)) && up.name === node) return;
      const list = uses.get(node.text);
      if (list) list.push(node);
      else uses.set(node.text, [node]);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(member);
  return uses;
}

/** Whether `parent` (past wrappers such as `!`) reads a property or element of `value` (`value.f`, `value[i]`, also `value.m` called). */
function isReceiverIn(parent: ts.Node, value: ts.Node): boolean {
  return (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && skipParens(parent.expression) === skipParens(value as ts.Expression);
}

/** The end of the chain of accesses and calls that starts at `use` (`browser.pages[0].mainFrame`). */
function chainTop(use: ts.Expression): ts.Expression {
  let node: ts.Expression = use;
  for (;;) {
    const parent = skipParensUp(node);
    const onward = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) && skipParens(parent.expression) === skipParens(node);
    if (!onward) return node;
    node = parent as ts.Expression;
  }
}
