import { describe, expect, it } from 'vitest';
import { readDisposal } from '../../src/graph/dispose-reach.js';
import { ts } from '../../src/typescript.js';

/** readDisposal of `method` in the (first) class of `code`. */
function disposal(code: string, method = 'dispose') {
  const sourceFile = ts.createSourceFile('a.ts', code, ts.ScriptTarget.Latest, true);
  const cls = sourceFile.statements.find(ts.isClassDeclaration)!;
  const member = cls.members.filter(ts.isMethodDeclaration).filter((m) => m.body && m.name.getText(sourceFile) === method)[0]!;
  return readDisposal(member, cls, sourceFile, method);
}

describe('readDisposal', () => {
  it('reads the fields it empties: `= undefined`, `= null!`, `= void 0`, `delete`, ES private names', () => {
    const info = disposal(`class A {
      dispose() {
        this.a = undefined;
        this.b = null!;
        this.c = void 0;
        delete this.d;
        this.#e = undefined;
        this.f = this.g;
      }
    }`);
    expect(info).toEqual({ method: 'dispose', line: 2, clears: ['#e', 'a', 'b', 'c', 'd'], held: [] });
  });

  it('follows what a field holds into loops, callbacks, locals, copies and what collections give back', () => {
    const info = disposal(`class A {
      dispose() {
        for (const child of this.children) child.dispose();
        for (const layer of this.layers.values()) layer.destroy();
        for (const [, tab] of this.tabs) tab.close();
        Object.values(this.byId).forEach((item) => item.release());
        [...this.items].forEach(function (item) { item.owner = null; });
        while (this.queue.length) this.queue.pop()!.dispose();
        const first = this.list[0];
        first.detach();
        this.single?.dispose();
        this.other.helper.dispose();
      }
    }`);
    // Calls on the collection itself (`forEach`, `values`, `pop`) are listed too: without types,
    // a collection and a single object look alike, and detection matches dispose methods only.
    expect(info.held).toEqual([
      { field: 'byId', calls: ['forEach', 'release'], resets: [] },
      { field: 'children', calls: ['dispose'], resets: [] },
      { field: 'items', calls: ['forEach'], resets: ['owner'] },
      { field: 'layers', calls: ['destroy', 'values'], resets: [] },
      { field: 'list', calls: ['detach'], resets: [] },
      { field: 'queue', calls: ['dispose', 'pop'], resets: [] },
      { field: 'single', calls: ['dispose'], resets: [] },
      { field: 'tabs', calls: ['close'], resets: [] },
    ]);
    // `this.other.helper` is an object the field's object holds, not what the field holds.
    expect(info.held.some((entry) => entry.field === 'other')).toBe(false);
  });

  it('a nested function whose parameter shadows a loop variable is not the loop variable', () => {
    const info = disposal(`class A {
      dispose() {
        for (const child of this.children) {
          const later = (child: unknown) => (child as any).dispose();
          later(this.spare);
        }
      }
    }`);
    expect(info.held).toEqual([]);
  });

  it("counts the class's own methods it calls (once each, also when they call each other), and `super`", () => {
    const info = disposal(`class A extends B {
      dispose() {
        this.clear();
        super.dispose();
      }
      clear() {
        this.children.forEach((child) => child.dispose());
        this.parent = undefined;
        this.reset();
      }
      reset() {
        this.clear();
        this.owner = null;
      }
    }`);
    expect(info).toEqual({ method: 'dispose', line: 2, clears: ['owner', 'parent'], held: [{ field: 'children', calls: ['dispose', 'forEach'], resets: [] }], callsSuper: true });
  });

  it('names `[Symbol.dispose]` calls as the member is named', () => {
    const info = disposal(
      `class A {
        [Symbol.dispose]() {
          for (const child of this.children) child[Symbol.dispose]();
        }
      }`,
      '[Symbol.dispose]',
    );
    expect(info.held).toEqual([{ field: 'children', calls: ['[Symbol.dispose]'], resets: [] }]);
  });
});
