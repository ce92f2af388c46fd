import { describe, expect, test } from 'vitest';
import { blameEntries } from '../../src/apply/blame-entries.js';
import type { PlanEntry } from '../../src/plan/migration-plan.js';
import type { NewDiagnostic } from '../../src/verify/verify-changes.js';

const entry = (id: string, action: PlanEntry['action'], file: string, className: string, field: string, owners: PlanEntry['owners'] = []): PlanEntry => ({
  id,
  action,
  file,
  class: className,
  field,
  typeText: 'X | undefined',
  nullable: 'undefined',
  owners,
  confidence: 0.9,
  reason: '',
  disposeMethod: 'dispose',
});
const diagnostic = (file: string, line: number, message: string): NewDiagnostic => ({ file, line, column: 1, code: 2322, message, sourceLine: '' });

// src/tree.ts after the change: two classes, lines 1-5 and 7-11, an import-free module line 13.
const after = [
  'export class Node {',
  '  #parent: WeakRef<Tree> | undefined;',
  '  get parent() { return this.#parent?.deref(); }',
  '  set parent(value) { this.#parent = value && new WeakRef(value); }',
  '}',
  '',
  'export class Tree {',
  '  nodes: Node[] = [];',
  '  #owner: WeakRef<Forest> | undefined;',
  '  dispose(): void {}',
  '}',
  '',
  'export const spare = 1;',
  '',
].join('\n');
const changes = { files: [{ file: 'src/tree.ts', before: '', after }], skipped: [] };

const nodeParent = entry('a', 'weakref', 'src/tree.ts', 'Node', 'parent');
const treeOwner = entry('b', 'weakref', 'src/tree.ts', 'Tree', 'owner');
const disposeEntry = entry('c', 'dispose', 'src/leaf.ts', 'Leaf', 'branch', [{ file: 'src/tree.ts', class: 'Tree', field: 'nodes', container: 'array' }]);
const skipped = entry('d', 'skip', 'src/tree.ts', 'Node', 'parent');

