import { describe, expect, it } from 'vitest';
import { graphOf } from './graph-of.js';

// Nodes of a doubly linked list; `code` links them from a method of another class and from a
// function outside any class.
const source = (code: string) => `
export class Item {
  next: Item | null = null;
  prev: Item | null = null;
  peer: Item | null = null;
}
export class Chain {
  tail: Item | null = null;
  method(a: Item, b: Item, c: Item): void { ${code} }
}
export function wire(a: Item, b: Item, c: Item, chain: Chain): void { ${code.replaceAll('this.', 'chain.')} }
`;

describe('links-mutually facts: two fields set to point at each other in one function', () => {
  const links = (code: string) =>
    graphOf({ 'src/chain.ts': source(code) }).facts.filter((fact) => fact.kind === 'links-mutually').map((fact) => `${fact.method}: ${fact.linked!.join(' ')}`);
  const both = ['method: src/chain.ts#Item.next src/chain.ts#Item.prev', 'wire: src/chain.ts#Item.next src/chain.ts#Item.prev'];

  it.each([
    ['a.next = b; b.prev = a;'],
    ['b.prev = a; a.next = b;'],
    // Paths, not only names: `node.prev = this.tail; this.tail.next = node`.
    ['a.prev = this.tail; this.tail!.next = a;'],
    ['a.prev!.next = a.next; a.next!.prev = a.prev;'],
    // Inside a callback of the same function, whose locals it shares.
    ['a.next = b; [0].forEach(() => { b.prev = a; });'],
    // Branches that can both run: nested, after one another, a `case` falling through.
    ['if (a) { a.next = b; if (b) b.prev = a; }'],
    ['if (a) a.next = b; if (b) b.prev = a;'],
    ['switch (a.peer) { case null: a.next = b; case b: b.prev = a; break; }'],
    ['if (a) a.next = b; else { c.next = b; } b.prev = a;'],
  ])('%s', (code) => {
    expect(links(code)).toEqual(both);
  });

  it.each([
    // Other objects: `c` is not `a`.
    ['a.next = b; b.prev = c;'],
    // One field linked with itself is not a pair of fields.
    ['a.peer = b; b.peer = a;'],
    // In two different functions: nothing says the names are the same objects.
    ['a.next = b; function later(a: Item, b: Item) { b.prev = a; } later(a, b);'],
    // Reading, not setting.
    ['const x = a.next === b && b.prev === a; void x;'],
    // Same names, other variables (found by a second reading): two loops, two callbacks, two blocks.
    ['for (const n of [a]) n.next = b; for (const n of [c]) b.prev = n;'],
    ['[a].forEach((n) => { n.next = b; }); [c].forEach((n) => { b.prev = n; });'],
    ['{ const n = a; n.next = b; } { const n = c; b.prev = n; }'],
    // A name given another object in between.
    ['a.next = b; a = c; b.prev = a;'],
    // Branches of which at most one runs.
    ['if (a.peer) a.next = b; else b.prev = a;'],
    ['if (a.peer) { a.next = b; } else if (c) { b.prev = a; }'],
    ['void (a.peer ? (a.next = b) : (b.prev = a));'],
    ['switch (a.peer) { case null: a.next = b; break; default: { b.prev = a; } }'],
    ['switch (a.peer) { case null: { a.next = b; return; } case b: b.prev = a; }'],
  ])('%s: no fact', (code) => {
    expect(links(code)).toEqual([]);
  });
});

describe('links-mutually facts across functions of a file', () => {
  it('two top-level arrow functions do not share their parameters', () => {
    const code = source('void a; void b; void c;') + 'export const forward = (a: Item, b: Item) => { a.next = b; };\nexport const back = (b: Item, a: Item) => { b.prev = a; };\n';
    expect(graphOf({ 'src/chain.ts': code }).facts.filter((fact) => fact.kind === 'links-mutually')).toEqual([]);
  });
});

