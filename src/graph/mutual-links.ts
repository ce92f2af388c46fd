import { ts } from '../typescript.js';
import type { ClassId, Fact, FieldId } from './field-graph.js';
import { accessPath, rootOf, type KeptThroughMethod } from './stored-under.js';
import { ADD_METHODS } from './kept-in.js';
import { skipParens } from './skip-parens.js';

/**
 * `node.prev = this.tail; this.tail.next = node`: two objects set to point at each other through
 * two fields, in one function; one of them may be a collection the other object is added to
 * (`child.container = parent; parent.content.push(child)`). In a doubly linked list, a sibling chain or a peer pair managed by
 * another class (a LinkedList, a DOM-like parent), this is the only code that ties the two fields
 * together: no `this` is passed or assigned. The fact says the fields are linked as a pair, not
 * which of them points back.
 *
 * Objects are compared by the text of their access path (`node`, `this.tail`, `node.prev`), and
 * the names they start from must be the same variables (two callbacks' parameters `n` are not);
 * assigning a name anew forgets what it took part in. Writes in branches of which at most one
 * runs (`if (f) a.next = b; else b.prev = a`, two `case`s that do not fall through, the arms of
 * `?:`) do not link; beyond that the walk does not follow control flow. Only fields that can lie
 * on a cycle count, so the checker is asked about few.
 */
export interface MutualLinkContext {
  fieldNames: ReadonlySet<string>;
  /** The project class declaring the field a property name refers to. */
  declaringClass(name: ts.MemberName): ClassId | undefined;
  /** The variable or parameter a name refers to. */
  symbolOf(name: ts.Identifier): ts.Symbol | undefined;
  /** A local standing for `this` (`const self = this`), whatever function's `this` it is. */
  standsForThis?(expression: ts.Expression): boolean;
}

export type MutualLink = Pick<Fact, 'kind' | 'linked'>;

interface Assignment {
  /** The assignment, or the call adding to a collection. */
  node: ts.Expression;
  holder: ts.Expression;
  holderPath: string;
  /** The field written or added to; undefined for a value handed to a project method (`through`). */
  field?: ts.MemberName;
  /** `root.add(tree)`, `add` a method of the project's: the field it keeps its argument in is found later. */
  through?: KeptThroughMethod;
  value: ts.Expression;
  valuePath: string;
}

/**
 * Follows code node by node; `track(node)` reports each pair of fields linked both ways, once per
 * function. A link whose second side is a value handed to a project method (`tree.root = root;
 * root.add(tree)`, colyseus's setRoot) goes to `reportThrough` with the first field (linked
 * twice): the field the method keeps it in is known once every class's facts are in.
 */
export function mutualLinkTracker(
  context: MutualLinkContext,
  report: (fact: MutualLink, at: ts.Node) => void,
  reportThrough?: (fact: MutualLink, through: KeptThroughMethod, at: ts.Node) => void,
): (node: ts.Node) => void {
  const byScope = new Map<ts.Node, { assignments: Assignment[]; reported: Set<string> }>();
  return (node) => {
    // `parent.content.push(child)` beside `child.container = parent` (langium's CstNodeBuilder,
    // through casts): the collection takes the place of the second field.
    const added = addedToField(node, context.fieldNames);
    if (added) return track(added.node, added.holder, added.field, added.value);
    const handed = reportThrough ? handedToMethod(node) : undefined;
    if (handed) return track(handed.node, handed.holder, undefined, handed.value, handed.through);
    if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const left = skipParens(node.left);
    if (ts.isIdentifier(left)) {
      // `a = c`: what `a` was linked to before is another object's business. (Most bodies record
      // nothing: the scope is looked up only when something was.)
      const seen = byScope.size > 0 ? byScope.get(scopeOf(node)) : undefined;
      if (seen) seen.assignments = seen.assignments.filter((entry) => !startsWith(entry.holderPath, left.text) && !startsWith(entry.valuePath, left.text));
      return;
    }
    if (!ts.isPropertyAccessExpression(left) || !context.fieldNames.has(left.name.text)) return;
    track(node, left.expression, left.name, node.right);
  };

  function track(node: ts.Expression, holder: ts.Expression, field: ts.MemberName | undefined, value: ts.Expression, through?: KeptThroughMethod): void {
    const holderPath = accessPath(holder);
    const valuePath = accessPath(value);
    // `child.parent = this; this.first = child` is `assigns-this` already (collect-facts.ts), also
    // through a local standing for `this` (`const self = this`).
    if (holderPath === undefined || valuePath === undefined || holderPath === valuePath || holderPath === 'this' || valuePath === 'this') return;
    if (context.standsForThis?.(holder) || context.standsForThis?.(value)) return;
    const current: Assignment = { node, holder, holderPath, value, valuePath, ...(field ? { field } : {}), ...(through ? { through } : {}) };
    const scopeNode = scopeOf(node);
    let scope = byScope.get(scopeNode);
    if (!scope) byScope.set(scopeNode, (scope = { assignments: [], reported: new Set<string>() }));
    for (const earlier of scope.assignments) {
      if (earlier.holderPath !== valuePath || earlier.valuePath !== holderPath) continue;
      if (!sameRoot(earlier.holder, current.value) || !sameRoot(earlier.value, current.holder)) continue;
      if (inExclusiveBranches(earlier.node, node)) continue;
      const written = earlier.field ?? field;
      const handedOn = earlier.through ?? through;
      if (!earlier.field || !field) {
        // One side written, the other handed to a method; two methods say nothing.
        if (!written || !handedOn || (earlier.field === undefined) === (field === undefined)) continue;
        const a = context.declaringClass(written);
        if (!a) continue;
        const first: FieldId = `${a}.${written.text}`;
        const key = `${first}\0${handedOn.method.text}#${handedOn.position}`;
        if (scope.reported.has(key)) continue;
        scope.reported.add(key);
        reportThrough!({ kind: 'links-mutually', linked: [first, first] }, handedOn, node);
        continue;
      }
      const a = context.declaringClass(earlier.field);
      const b = a && context.declaringClass(field);
      if (!a || !b) continue;
      const first: FieldId = `${a}.${earlier.field.text}`;
      const second: FieldId = `${b}.${field.text}`;
      // One field linked with itself (`a.peer = b; b.peer = a`) is not a pair of fields.
      if (first === second) continue;
      const linked = [first, second].sort() as [FieldId, FieldId];
      const key = linked.join('\0');
      if (scope.reported.has(key)) continue;
      scope.reported.add(key);
      report({ kind: 'links-mutually', linked }, node);
    }
    scope.assignments.push(current);
  }

  function sameRoot(a: ts.Expression, b: ts.Expression): boolean {
    const rootA = rootOf(a);
    const rootB = rootOf(b);
    if (rootA.kind === ts.SyntaxKind.ThisKeyword || rootB.kind === ts.SyntaxKind.ThisKeyword) return rootA.kind === rootB.kind;
    if (!ts.isIdentifier(rootA) || !ts.isIdentifier(rootB)) return false;
    const symbol = context.symbolOf(rootA);
    return symbol !== undefined && symbol === context.symbolOf(rootB);
  }
}

