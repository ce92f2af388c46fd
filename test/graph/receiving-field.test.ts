import { describe, expect, test } from 'vitest';
import { ts } from '../../src/typescript.js';
import { copiedFields, receivingFields, thisArgumentOf, type ConstructorLookup } from '../../src/graph/receiving-field.js';

/** Classes by name from one parsed file; `extends X` read from the syntax (the graph resolves it with the checker). */
function lookupOf(source: string): ConstructorLookup {
  const file = ts.createSourceFile('a.ts', source, ts.ScriptTarget.ES2022, true);
  const classes = new Map(file.statements.filter(ts.isClassDeclaration).map((node) => [node.name!.text, node]));
  return {
    declarationOf: (id) => classes.get(id),
    baseOf: (id) => {
      const clause = classes.get(id)?.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
      const expression = clause?.types[0]?.expression;
      return expression && ts.isIdentifier(expression) ? expression.text : undefined;
    },
  };
}

describe('receivingFields: which fields of `new C(...)` keep the argument at a position', () => {
  const lookup = lookupOf(`
    class Base { constructor(public owner: unknown, readonly items: unknown[]) {} }
    class Inherits extends Base {}
    class Passes extends Base { constructor(host: unknown) { super(host, []); } }
    class PassesSecond extends Base { constructor(list: unknown[], host: unknown) { super(host, list); } }
    class Assigns { parent: unknown; #host: unknown; constructor(a: unknown, b: unknown) { this.parent = (a as object)!; if (b) { this.#host = b; } } }
    class Later { parent: unknown; constructor(a: unknown) { queueMicrotask(() => { this.parent = a; }); } }
    class Spread extends Base { constructor(...args: unknown[]) { super(args[0], []); } }
    class Destructures { constructor({ parent }: { parent: unknown }) {} }
    class Registers { constructor(owner: { add(x: unknown): void }) { owner.add(this); } }
    class Overloads { host: unknown; constructor(host: unknown); constructor(host: unknown, extra?: number) { this.host = host; } }
    class Loop extends Loop {}
    class Props { editor: unknown; constructor(props: { editor: unknown }) { this.editor = props.editor; } }
    class Destructured { #host: unknown; constructor(first: number, { editor: host }: { editor: unknown }) { this.#host = host; } }
    class PropsToBase extends Props { constructor(options: { editor: unknown }) { super(options); } }
    class ValueToBase extends Base { constructor(options: { editor: unknown }) { super(options.editor, []); } }
    class KeepsOptions { constructor(public options: { editor: unknown }) {} }
    class Both { owner: unknown; constructor(public parent: unknown) { this.owner = parent; } }
    class Chained { owner: unknown; parent: unknown; constructor(p: unknown) { this.owner = this.parent = p; } }
    class Branches { root: unknown; parent: unknown; constructor(p: unknown, top: boolean) { if (top) this.root = p; else this.parent = p; } }
    class SuperAndOwn extends Base { view: unknown; constructor(p: unknown) { super(p, []); this.view = p; } }
    class SpreadToBase extends Base { constructor(rest: unknown[], p: unknown) { super(...rest, p); } }
    class Declared extends Base { constructor(label: string, parent: unknown); }
  `);

  test.each([
    ['Base', 0, 'owner'],
    ['Base', 1, 'items'],
    ['Inherits', 0, 'owner'], // no constructor: the base's receives the arguments
    ['Passes', 0, 'owner'], // super(host, [])
    ['PassesSecond', 1, 'owner'],
    ['PassesSecond', 0, 'items'],
    ['Assigns', 0, 'parent'], // through `as` and `!`
    ['Assigns', 1, '#host'], // in a nested block, to an ES private field
    ['Overloads', 0, 'host'], // the implementation, not the overload signature
  ])('%s, argument %i: %s', (name, position, field) => {
    expect(receivingFields(name, { position }, lookup)).toEqual([field]);
  });

  test.each([
    ['Both', ['parent', 'owner']], // a parameter property, then copied
    ['Chained', ['owner', 'parent']], // this.owner = this.parent = p
    ['Branches', ['root', 'parent']], // either, depending on an argument
    ['SuperAndOwn', ['owner', 'view']], // the base's, then its own
  ])('%s: every field that keeps it', (name, fields) => {
    expect(receivingFields(name, { position: 0 }, lookup)).toEqual(fields);
  });

  test.each([
    ['Props', 0, 'editor'], // this.editor = props.editor
    ['Destructured', 1, '#host'], // { editor: host }
    ['PropsToBase', 0, 'editor'], // super(options): the base reads options.editor
    ['ValueToBase', 0, 'owner'], // super(options.editor, [])
  ])('%s, `editor: this` in an options object at argument %i: %s', (name, position, field) => {
    expect(receivingFields(name, { position, key: 'editor' }, lookup)).toEqual([field]);
  });

  test('an options object kept whole is not the field holding `this`', () => {
    expect(receivingFields('KeepsOptions', { position: 0, key: 'editor' }, lookup)).toEqual([]);
    expect(receivingFields('Props', { position: 0, key: 'view' }, lookup)).toEqual([]);
  });

  test.each([
    ['Later', 0], // stored later, in a callback
    ['Spread', 0], // a rest parameter
    ['Destructures', 0],
    ['Registers', 0], // used, not kept
    ['Base', 2], // no such parameter
    ['Unknown', 0], // not a project class
    ['Loop', 0], // a cycle of bases ends at the depth limit
    ['SpreadToBase', 1], // after a spread, the base's position is unknown
    ['Declared', 1], // a constructor without a body (declarations): not the base's parameters
  ])('%s, argument %i: not shown by the constructor', (name, position) => {
    expect(receivingFields(name, { position }, lookup)).toEqual([]);
  });
});

