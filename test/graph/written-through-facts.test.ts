import { describe, expect, it } from 'vitest';
import { graphOf } from './graph-of.js';

// A readonly collection written through a local that holds it, and a readonly back-pointer set
// through a cast: how sprotty's SParentElementImpl.add keeps its children. `body` is Owner.build.
const classes = (body: string) => `
export class Item {
  readonly owner: Owner | undefined;
}
export class Owner {
  readonly items: ReadonlyArray<Item> = [];
  build(item: Item, ids: number[]): void { ${body} }
}
`;

const facts = (body: string) =>
  graphOf({ 'src/owner.ts': classes(body) })
    .facts.filter((fact) => fact.method === 'build')
    .map((fact) => `${fact.kind} ${fact.ownField ?? fact.field}${fact.targetClassId ? ` of ${fact.targetClassId.split('#')[1]}` : ''}`)
    .sort();

describe('facts written through a local holding the field, or through a cast', () => {
  it.each([
    ['const items = this.items as Item[]; items.push(item);', ['adds-to-collection items']],
    ['const items = <Item[]>this.items; items.splice(items.indexOf(item), 1);', ['removes-from-collection items']],
    ['const { items } = this; (items as Item[]).length = 0;', ['removes-from-collection items']],
    // The local still names the field inside a callback, also one with a `this` of its own.
    ['const items = this.items as Item[]; ids.forEach(function () { items.push(item); });', ['adds-to-collection items']],
    ['(item as { owner: Owner }).owner = this;', ['assigns-this owner of Item']],
    ['(<{ owner: Owner | undefined }>item).owner = undefined;', ['resets-field owner of Item']],
    ['(item as any).owner = this;', ['assigns-this owner of Item']],
  ])('%s', (body, expected) => {
    expect(facts(body)).toEqual(expected);
  });

  it.each([
    // A copy, not the field.
    ['const items = this.items.slice(); items.push(item);'],
    // Reassigned before the push: another array from then on.
    ['let items = this.items as Item[]; items = []; items.push(item);'],
    // A cast to an unrelated shape: its `owner` is not Item's.
    ['const other = { owner: this }; (other as { owner: Owner }).owner = this;'],
  ])('%s: no fact', (body) => {
    expect(facts(body)).toEqual([]);
  });
});