/**
 * Whether `earlier` and `later` (in source order) sit in branches of which at most one runs: the
 * `then` and `else` of one `if`, the arms of one `?:`, or two clauses of one `switch` where the
 * first does not fall through to the second (a clause on the way ends with a jump).
 */
function inExclusiveBranches(earlier: ts.Node, later: ts.Node): boolean {
  // Each ancestor of `earlier`, with its child on the way down to `earlier`.
  const above = new Map<ts.Node, ts.Node>();
  for (let child = earlier, current = earlier.parent; current; child = current, current = current.parent) above.set(current, child);
  for (let child = later, current = later.parent; current; child = current, current = current.parent) {
    const fromEarlier = above.get(current);
    if (fromEarlier === undefined) continue;
    // `current` is the nearest common ancestor; `fromEarlier` and `child` its children on each way.
    if (ts.isIfStatement(current)) return fromEarlier === current.thenStatement && child === current.elseStatement;
    if (ts.isConditionalExpression(current)) return fromEarlier === current.whenTrue && child === current.whenFalse;
    if (ts.isCaseBlock(current)) {
      const clauses = current.clauses;
      const from = clauses.indexOf(fromEarlier as ts.CaseOrDefaultClause);
      const to = clauses.indexOf(child as ts.CaseOrDefaultClause);
      return clauses.slice(from, to).some((clause) => endsWithJump(clause.statements));
    }
    return false;
  }
  return false;
}

function endsWithJump(statements: ts.NodeArray<ts.Statement>): boolean {
  const last = statements.at(-1);
  if (!last) return false;
  if (ts.isBlock(last)) return endsWithJump(last.statements);
  return ts.isBreakStatement(last) || ts.isReturnStatement(last) || ts.isThrowStatement(last) || ts.isContinueStatement(last);
}

/** `a.items.push(b)`, `a.items.add(b)`, `a.items.set(key, b)`: b added to a's collection field `items`. */
function addedToField(node: ts.Node, fieldNames: ReadonlySet<string>): { node: ts.CallExpression; holder: ts.Expression; field: ts.MemberName; value: ts.Expression } | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  if (!ADD_METHODS.has(method)) return undefined;
  const collection = skipParens(node.expression.expression);
  if (!ts.isPropertyAccessExpression(collection) || !fieldNames.has(collection.name.text)) return undefined;
  const value = method === 'set' ? node.arguments[1] : node.arguments.length === 1 ? node.arguments[0] : undefined;
  return value && !ts.isSpreadElement(value) ? { node, holder: collection.expression, field: collection.name, value } : undefined;
}

/**
 * `root.add(tree)`: a value handed to an adding method of an object that is not a field's
 * collection (whose class, if the project's, keeps it somewhere: see resolveKeptThrough).
 */
function handedToMethod(node: ts.Node): { node: ts.CallExpression; holder: ts.Expression; value: ts.Expression; through: KeptThroughMethod } | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = skipParens(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ADD_METHODS.has(callee.name.text)) return undefined;
  const position = callee.name.text === 'set' ? 1 : node.arguments.length === 1 ? 0 : undefined;
  const value = position === undefined ? undefined : node.arguments[position];
  return value && !ts.isSpreadElement(value) ? { node, holder: callee.expression, value, through: { method: callee.name, position: position! } } : undefined;
}

function startsWith(path: string, name: string): boolean {
  return path === name || path.startsWith(`${name}.`);
}

/** The function whose `this` the paths share: the nearest one that is not an arrow, or the file. */
function scopeOf(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if ((ts.isFunctionLike(current) && !ts.isArrowFunction(current)) || ts.isSourceFile(current)) return current;
  }
  return node.getSourceFile();
}
