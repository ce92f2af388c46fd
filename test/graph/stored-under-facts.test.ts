import { afterEach, describe, expect, it } from 'vitest';
import { buildFieldGraph } from '../../src/graph/build-field-graph.js';
import { analyze } from '../../src/index.js';
import { loadProject } from '../../src/project/load-project.js';
import { createTempProject, TSCONFIG, type TempProject } from '../apply/temp-project.js';

// P holds Cs in several ways; C keeps the P it is given (`owner`), through an options object too (Opt).
const classes = `
export class P {
  child: C | undefined;
  items: C[] = [];
  byId = new Map<string, C>();
  sub: Q | undefined;
  adopt(p: P): void { p.child = new C(p); }
  nest(): void { this.sub!.child = new C(this); }
  own(): void { this.child = new C(this); }
}
export class Q { child: C | undefined; }
export class C { constructor(public owner: P) {} }
export class Opt { owner: P; constructor({ owner }: { owner: P }) { this.owner = owner; } }
`;

describe('constructs-stored-under facts: a construction kept under the object passed to it', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  const storedUnder = (code: string) => {
    project = createTempProject({ 'tsconfig.json': TSCONFIG, 'src/classes.ts': classes, 'src/wire.ts': `import { C, Opt, P } from './classes.js';\n${code}\n` });
    const graph = buildFieldGraph(loadProject({ tsconfig: project.path('tsconfig.json') }));
    return graph.facts
      .filter((fact) => fact.kind === 'constructs-stored-under' && fact.file === 'src/wire.ts')
      .map((fact) => ({ method: fact.method, passed: fact.passed, storedUnder: fact.storedUnder, receivedBy: fact.receivedBy, line: fact.line }));
  };

  it.each([
    ['function f(p: P) { p.child = new C(p); }', ['src/classes.ts#P.child']],
    ['function f(p: P) { p.items.push(new C(p)); }', ['src/classes.ts#P.items']],
    ['function f(p: P, i: number) { p.items[i] = new C(p); }', ['src/classes.ts#P.items']],
    ['function f(p: P) { p.byId.set("k", new C(p)); }', ['src/classes.ts#P.byId']],
    ['function f(p: P) { const c = new C(p); p.items.unshift(c); }', ['src/classes.ts#P.items']],
    ['function f(p: P) { let c: C; c = new C(p); p.child = c; }', ['src/classes.ts#P.child']],
    ['function f(p: P) { (p.sub!).child = new C(p) as C; }', ['src/classes.ts#P.sub', 'src/classes.ts#Q.child']],
    // Lazily: kept only the first time, still kept under the object passed.
    ['function f(p: P) { p.child ??= new C(p); }', ['src/classes.ts#P.child']],
    ['function f(p: P) { const c = new C(p); p.child ||= c; }', ['src/classes.ts#P.child']],
    // Inside a larger value kept there (kept-in.ts).
    ['function f(p: P) { p.items = [...p.items, new C(p)]; }', ['src/classes.ts#P.items']],
    ['function f(p: P, n: number[]) { p.items = n.map(() => new C(p)); }', ['src/classes.ts#P.items']],
    ['function f(p: P) { p.items.splice(0, 0, new C(p)); }', ['src/classes.ts#P.items']],
    ['function f(p: P, ok: boolean) { p.child = ok ? new C(p) : undefined; }', ['src/classes.ts#P.child']],
    ['function f(p: P) { const c = new C(p); p.items = p.items.concat(c); }', ['src/classes.ts#P.items']],
    ['function f(p: P) { const c = new C(p); p.items = [c]; }', ['src/classes.ts#P.items']],
    // Named twice in the value kept: one fact.
    ['function f(p: P) { const c = new C(p); p.items = p.items.length > 0 ? [...p.items, c] : [c]; }', ['src/classes.ts#P.items']],
  ])('%s', (code, path) => {
    expect(storedUnder(code)).toEqual([{ method: 'f', passed: 'p', storedUnder: path, receivedBy: ['owner'], line: 2 }]);
  });

  it('an options object: the key shows the parameter, the constructor the field', () => {
    expect(storedUnder('export const wire = (p: P) => { p.child = new Opt({ owner: p }) as unknown as C; };')).toEqual([
      { method: 'wire', passed: 'p', storedUnder: ['src/classes.ts#P.child'], receivedBy: ['owner'], line: 2 },
    ]);
  });

  it('names the function: declaration, variable, object literal method, property assigned, top level', () => {
    const code = [
      'const handlers: Record<string, (p: P) => void> = {',
      '  down(p) { p.child = new C(p); },',
      '};',
      'handlers.up = (p) => { [1].forEach(() => { p.child = new C(p); }); };',
      'declare const root: P;',
      'root.child = new C(root);',
    ].join('\n');
    expect(storedUnder(code).map((fact) => [fact.method, fact.line])).toEqual([
      ['down', 3],
      ['handlers.up', 5],
      ['<module>', 7],
    ]);
  });

  it.each([
    // Kept under another object than the one passed.
    ['function f(p: P, q: P) { q.child = new C(p); }'],
    // Not a construction, or not kept.
    ['function f(p: P) { p.child = make(p); } declare function make(p: P): C;'],
    ['function f(p: P) { return new C(p); }'],
    ['function f(p: P) { p.items.includes(new C(p)); }'],
    // Through steps that do not hand the value on: a callback of another method, the condition of
    // `?:`, the left of `&&`, an object literal.
    ['function f(p: P, n: number[]) { p.items = n.filter(() => !!new C(p)) as unknown as C[]; }'],
    ['function f(p: P, a: C, b: C) { p.child = new C(p) ? a : b; }'],
    ['function f(p: P, a: C) { p.child = new C(p) && a; }'],
    ['function f(p: P) { p.child = { c: new C(p) } as unknown as C; }'],
    // A spread keeps the elements of what it spreads, not the object spread.
    ['function f(p: P) { p.items = [...(new C(p) as unknown as C[])]; }'],
    ['function f(p: P) { const c = new C(p); p.items.push(...(c as unknown as C[])); }'],
    // The local holds something else by the time it is kept.
    ['function f(p: P, other: C) { let c = new C(p); c = other; p.child = c; }'],
    ['function f(p: P, others: C[]) { const c = new C(p); for (const c of others) p.child = c; }'],
    // Kept in a local of another object's field: no path from the passed one.
    ['function f(p: P) { const items = p.items; items.push(new C(p)); }'],
    // Same names, other objects (found by a second reading): a callback's parameter shadows the
    // object passed, or the local holding the construction.
    ['function f(p: P, others: P[]) { const c = new C(p); others.forEach((p) => { p.child = c; }); }'],
    ['function f(p: P, others: C[]) { const c = new C(p); others.forEach((c) => { p.child = c; }); }'],
    ['function f(p: P, pairs: [C][]) { const c = new C(p); for (const [c] of pairs) p.child = c; }'],
    ['function f(p: P, qs: P[]) { const c = new C(p); for (const q of qs) ((p: P) => { p.child = c; })(q); }'],
  ])('%s: no fact', (code) => {
    expect(storedUnder(code)).toEqual([]);
  });

  it('every argument kept above the new object is a fact: `new C(p.sub, p)` kept in `p.sub.child`', () => {
    const code = 'export class D { constructor(public owner: P, public holder: P["sub"]) {} }\nfunction f(p: P) { p.sub!.child = new D(p, p.sub) as unknown as C; }';
    expect(storedUnder(code).map((fact) => [fact.passed, fact.storedUnder, fact.receivedBy])).toEqual([
      ['p', ['src/classes.ts#P.sub', 'src/classes.ts#Q.child'], ['owner']],
      ['p.sub', ['src/classes.ts#Q.child'], ['holder']],
    ]);
  });

  it('top-level code: a construction and its keeping in two statements; `this` of a function outside classes', () => {
    const code = [
      'declare const root: P;',
      'const c = new C(root);',
      'root.child = c;',
      'export default function (this: P) { this.child = new C(this); }',
    ].join('\n');
    expect(storedUnder(code).map((fact) => [fact.method, fact.passed, fact.line])).toEqual([
      ['<module>', 'root', 4],
      ['default', 'this', 5],
    ]);
  });

  it('handed to a method that keeps its argument: the method\'s field ends the path', () => {
    const code = [
      'export class Registry { plugins: Plugin[] = []; register(plugin: Plugin): void { this.plugins.push(plugin); } ignore(plugin: Plugin): void { void plugin; } }',
      'export class Host { registry = new Registry(); }',
      'export class Plugin { constructor(public origin: Host) {} }',
      'function load(host: Host, other: Host) {',
      '  host.registry.register(new Plugin(host));',
      '  host.registry.ignore(new Plugin(host));',
      '  const plugin = new Plugin(host);',
      '  host.registry.register(plugin);',
      '  other.registry.register(new Plugin(host));',
      '}',
    ].join('\n');
    const path = ['src/wire.ts#Host.registry', 'src/wire.ts#Registry.plugins'];
    expect(storedUnder(code).map((fact) => [fact.line, fact.passed, fact.storedUnder, fact.receivedBy])).toEqual([
      [6, 'host', path, ['origin']],
      [9, 'host', path, ['origin']],
    ]);
  });

  it('a class built through a constructor type taken as `<any>` is its bound (tldraw\'s overlay utils)', () => {
    const code = [
      'export class Registry { plugins: Plugin[] = []; register(plugin: Plugin): void { this.plugins.push(plugin); } }',
      'export class Host { registry = new Registry(); }',
      'export class Plugin { constructor(public origin: Host) {} }',
      'export interface PluginConstructor<U extends Plugin = Plugin> { new (origin: Host): U }',
      'function load(host: Host, constructors: PluginConstructor<any>[]) {',
      '  for (const Constructor of constructors) host.registry.register(new Constructor(host));',
      '}',
    ].join('\n');
    expect(storedUnder(code).map((fact) => [fact.line, fact.storedUnder, fact.receivedBy])).toEqual([
      [7, ['src/wire.ts#Host.registry', 'src/wire.ts#Registry.plugins'], ['origin']],
    ]);
  });

  it('in class members: another object than `this`, and `this` further down than its own field', () => {
    project = createTempProject({ 'tsconfig.json': TSCONFIG, 'src/classes.ts': classes });
    const graph = buildFieldGraph(loadProject({ tsconfig: project.path('tsconfig.json') }));
    const facts = graph.facts.filter((fact) => fact.kind === 'constructs-stored-under');
    expect(facts.map((fact) => [fact.classId, fact.method, fact.passed, fact.storedUnder])).toEqual([
      ['src/classes.ts#P', 'adopt', 'p', ['src/classes.ts#P.child']],
      ['src/classes.ts#P', 'nest', 'this', ['src/classes.ts#P.sub', 'src/classes.ts#Q.child']],
    ]);
    // `this.child = new C(this)` stays a constructs-with-this fact.
    expect(graph.facts.filter((fact) => fact.method === 'own').map((fact) => [fact.kind, fact.ownField])).toEqual([['constructs-with-this', 'child']]);
  });

  it('an entry point without a class that no class file imports is read when it stores a construction', async () => {
    // analyze() builds its program from the files that can matter (classRootsOnly): main.ts says
    // no `class`, and nothing imports it.
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/classes.ts': 'export class Account { profile: Profile | undefined; }\nexport class Profile { constructor(public account: Account) {} }\n',
      'src/main.ts': "import { Account, Profile } from './classes.js';\nconst account = new Account();\naccount.profile = new Profile(account);\n",
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    expect(result.candidates.map((candidate) => [`${candidate.class}.${candidate.field}`, candidate.confidence, candidate.evidence.map((evidence) => evidence.message)])).toEqual([
      [
        'Profile.account',
        0.8,
        ['Top-level code constructs Profile passing `account` as its `account` and keeps it in `account.profile` (src/main.ts:3): the Profile points back at an object holding it.'],
      ],
    ]);
  });

  it('an entry point without a class that no class file imports is read when it wires through a local', async () => {
    // Regression: the class-roots program read such a file only when it stored the construction
    // directly (`account.profile = new Profile(account)`), so analyze missed this evidence while
    // suggest and apply, which load every file, saw it.
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/classes.ts': 'export class Account { profile: Profile | undefined; }\nexport class Profile { constructor(public account: Account) {} }\n',
      'src/main.ts': "import { Account, Profile } from './classes.js';\nconst account = new Account();\nconst profile = new Profile(account);\naccount.profile = profile;\n",
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    expect(result.candidates.map((candidate) => [`${candidate.class}.${candidate.field}`, candidate.confidence, candidate.evidence.map((evidence) => evidence.message)])).toEqual([
      [
        'Profile.account',
        0.8,
        ['Top-level code constructs Profile passing `account` as its `account` and keeps it in `account.profile` (src/main.ts:4): the Profile points back at an object holding it.'],
      ],
    ]);
  });
});
