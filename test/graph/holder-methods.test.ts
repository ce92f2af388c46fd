import { describe, expect, it } from 'vitest';
import { graphOf } from './graph-of.js';

// A project's generic holder (`children = new List<Node>()`, parchment's LinkedList<Blot>): its
// own insert and remove methods put objects in and take them out, as push and splice do.
const project = (body: string) => ({
  'src/tree.ts': `
export class List<T> {
  head: T | null = null;
  insertBefore(node: T, ref: T | null): void { this.head = ref ?? node; }
  append(node: T): void { this.head = node; }
  remove(node: T): void { if (this.head === node) this.head = null; }
  addClass(name: string): void { name.trim(); }
  addListener(listener: () => void): void { listener(); }
}
export class Node {
  parent: Node | null = null;
  children = new List<Node>();
  ${body}
}
`,
});

const collectionFacts = (body: string) =>
  graphOf(project(body))
    .facts.filter((fact) => fact.kind === 'adds-to-collection' || fact.kind === 'removes-from-collection')
    .map((fact) => `${fact.kind} ${fact.ownField}`);

describe("a generic holder's own insert and remove methods", () => {
  it.each([
    ['this.children.insertBefore(child, null)', 'adds-to-collection children'],
    ['this.children.append(child)', 'adds-to-collection children'],
    ['this.children.remove(child)', 'removes-from-collection children'],
  ])('%s: %s', (call, fact) => {
    expect(collectionFacts(`add(child: Node): void { ${call}; child.parent = this; }`)).toEqual([fact]);
  });

  it.each([
    // lumino's `this.tabBar.addClass('lm-TabPanel-tabBar')`: a verb with another object, and a string.
    ["this.children.addClass('tree')"],
    ['this.children.addListener(() => undefined)'],
  ])('%s: neither', (call) => {
    expect(collectionFacts(`style(): void { ${call}; }`)).toEqual([]);
  });
});