describe('copiedFields: fields the constructor fills from properties of an argument', () => {
  const lookup = lookupOf(`
    class Snaps { editor: unknown; view: unknown; constructor(readonly manager: { editor: unknown; view: unknown }) { this.editor = manager.editor; if (manager.view) this.view = (manager.view as object)!; } }
    class Second { editor: unknown; constructor(id: number, m: { editor: unknown }) { this.editor = m.editor; } }
    class Climbs { editor: unknown; constructor(m: { parent?: any; editor: unknown }) { while (m.parent) m = m.parent; this.editor = m.editor; } }
    class Compares { editor: unknown; constructor(m: { editor: unknown }) { if (m === undefined) throw new Error(); this.editor = m.editor; } }
    class Later { editor: unknown; constructor(m: { editor: unknown }) { queueMicrotask(() => { this.editor = m.editor; }); } }
    class Chained { editor: unknown; host: unknown; constructor(m: { editor: unknown }) { this.editor = this.host = m.editor; } }
    class PassesOn extends Snaps { constructor(id: number, m: { editor: unknown; view: unknown }) { super(m); } }
    class Inherits extends Second {}
    class PassesSpread extends Second { constructor(...args: [number, { editor: unknown }]) { super(...args); } }
  `);

  test.each([
    ['Snaps', 0, [{ from: 'editor', into: ['editor'] }, { from: 'view', into: ['view'] }]],
    ['Second', 1, [{ from: 'editor', into: ['editor'] }]],
    ['Second', 0, []],
    // Reassigned first: `m.editor` is another object's.
    ['Climbs', 0, []],
    // Compared, not reassigned.
    ['Compares', 0, [{ from: 'editor', into: ['editor'] }]],
    // In a callback: not while constructing.
    ['Later', 0, []],
    ['Chained', 0, [{ from: 'editor', into: ['editor', 'host'] }]],
    // Passed on to super(m): the base's constructor copies from it.
    ['PassesOn', 1, [{ from: 'editor', into: ['editor'] }, { from: 'view', into: ['view'] }]],
    ['PassesOn', 0, []],
    // No constructor: the base's receives the arguments.
    ['Inherits', 1, [{ from: 'editor', into: ['editor'] }]],
    // A rest parameter: its elements' positions are not followed.
    ['PassesSpread', 1, []],
  ])('%s, argument %i', (name, position, expected) => {
    expect(copiedFields(name, position, lookup)).toEqual(expected);
  });
});

describe('thisArgumentOf: where `this` is among the arguments', () => {
  const argumentsOf = (call: string) => {
    const file = ts.createSourceFile('a.ts', call, ts.ScriptTarget.ES2022, true);
    return ((file.statements[0] as ts.ExpressionStatement).expression as ts.NewExpression).arguments;
  };
  test.each([
    ['new A(this)', { position: 0 }],
    ['new A(1, (this as B))', { position: 1 }],
    ['new A({ editor: this, x: 1 })', { position: 0, key: 'editor' }],
    ['new A(x, { "view": this })', { position: 1, key: 'view' }],
    ['new A(this, { editor: this })', { position: 0 }],
    ['new A(this.x, { editor: this.y })', undefined],
    ['new A({ ...this })', undefined],
    ['new A(...rest, this)', undefined], // after a spread, its position is unknown
    ['new A(this, ...rest)', { position: 0 }],
    ['new A()', undefined],
  ])('%s', (call, expected) => {
    expect(thisArgumentOf(argumentsOf(call))).toEqual(expected);
  });
});
