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

/** What `dispose() { <body> }` surely does: its clears, and per field the calls and resets. */
function reads(body: string, members = '') {
  const info = disposal(`class A {\n  dispose() {\n${body}\n  }\n${members}\n}`);
  return { clears: info.clears, held: Object.fromEntries(info.held.map((entry) => [entry.field, [...entry.calls, ...entry.resets.map((name) => `.${name}=`)]])) };
}

describe('readDisposal', () => {
  it('names the other end-of-life methods it calls on `this`, deferred too, but not those of another `this`', () => {
    // fabric's canvas: dispose() runs destroy() in the next animation frame.
    const info = disposal(`class A {
      dispose() {
        return new Promise((resolve) => requestAnimationFrame(() => { this.destroy(); resolve(true); }));
      }
      destroy() {}
    }`);
    expect(info.handsOver).toEqual(['destroy']);
    expect(info.clears).toEqual([]);
    // A function expression or a class of its own has another `this`; its own name is not another method.
    const other = disposal(`class A {
      dispose() {
        setTimeout(function () { this.destroy(); });
        const B = class { run() { this.close(); } };
        this.dispose();
        this.item.destroy();
      }
    }`);
    expect(other).not.toHaveProperty('handsOver');
    // `this.destroy(item)` ends one item: no hand-over; and a method with a parameter to fill says so.
    const perItem = disposal(`class A {
      dispose() {
        for (const item of this.items) this.destroy(item);
      }
      destroy(item: Item, reason?: string, ...rest: unknown[]) {}
    }`);
    expect(perItem).not.toHaveProperty('handsOver');
    expect(perItem).not.toHaveProperty('takesArguments');
    expect(disposal(`class A { destroy(item: Item) {} }`, 'destroy').takesArguments).toBe(true);
    expect(disposal(`class A { destroy(reason?: string, force = false) {} }`, 'destroy')).not.toHaveProperty('takesArguments');
  });

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

  it('follows every object a field holds into loops, callbacks, locals and whole copies', () => {
    // Calls on the collection itself (`forEach`, `values`, `pop`) are listed too: without types,
    // a collection and a single object look alike, and detection matches dispose methods only.
    expect(
      reads(`
        for (const child of this.children) child.dispose();
        for (const layer of this.layers.values()) layer.destroy();
        for (const [, tab] of this.tabs) tab.close();
        Object.values(this.byId).forEach((item) => item.release());
        [...this.items].forEach(function (item) { item.owner = null; });
        while (this.queue.length) this.queue.pop()!.dispose();
        for (let i = 0; i < this.list.length; i++) this.list[i].detach();
        const copy = this.nodes.slice();
        for (const node of copy) node.free();
        this.single?.dispose();
        Promise.all(this.pending.map((job) => job.cancel()));`),
    ).toEqual({
      clears: [],
      held: {
        byId: ['forEach', 'release'],
        children: ['dispose'],
        items: ['forEach', '.owner='],
        layers: ['destroy', 'values'],
        list: ['detach'],
        nodes: ['free', 'slice'],
        pending: ['cancel', 'map'],
        queue: ['dispose', 'pop'],
        single: ['dispose'],
        tabs: ['close'],
      },
    });
  });

  it('does not take one object, some objects, or what an object gives back for every object', () => {
    // What is seen: calls on the collection (`pop`, `get`, ...) and `getView()` on each object; no dispose().
    expect(
      reads(`
        this.a[0]?.dispose();
        this.b.pop()?.dispose();
        this.c.get('main')?.dispose();
        this.d.find((x) => x.active)?.dispose();
        for (const x of this.e.filter((x) => x.temporary)) x.dispose();
        for (const x of this.f) x.getView().dispose();
        for (const [key] of this.g) key.dispose();
        this.h.owner.dispose();`).held,
    ).toEqual({ b: ['pop'], c: ['get'], d: ['find'], e: ['filter'], f: ['getView'] });
  });

  it('counts only what runs whenever it runs', () => {
    expect(
      reads(`
        const later = () => { for (const c of this.a) c.dispose(); };
        this.onDetach = () => { this.b = undefined; };
        const state = { reset() { this.c = undefined; } };
        if (!this.keep) this.d = undefined;
        this.ready && this.e.dispose();
        try { this.f = undefined; } catch { this.g = undefined; }`),
    ).toEqual({ clears: ['f'], held: {} });
    // After an early return, only the method's "already disposed" guard keeps the rest sure.
    expect(reads('if (this.#disposed) return;\n this.a = undefined;').clears).toEqual(['a']);
    expect(reads('if (disposedWidgets.has(this)) return;\n this.a = undefined;').clears).toEqual(['a']);
    // mongodb's close(): already closed, or closing.
    expect(reads('if (this.s.state === STATE_CLOSED) return;\n this.a = undefined;').clears).toEqual(['a']);
    expect(reads('if (isInCloseState(this)) { return; }\n this.a = undefined;').clears).toEqual(['a']);
    expect(reads('if (this.parent) return;\n this.parent = undefined;').clears).toEqual([]);
    // A test that the field is set: what is done to that field counts, not what is done to another.
    expect(reads('if (this.layout) { this.layout.dispose(); this.layout = null; this.other = null; }')).toEqual({ clears: ['layout'], held: { layout: ['dispose'] } });
  });

  it('a loop that may stop early, or leaves objects out, does not reach every object', () => {
    // Found by the thirteenth sweep: each of these read as disposing every child.
    expect(
      reads(`
        while (this.a.length > 1) this.a.pop()!.dispose();
        for (const x of this.b) { x.dispose(); break; }
        for (const x of this.c) { if (x.kept) continue; x.dispose(); }
        for (let i = 1; i < this.d.length; i++) this.d[i].dispose();
        for (const x of this.e) { x.dispose(); return; }`).held,
    ).toEqual({ a: ['pop'] });
    expect(reads('for (let i = this.a.length - 1; i >= 0; i--) this.a[i].dispose();\n while (this.b.length > 0) this.b.shift()!.dispose();').held).toEqual({
      a: ['dispose'],
      b: ['dispose', 'shift'],
    });
    // A `break` of an inner loop or a `switch` leaves nothing early.
    expect(reads('for (const x of this.a) { for (const y of x.parts) { if (y) break; } x.dispose(); }').held).toEqual({ a: ['dispose'] });
  });

  it('a return anywhere before the clear, a clear undone, a guard another method sets: not sure', () => {
    expect(reads('switch (this.kind) { case 1: return; }\n this.parent = undefined;').clears).toEqual([]);
    expect(reads('this.parent = undefined;\n this.parent = this.fallback ?? undefined;').clears).toEqual([]);
    expect(reads('if (this.destroyed) return;\n this.parent = undefined;', 'kill() { this.destroyed = true; }').clears).toEqual([]);
    expect(reads('if (this.destroyed) return;\n this.destroyed = true;\n this.parent = undefined;').clears).toEqual(['parent']);
  });

  it('a loop over a collection the method emptied before disposes nothing', () => {
    expect(reads('this.a.length = 0;\n for (const x of this.a) x.dispose();').held).toEqual({});
    expect(reads('this.b = [];\n for (const x of this.b) x.dispose();').held).toEqual({});
    expect(reads('this.c.clear();\n this.c.forEach((x) => x.dispose());').held).toEqual({ c: ['clear'] });
    expect(reads('for (const x of this.d) x.dispose();\n this.d.length = 0;').held).toEqual({ d: ['dispose'] });
  });

  it('a nested function whose parameter shadows a loop variable is not the loop variable', () => {
    const info = disposal(`class A {
      dispose() {
        for (const child of this.children) {
          [this.spare].forEach((child) => child.dispose());
        }
      }
    }`);
    expect(info.held).toEqual([]);
  });

  it("counts the class's own methods it calls (once each, also when they call each other), and an unconditional `super`", () => {
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
    expect(info).toEqual({
      method: 'dispose',
      line: 2,
      clears: ['owner', 'parent'],
      held: [{ field: 'children', calls: ['dispose', 'forEach'], resets: [] }],
      callsSuper: true,
      through: ['clear', 'reset'],
    });
    expect(disposal('class A extends B { dispose() { if (!this.pinned) super.dispose(); } }').callsSuper).toBeUndefined();
    // A mixin's class, as inject-dispose writes its call of the base's method.
    expect(disposal('class A extends Base { dispose() { Base.prototype.dispose?.call(this); } }').callsSuper).toBe(true);
    expect(disposal('class A extends Base { dispose() { Other.prototype.dispose?.call(this); } }').callsSuper).toBeUndefined();
    expect(disposal('class A extends B { dispose() { super.close(); super.call(this); } }').callsSuper).toBeUndefined();
  });

  it('a write through a setter clears the field it stores its value in, only where it always does', () => {
    const setter = (body: string) => disposal(`class A { private _parent: P | null = null; set parent(value: P | null) { ${body} } dispose() { this.parent = null; } }`).clears;
    expect(setter('this._parent = value;')).toEqual(['_parent']);
    expect(setter('if (this._parent === value) return; this._parent = value ?? null;')).toEqual(['_parent']);
    expect(setter('if (value) this._parent = value;')).toEqual(['set parent']);
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
