import { ts } from '../typescript.js';
import type { ClassId, Fact, FieldId } from './field-graph.js';
import { accessPath } from './stored-under.js';
import { skipParens } from './skip-parens.js';

/**
 * `node.prev = this.tail; this.tail.next = node`: two objects set to point at each other through
 * two fields, in one function. In a doubly linked list, a sibling chain or a peer pair managed by
 * another class (a LinkedList, a DOM-like parent), this is the only code that ties the two fields
 * together: no `this` is passed or assigned. The fact says the fields are linked as a pair; which
 * of them is the back-pointer is left to detection.
 *
 * Objects are compared by the text of their access path (`node`, `this.tail`, `node.prev`), as
 * stored-under.ts does: within one function the same text names the same object, bar
 * reassignment. Only fields that can lie on a cycle count, so the checker is asked about few.
 */
export interface MutualLinkContext {
  fieldNames: ReadonlySet<string>;
  /** The project class declaring the field a property name refers to. */
  declaringClass(name: ts.MemberName): ClassId | undefined;
}

export type MutualLink = Pick<Fact, 'kind' | 'linked'>;

interface Assignment {
  holder: string;
  field: ts.MemberName;
  value: string;
}

/** Follows code node by node; `track(node)` reports each pair of fields linked both ways, once per function. */
export function mutualLinkTracker(context: MutualLinkContext, report: (fact: MutualLink, at: ts.Node) => void): (node: ts.Node) => void {
  const byScope = new Map<ts.Node, { assignments: Assignment[]; reported: Set<string> }>();
  return (node) => {
    if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const left = skipParens(node.left);
    if (!ts.isPropertyAccessExpression(left) || !context.fieldNames.has(left.name.text)) return;
    const holder = accessPath(left.expression);
    const value = accessPath(node.right);
    // `child.parent = this; this.first = child` is `assigns-this` already (collect-facts.ts).
    if (holder === undefined || value === undefined || holder === value || holder === 'this' || value === 'this') return;
    const scope = scopeOf(node);
    let seen = byScope.get(scope);
    if (!seen) byScope.set(scope, (seen = { assignments: [], reported: new Set() }));
    for (const earlier of seen.assignments) {
      if (earlier.holder !== value || earlier.value !== holder || earlier.field.text === left.name.text) continue;
      const a = context.declaringClass(earlier.field);
      const b = a && context.declaringClass(left.name);
      if (!a || !b) continue;
      const linked = [`${a}.${earlier.field.text}`, `${b}.${left.name.text}`].sort() as [FieldId, FieldId];
      const key = linked.join('\0');
      if (seen.reported.has(key)) continue;
      seen.reported.add(key);
      report({ kind: 'links-mutually', linked }, node);
    }
    seen.assignments.push({ holder, field: left.name, value });
  };
}

/** The function whose locals the paths name: the nearest one that is not an arrow (arrows share it), or the file. */
function scopeOf(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if ((ts.isFunctionLike(current) && !ts.isArrowFunction(current)) || ts.isSourceFile(current)) return current;
  }
  return node.getSourceFile();
}