// langium's CstNodeBuilder.appendChild (fifth sweep): `(child as Impl).container = parent;
// (parent as CompositeImpl).content.push(child)`: the collection is the second field of the pair.
describe('links-mutually facts: a field and a collection the other object is added to', () => {
  const tree = (code: string) => `
export class Node {
  container: Composite | undefined;
}
export class Composite extends Node {
  content: Node[] = [];
  byName = new Map<string, Node>();
}
export class Builder {
  append(parent: Composite, child: Node, other: Node): void { ${code} }
}
`;
  const links = (code: string) =>
    graphOf({ 'src/tree.ts': tree(code) }).facts.filter((fact) => fact.kind === 'links-mutually').map((fact) => fact.linked!.join(' '));

  it.each([
    ['child.container = parent; parent.content.push(child);', 'src/tree.ts#Composite.content src/tree.ts#Node.container'],
    ['(parent as Composite).content.push(child); (child as Node).container = parent;', 'src/tree.ts#Composite.content src/tree.ts#Node.container'],
    ["child.container = parent; parent.byName.set('a', child);", 'src/tree.ts#Composite.byName src/tree.ts#Node.container'],
  ])('%s', (code, linked) => {
    expect(links(code)).toEqual([linked]);
  });

  it.each([
    // Another object added.
    ['child.container = parent; parent.content.push(other);'],
    // Added elsewhere than the collection field, or read.
    ['child.container = parent; [child].push(child);'],
    ['child.container = parent; parent.content.includes(child);'],
  ])('%s: no link', (code) => {
    expect(links(code)).toEqual([]);
  });
});

// colyseus's setRoot (ninth sweep): `tree.root = root; root.add(tree)`, `add` a method of the
// project's that keeps its argument in a field. The link was not seen, and ChangeTree.root stayed
// at 0.79, under the threshold a plan applies without review.
describe('links-mutually through a method of the project that keeps its argument', () => {
  const files = (add: string, wiring: string) => ({
    'src/tree.ts': `
export class Tree {
  root: Root | null = null;
}
export class Root {
  trees: Record<number, Tree> = {};
  list: Tree[] = [];
  ${add}
}
export function setRoot(tree: Tree, root: Root, id: number): void { ${wiring} }
`,
  });
  const links = (add: string, wiring: string) =>
    graphOf(files(add, wiring))
      .facts.filter((fact) => fact.kind === 'links-mutually')
      .map((fact) => `${fact.method}: ${fact.linked!.join(' ')}${fact.linkedThrough ? ` through ${fact.linkedThrough.method} into ${fact.linkedThrough.keptIn}` : ''}`);

  it.each([
    ['add(tree: Tree): void { this.trees[1] = tree; }', 'tree.root = root; root.add(tree);', 'src/tree.ts#Root.trees', 'add'],
    ['add(tree: Tree): void { this.list.push(tree); }', 'root.add(tree); tree.root = root;', 'src/tree.ts#Root.list', 'add'],
    ['set(key: number, tree: Tree): void { this.trees[key] = tree; }', 'tree.root = root; root.set(id, tree);', 'src/tree.ts#Root.trees', 'set'],
  ])('%s with %s', (add, wiring, field, method) => {
    // `linked` is sorted.
    expect(links(add, wiring)).toEqual([`setRoot: ${field} src/tree.ts#Tree.root through ${method} into ${field}`]);
  });

  it.each([
    // The method keeps nothing it is given.
    ['add(tree: Tree): void { console.log(tree); }', 'tree.root = root; root.add(tree);'],
    // Another object is handed over.
    ['add(tree: Tree): void { this.list.push(tree); }', 'tree.root = root; root.add(new Tree());'],
    // Two method calls link no written field.
    ['add(tree: Tree): void { this.list.push(tree); }', 'root.add(tree); root.add(tree);'],
  ])('no link: %s with %s', (add, wiring) => {
    expect(links(add, wiring)).toEqual([]);
  });
});
