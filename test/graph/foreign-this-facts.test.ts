import { describe, expect, it } from 'vitest';
import { graphOf } from './graph-of.js';

// Owner and Item point at each other; `body` is one of Owner's methods. Inside a nested
// `function` or an object literal's method, `this` is another object (an element, a DOM node, a
// thisArg): what the code does with it says nothing about the Owner.
const classes = (body: string) => `
export class Item {
  owner: Owner | undefined;
  constructor(owner?: Owner) { this.owner = owner; }
}
export class Owner {
  items: Item[] = [];
  ${body}
}
`;

describe("facts about `this` come from the member's own `this` only", () => {
  const kinds = (body: string) =>
    graphOf({ 'src/owner.ts': classes(body) }).facts.filter((fact) => fact.method === 'build').map((fact) => `${fact.kind}${fact.ownField ? ` ${fact.ownField}` : ''}`);

  it.each([
    // Arrow functions keep the member's `this`.
    // (`this.items` read in a callback run per element: also a read in a loop.)
    ['ids.forEach(() => { this.items.push(new Item(this)); })', ['constructs-with-this items', 'adds-to-collection items', 'reads-in-loop']],
    ['ids.forEach(() => { item.owner = this; })', ['assigns-this']],
    // A local standing for the member's `this` (`const self = this`) is this object everywhere,
    // also inside a nested `function`: that is what the idiom is for.
    ['const self = this; item.owner = self; self.items.push(item);', ['assigns-this', 'adds-to-collection items']],
    ['const self = this; ids.forEach(function () { self.items.push(new Item(self)); });', ['constructs-with-this items', 'adds-to-collection items', 'reads-in-loop']],
    ['const that = this; const { items } = that; items.length = 0;', ['removes-from-collection items']],
  ])('%s', (statements, expected) => {
    expect(kinds(`build(ids: number[], item: Item): void { ${statements} }`).sort()).toEqual([...expected].sort());
  });

  it.each([
    ['ids.forEach(function (this: Owner) { this.items.push(new Item(this)); }, other)'],
    ['ids.forEach(function (this: Owner) { item.owner = this; }, other)'],
    ['const handlers = { click(this: Owner) { return new Item(this); } }; handlers.click.call(other)'],
    ['ids.forEach(function (this: Item[]) { this.push(item); }, other.items)'],
    // `self` is the callback's own `this` there.
    ['ids.forEach(function (this: Owner) { const self = this; self.items.push(item); item.owner = self; }, other)'],
  ])('%s: no fact about the Owner', (statements) => {
    // A read in a loop is about the field read, whoever holds it: not a fact about `this`. Nor is
    // two objects linked to each other (`self` and `item` above), whichever they are.
    const facts = kinds(`build(ids: number[], item: Item, other: Owner): void { ${statements} }`);
    expect(facts.filter((fact) => fact !== 'reads-in-loop' && fact !== 'links-mutually')).toEqual([]);
  });
});

describe('resets', () => {
  const resets = (body: string) =>
    graphOf({ 'src/owner.ts': classes(body) })
      .facts.filter((fact) => fact.kind === 'resets-field' && fact.method === 'build')
      .map((fact) => fact.field);

  // Regression (leafer's canvas, ninth sweep): `this.manager = this.view = this.parentView = null`
  // let go of the first target too, but only the inner assignments counted, and CanvasManager.clear()
  // was reported as an unlink bug.
  it('every target of a chained assignment of an empty value is reset', () => {
    expect(resets('other: Owner | undefined; build(item: Item): void { item.owner = this.other = undefined; }')).toEqual(['owner', 'other']);
    expect(resets('other: Owner | undefined; build(item: Item, next: Owner): void { item.owner = this.other = next; }')).toEqual([]);
  });
});