describe('blameEntries', () => {
  test('an error naming no entry, inside a class, goes to the entries that edit that class, not the whole file', () => {
    const error = diagnostic('src/tree.ts', 3, "Type 'number' is not assignable to type 'string'.");
    const blamed = blameEntries([nodeParent, treeOwner, disposeEntry, skipped], [error], changes)!;
    expect([...blamed.keys()].map((e) => e.id)).toEqual(['a']);
    expect(blamed.get(nodeParent)).toEqual([error]);
  });

  test("an owner's class counts as edited by a dispose entry", () => {
    const blamed = blameEntries([nodeParent, treeOwner, disposeEntry], [diagnostic('src/tree.ts', 8, "Cannot find name 'x'.")], changes)!;
    expect([...blamed.keys()].map((e) => e.id)).toEqual(['b', 'c']);
  });

  test('an error outside every edited class goes to every entry editing the file (skipped entries edit nothing)', () => {
    const blamed = blameEntries([nodeParent, treeOwner, disposeEntry, skipped], [diagnostic('src/tree.ts', 13, "Cannot find name 'x'.")], changes)!;
    expect([...blamed.keys()].map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  test('an error in a file no entry edits goes to the entries it names in quotes', () => {
    const error = diagnostic('src/use.ts', 4, "Property 'owner' is missing in type '{}' but required in type 'Tree'.");
    const blamed = blameEntries([nodeParent, treeOwner], [error], changes)!;
    // 'owner' is Tree.owner's field, and 'Tree' its class; Node.parent is named by neither.
    expect([...blamed.keys()].map((e) => e.id)).toEqual(['b']);
    // A dispose entry is also named by its owners' classes and its method.
    const disposeError = diagnostic('src/sub.ts', 2, "Property 'dispose' in type 'SubTree' is not assignable to the same property in base type 'Base'.");
    expect([...blameEntries([nodeParent, disposeEntry], [disposeError], changes)!.keys()].map((e) => e.id)).toEqual(['c']);
  });

  test('an error that names an entry goes to it, even inside another entry\'s class', () => {
    // Tree's code builds a Node literal, which breaks once Node.parent becomes `#parent` storage:
    // the error sits in Tree (line 8), but it is Node.parent's change that caused it.
    const error = diagnostic('src/tree.ts', 8, "Property '#parent' is missing in type '{ parent: Tree; }' but required in type 'Node'.");
    expect([...blameEntries([nodeParent, treeOwner, disposeEntry], [error], changes)!.keys()].map((e) => e.id)).toEqual(['a']);
  });

  test("a field's bare name quoted inside a class only another entry edits is that edit's own name", () => {
    // Seventh sweep (cannon-es): `'body' is possibly 'null'` about the loop variable `body` of the
    // dispose() Body.world's entry added to World was pinned on Shape.body's entry (field `body`),
    // which edits neither World nor anything there, and an entry that verified alone was left out.
    // Here: an entry for a field `nodes` of Node (lines 1-5), and an error in Tree (line 10), which Tree.owner's entry edits.
    const named = entry('s', 'weakref', 'src/tree.ts', 'Node', 'nodes');
    const error = diagnostic('src/tree.ts', 10, "'nodes' is possibly 'null'.");
    expect([...blameEntries([named, treeOwner], [error], changes)!.keys()].map((e) => e.id)).toEqual(['b']);
  });

  test('the closest name wins: the field, then the class, then an owner\'s class or the dispose method', () => {
    const byClass = diagnostic('src/use.ts', 1, "Type 'Tree' has no call signatures.");
    // Tree.owner's class is Tree; the dispose entry only has Tree as an owner.
    expect([...blameEntries([treeOwner, disposeEntry], [byClass], changes)!.keys()].map((e) => e.id)).toEqual(['b']);
    const byOwner = diagnostic('src/use.ts', 1, "Property 'dispose' in type 'SubTree' is not assignable to the same property in base type 'Base'.");
    expect([...blameEntries([treeOwner, disposeEntry], [byOwner], changes)!.keys()].map((e) => e.id)).toEqual(['c']);
  });

  test('inside an edited class, the class around the error beats a class the message names', () => {
    // Widening Node.parent breaks `const t: Tree = this.parent` inside Node: the message names
    // Tree (Tree.owner's class) but the change that caused it is Node's. Regression: Tree.owner
    // was left out and Node.parent only then lost its widening.
    const error = diagnostic('src/tree.ts', 3, "Type 'Tree | undefined' is not assignable to type 'Tree'.");
    expect([...blameEntries([nodeParent, treeOwner], [error], changes)!.keys()].map((e) => e.id)).toEqual(['a']);
  });

  test('entries refused as a whole, and an unlink fix\'s back-pointer class, are not blamed for what they did not edit', () => {
    const error = diagnostic('src/tree.ts', 3, "Cannot find name 'x'.");
    // Node.parent's entry was taken out whole (its back-pointer side refused): the dispose entry
    // editing the same file is the only one left, and line 3 is outside its class, so it gets it.
    expect([...blameEntries([nodeParent, disposeEntry], [error], changes, new Set(['a']))!.keys()].map((e) => e.id)).toEqual(['c']);
    // An unlink fix edits its owner's removal method, not the back-pointer's class.
    const unlink = entry('g', 'unlink-fix', 'src/tree.ts', 'Node', 'parent', [{ file: 'src/tree.ts', class: 'Tree', field: 'nodes', container: 'array' }]);
    expect([...blameEntries([nodeParent, unlink], [error], changes)!.keys()].map((e) => e.id)).toEqual(['a']);
  });

  test('of two entries named by one field, the one editing the class around the error', () => {
    // Regression: an unlink fix of Node.parent writing `node.parent = undefined` in Tree's removal
    // method (TS2540: Node.parent is readonly) named 'parent', and so did Node.parent's weakref
    // entry, which edits Node alone; both were dropped.
    const unlink = entry('g', 'unlink-fix', 'src/tree.ts', 'Node', 'parent', [{ file: 'src/tree.ts', class: 'Tree', field: 'nodes', container: 'array' }]);
    const weakref = { ...nodeParent, owners: unlink.owners };
    const error = diagnostic('src/tree.ts', 10, "Cannot assign to 'parent' because it is a read-only property.");
    expect([...blameEntries([weakref, unlink], [error], changes)!.keys()].map((e) => e.id)).toEqual(['g']);
    // Outside both entries' classes, the name alone decides: both.
    const elsewhere = diagnostic('src/use.ts', 1, "Cannot assign to 'parent' because it is a read-only property.");
    expect([...blameEntries([weakref, unlink], [elsewhere], changes)!.keys()].map((e) => e.id)).toEqual(['a', 'g']);
  });

  test('a generic class is named with its type arguments', () => {
    // Regression (rxjs): `'ColdObservable<T>'` did not count as naming ColdObservable.
    const cold = entry('e', 'dispose', 'src/cold.ts', 'ColdObservable', 'scheduler');
    const hot = entry('f', 'weakref', 'src/hot.ts', 'HotObservable', 'scheduler');
    const coldChanges = { files: ['src/cold.ts', 'src/hot.ts'].map((file) => ({ file, before: '', after: '' })), skipped: [] };
    const error = diagnostic('src/cold.ts', 16, "Property 'scheduler' in type 'ColdObservable<T>' is not assignable to the same property in base type 'Loggable'.");
    expect([...blameEntries([cold, hot], [error], coldChanges)!.keys()].map((e) => e.id)).toEqual(['e']);
  });

  test('a part a transform refused edited nothing, so it is not blamed', () => {
    const refused = { ...changes, skipped: [{ entryId: 'b', file: 'src/tree.ts', reason: 'weakref-accessor: Tree.owner not changed: ...' }] };
    // Line 10 is in Tree, which only Tree.owner (refused) and the dispose entry's owner part edit.
    const blamed = blameEntries([nodeParent, treeOwner, disposeEntry], [diagnostic('src/tree.ts', 10, "Cannot find name 'x'.")], refused)!;
    expect([...blamed.keys()].map((e) => e.id)).toEqual(['c']);
    // Named by the message, it is still not blamed: it changed nothing anywhere.
    const named = diagnostic('src/use.ts', 1, "Property 'owner' does not exist on type 'Tree'.");
    expect(blameEntries([nodeParent, treeOwner], [named], refused)).toBeUndefined();
  });

  test('an error that no entry can be pinned with makes the whole attribution fail', () => {
    const unnamed = diagnostic('src/use.ts', 4, "Cannot find name 'x'.");
    expect(blameEntries([nodeParent, treeOwner], [diagnostic('src/tree.ts', 3, "Cannot find name 'y'."), unnamed], changes)).toBeUndefined();
  });
  test('an error inside the removal method an unlink fix edits goes to that fix, not to a weakref fix of the same class', () => {
    // Regression (@opensumi's EditorGrid, eleventh sweep): the weakref entry of `parent` (0.99) was
    // left out with the unlink fixes whose resets broke `this.parent.children` reads.
    const grid = [
      'export class Grid {',
      '  #parent: WeakRef<Grid> | undefined;',
      '  get parent() { return this.#parent?.deref(); }',
      '  children: Grid[] = [];',
      '  moveLeft(): void {',
      '    this.parent!.children.splice(0, 1);',
      '    this.parent = undefined;',
      '    this.parent.children.splice(1, 0, this);',
      '  }',
      '}',
      '',
    ].join('\n');
    const weak = entry('w', 'weakref', 'src/grid.ts', 'Grid', 'parent');
    const unlink = { ...entry('u', 'unlink-fix', 'src/grid.ts', 'Grid', 'parent', [{ file: 'src/grid.ts', class: 'Grid', field: 'children', container: 'array' }]), method: 'moveLeft' };
    const error = diagnostic('src/grid.ts', 8, "Object is possibly 'undefined'.");
    const blamed = blameEntries([weak, unlink], [error], { files: [{ file: 'src/grid.ts', before: '', after: grid }], skipped: [] })!;
    expect([...blamed.keys()].map((e) => e.id)).toEqual(['u']);
    // Outside that method, both edit the class: both are blamed, as before.
    const elsewhere = diagnostic('src/grid.ts', 3, "Object is possibly 'undefined'.");
    expect([...blameEntries([weak, unlink], [elsewhere], { files: [{ file: 'src/grid.ts', before: '', after: grid }], skipped: [] })!.keys()].map((e) => e.id)).toEqual(['w', 'u']);
  });

  test('an error inside the dispose method a dispose entry adds to an owner goes to that entry, not to a weakref fix of the same class', () => {
    // Regression (maptalks, twelfth sweep): `this.painter?.dispose()` on a union one member has no
    // dispose for also left out the weakref fix of Geometry's own `_parent`.
    const geo = [
      'export class Geo {',
      '  #parent: WeakRef<Group> | undefined;',
      '  get parent() { return this.#parent?.deref(); }',
      '  painter?: PainterA | PainterB;',
      '  #disposed = false;',
      '  dispose(): void {',
      '    if (this.#disposed) return;',
      '    this.#disposed = true;',
      '    this.painter?.dispose();',
      '  }',
      '}',
      '',
    ].join('\n');
    const weak = entry('w', 'weakref', 'src/geo.ts', 'Geo', 'parent');
    const dispose = entry('d', 'dispose', 'src/painter.ts', 'PainterA', 'geo', [{ file: 'src/geo.ts', class: 'Geo', field: 'painter', container: 'single' }]);
    const files = { files: [{ file: 'src/geo.ts', before: '', after: geo }], skipped: [] };
    const error = diagnostic('src/geo.ts', 9, "Property 'dispose' does not exist on type 'PainterA | PainterB'.");
    expect([...blameEntries([weak, dispose], [error], files)!.keys()].map((e) => e.id)).toEqual(['d']);
    // Outside that method, both edit the class: both are blamed, as before.
    expect([...blameEntries([weak, dispose], [diagnostic('src/geo.ts', 5, "Cannot find name 'x'.")], files)!.keys()].map((e) => e.id)).toEqual(['w', 'd']);
  });
});
