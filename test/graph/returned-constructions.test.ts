import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/graph/field-graph.js';
import { graphOf } from './graph-of.js';

// An object that keeps, in its own field, what one of its methods builds passing `this`
// (`this.renderer = this.createRenderer()`): the construction is linked to that field.
const files = (owner: string, extra = '') => ({
  'src/model.ts': `
export class Part {
  constructor(readonly owner: Owner) {}
}
export class Owner {
  part: Part | undefined;
  parts: Part[] = [];
  ${owner}
}
${extra}
`,
});

const constructions = (graph: { facts: Fact[] }) =>
  graph.facts
    .filter((fact) => fact.kind === 'constructs-with-this')
    .map((fact) => ({
      method: fact.method,
      ownField: fact.ownField ?? null,
      returned: fact.returned ?? false,
      returnedTo: fact.returnedTo ? `${fact.returnedTo.classId.split('#')[1]}.${fact.returnedTo.method}:${fact.returnedTo.line}` : null,
    }));

describe('constructions returned to the object that keeps them (returned-constructions.ts)', () => {
  it.each([
    ['constructor() { this.part = this.makePart(); }', 'part', 'Owner.constructor:8'],
    ['constructor() { this.parts.push(this.makePart()); }', 'parts', 'Owner.constructor:8'],
    ['constructor() { const made = this.makePart(); this.part = made; }', 'part', 'Owner.constructor:8'],
  ])('%s: kept in this.%s', (keeping, field, where) => {
    const owner = `${keeping}\n  makePart(): Part { return new Part(this); }`;
    const graph = graphOf(files(owner));
    expect(constructions(graph)).toEqual([{ method: 'makePart', ownField: field, returned: true, returnedTo: where }]);
  });

  it('a field initializer keeps what an own method returns', () => {
    const graph = graphOf(files('readonly first: Part = this.makePart();\n  makePart(): Part { return new Part(this); }'));
    expect(constructions(graph)).toEqual([{ method: 'makePart', ownField: 'first', returned: true, returnedTo: 'Owner.<initializer>:8' }]);
  });

  it('a local returned as it is counts as returned, as `return new Part(this)` does', () => {
    const graph = graphOf(files('constructor() { this.part = this.makePart(); }\n  makePart(): Part { const made = new Part(this); made.toString(); return made; }'));
    expect(constructions(graph)).toEqual([{ method: 'makePart', ownField: 'part', returned: true, returnedTo: 'Owner.constructor:8' }]);
  });

  it('a base class keeps what a subclass override builds (the template method), and a subclass what an inherited factory builds', () => {
    const extra = `
export class Special extends Owner {
  makePart(): Part { return new Part(this); }
}`;
    const graph = graphOf(files('constructor() { this.part = this.makePart(); }\n  makePart(): Part | undefined { return undefined; }', extra));
    expect(constructions(graph)).toEqual([{ method: 'makePart', ownField: 'part', returned: true, returnedTo: 'Owner.constructor:8' }]);
    const inherited = `
export class Keeper extends Owner {
  constructor() { super(); this.part = this.makePart(); }
}`;
    const graph2 = graphOf(files('makePart(): Part { return new Part(this); }', inherited));
    expect(constructions(graph2)).toEqual([{ method: 'makePart', ownField: 'part', returned: true, returnedTo: 'Keeper.constructor:12' }]);
  });

  it.each([
    // Handed out: nothing of the object keeps it.
    ['create(): Part { return new Part(this); }'],
    // Another object's method of the same name.
    ['constructor(other: Owner) { this.part = other.makePart(); }\n  makePart(): Part { return new Part(this); }'],
    // A callback's return is the callback's, not the method's.
    ['constructor() { this.part = this.makePart(); }\n  makePart(): Part | undefined { [1].forEach(() => { return new Part(this); }); return undefined; }'],
    // A class off the line of inheritance with a method of the same name.
    ['constructor() { this.part = this.makePart(); }\n  makePart(): Part | undefined { return undefined; }'],
  ])('%s: not linked', (owner) => {
    const extra = `
export class Stranger {
  owner: Owner | undefined;
  makePart(): Part { return new Part(this as unknown as Owner); }
}`;
    const linked = constructions(graphOf(files(owner, extra))).filter((fact) => fact.returnedTo !== null);
    expect(linked).toEqual([]);
  });
});

describe('constructions gathered in a local collection the method returns', () => {
  const ownerWith = (type: string, body: string) => `all: ${type};\n  constructor() { this.all = this.makeParts(); }\n  makeParts(): ${type} { ${body} }`;

  it.each([
    ['Map<string, Part>', 'const made = new Map<string, Part>(); made.set("a", new Part(this)); return made;'],
    ['Part[]', 'const made: Part[] = []; for (const id of [1, 2]) { const part = new Part(this); made.push(part); } return made;'],
    ['Part[]', 'const made: Part[] = []; made.push(new Part(this)); return made;'],
  ])('%s, %s: kept in this.all', (type, body) => {
    expect(constructions(graphOf(files(ownerWith(type, body))))).toEqual([{ method: 'makeParts', ownField: 'all', returned: true, returnedTo: 'Owner.constructor:9' }]);
  });

  it.each([
    // Gathered, then the local is replaced: what is returned is something else.
    ['let made: Part[] = []; made.push(new Part(this)); made = []; return made;'],
    // Gathered in a local that is not returned.
    ['const made: Part[] = []; made.push(new Part(this)); return [];'],
  ])('%s: not linked', (body) => {
    expect(constructions(graphOf(files(ownerWith('Part[]', body)))).filter((fact) => fact.returnedTo !== null)).toEqual([]);
  });
});
