import { describe, expect, it } from 'vitest';
import { graphOf } from './graph-of.js';

// Owner holds Items in several fields (each on a cycle with Item.owner); `body` is one of Owner's
// methods. The fact checked: Owner constructs an Item passing `this`, kept in which own field.
const classes = (body: string) => `
export class Item {
  constructor(readonly owner: Owner) {}
  *[Symbol.iterator](): Iterator<Item> {}
  concat(more: Item[]): Item[] { return more; }
}
export class Registry<T> {
  private byName = new Map<string, T>();
  add(name: string, item: T): void { this.byName.set(name, item); }
}
export class Slot<T> {
  private _value: T | undefined;
  plain: T | undefined;
  get value(): T | undefined { return this._value; }
  set value(value: T | undefined) { this._value = value; }
}
export class Owner {
  items: Item[] = [];
  item: Item | undefined;
  registry = new Registry<Item>();
  slot = new Slot<Item>();
  ${body}
}
declare function keep<T>(value: T): T[];
`;

describe('constructs-with-this facts: the own field a construction is kept in (kept-in.ts)', () => {
  const keptIn = (body: string) =>
    graphOf({ 'src/owner.ts': classes(body) }).facts.filter((fact) => fact.kind === 'constructs-with-this').map((fact) => fact.ownField ?? null);

  it.each([
    ['this.items[0] = new Item(this)', 'items'],
    ['this.items = [...this.items, new Item(this)]', 'items'],
    ['this.items = ids.map(() => new Item(this))', 'items'],
    ['this.items = ids.map(() => { return new Item(this); })', 'items'],
    ['this.items = Array.from(ids, () => new Item(this))', 'items'],
    ['this.items = Array.from({ length: ids.length }, (_, index) => { return new Item(this); })', 'items'],
    ['this.items.push(...ids.map(() => new Item(this)))', 'items'],
    ['this.items.push(...[new Item(this)])', 'items'],
    ['this.items.splice(0, 0, new Item(this))', 'items'],
    ['this.items = this.items.concat(new Item(this))', 'items'],
    ['this.items = [new Item(this)].concat(this.items)', 'items'],
    ['this.item ??= new Item(this)', 'item'],
    ['this.item = ids.length > 0 ? new Item(this) : undefined', 'item'],
    // A project's own add(name, item) keeps what it is given, whatever the position.
    ["this.registry.add('main', new Item(this))", 'registry'],
    // Through a set accessor of a holder (VS Code's MutableDisposable: `this._x.value = new X(this)`).
    ['this.slot.value = new Item(this)', 'slot'],
    // Through a local, in each of those shapes.
    ['const c = new Item(this); this.items.splice(0, 0, c)', 'items'],
    ['const c = new Item(this); this.item ??= c', 'item'],
    ['const c = new Item(this); this.items.push(this.items[0]!, c)', 'items'],
    ['const c = new Item(this); this.items = [...this.items, c]', 'items'],
    ['const c = new Item(this); this.items = this.items.concat(c)', 'items'],
    // Assigned to a `let` (the get-or-create idiom, fifth sweep: @tanstack/query-core's QueryCache.build).
    ['let c = this.items[0]; if (!c) { c = new Item(this); this.items.push(c); }', 'items'],
  ])('%s: kept in this.%s', (statements, field) => {
    expect(keptIn(`build(ids: number[]): void { ${statements}; }`)).toEqual([field]);
  });

  it.each([
    // A spread keeps the elements of what it spreads, not the object itself.
    ['this.items = [...new Item(this)]'],
    ['const c = new Item(this); this.items.push(...c)'],
    // `concat` called on the object: its result is whatever the method returns.
    ['const c = new Item(this); this.items = c.concat(this.items)'],
    // Handed to a function, which may keep it or not; or not kept at all.
    ['this.items = keep(new Item(this))'],
    ['this.items.includes(new Item(this))'],
    // Array.from's first argument is its source, whose elements are copied; a callback there maps nothing.
    ['this.items = Array.from(new Set([new Item(this)]))'],
    // A plain field of the held object is that object's storage (stored-under.ts follows it).
    ['this.slot.plain = new Item(this)'],
    // The local holds something else by the time it is kept.
    ['let c = new Item(this); c = this.items[0]!; this.items.push(c)'],
    ['let c: Item; c = new Item(this); c = this.items[0]!; this.items.push(c)'],
  ])('%s: not kept', (statements) => {
    expect(keptIn(`build(ids: number[]): void { ${statements}; }`)).toEqual([null]);
  });

  it("a `function` callback's `this` is its own (here the thisArg): no construction passing the owner at all", () => {
    expect(keptIn('build(ids: number[]): void { this.items = ids.map(function (this: Owner) { return new Item(this); }, new Owner()); }')).toEqual([]);
  });
});
