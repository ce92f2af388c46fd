import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { createTempProject, TSCONFIG, type TempProject } from '../apply/temp-project.js';
import { graphOf } from './graph-of.js';

// Which interfaces become graph nodes (ClassNode.kind `interface`): named interfaces of the
// project that no class implements and whose properties hold project objects.
const nodesOf = (code: string) => {
  const graph = graphOf({ 'src/a.ts': `export class Service {\n  run(): void {}\n}\n${code}` });
  return {
    interfaces: graph.classes.filter((node) => node.kind === 'interface').map((node) => node.name),
    fields: graph.fields.filter((field) => field.classId.startsWith('src/a.ts#Host')).map((field) => `${field.name} -> ${field.targets.map((target) => target.classId.split('#')[1]).join(', ')}`),
  };
};

describe('interface nodes', () => {
  it('an interface that holds project objects and that no class implements: a node, with its properties as fields', () => {
    const graph = graphOf({
      'src/a.ts':
        'export class Service {}\nexport interface Context {\n  service: Service;\n  readonly others?: Service[];\n  name: string;\n  start(): void;\n}\nexport class Host {\n  context!: Context;\n}\n',
    });
    expect(graph.classes.map((node) => `${node.kind} ${node.id}`)).toEqual(['class src/a.ts#Service', 'interface src/a.ts#Context', 'class src/a.ts#Host']);
    expect(graph.fields.map((field) => `${field.id} ${field.readonly ? 'readonly ' : ''}${field.optional ? 'optional ' : ''}${field.targets.map((target) => `${target.container} ${target.classId}`).join(', ')}`)).toEqual([
      'src/a.ts#Context.service single src/a.ts#Service',
      'src/a.ts#Context.others readonly optional array src/a.ts#Service',
      'src/a.ts#Host.context single src/a.ts#Context',
    ]);
  });

  it.each([
    ['an options bag (no project object in it)', 'interface Options {\n  width: number;\n  names: string[];\n}\nexport class Host {\n  options!: Options;\n}\n'],
    ['a generic interface: what it holds depends on each use', 'interface Box<T> {\n  value: T;\n  service: Service;\n}\nexport class Host {\n  box!: Box<number>;\n}\n'],
    [
      'an interface a class implements: it stands for its implementers',
      'interface Runner {\n  service: Service;\n}\nexport class Job implements Runner {\n  service = new Service();\n}\nexport class Host {\n  runner!: Runner;\n}\n',
    ],
  ])('not a node: %s', (_name, code) => {
    expect(nodesOf(code).interfaces).toEqual([]);
  });

  // Read inline before, an alias made each class keeping the context hold every other one.
  it('a type alias of an object literal type is a node as an interface is', () => {
    const code = 'type Context = {\n  service: Service;\n  count: number;\n};\nexport class Host {\n  context?: Context | null;\n}\n';
    expect(nodesOf(code)).toEqual({ interfaces: ['Context'], fields: ['context -> Context'] });
  });

  it.each([
    ['a generic alias', 'type Box<T> = {\n  value: T;\n  service: Service;\n};\nexport class Host {\n  box!: Box<number>;\n}\n', ['box -> Service']],
    ['an alias of a function type', 'type Make = () => Service;\nexport class Host {\n  make!: Make;\n}\n', []],
    ['an alias of a callable object type', 'type Make = {\n  (): Service;\n  service: Service;\n};\nexport class Host {\n  make!: Make;\n}\n', []],
  ])('not a node: %s, read as before', (_name, code, fields) => {
    expect(nodesOf(code)).toEqual({ interfaces: [], fields });
  });

  it('an interface that refers to itself: one node, with an edge to itself', () => {
    const code = 'interface Scope {\n  parent?: Scope;\n  service: Service;\n}\nexport class Host {\n  scope!: Scope;\n}\n';
    expect(nodesOf(code)).toEqual({ interfaces: ['Scope'], fields: ['scope -> Scope'] });
    const graph = graphOf({ 'src/a.ts': `export class Service {}\n${code}` });
    expect(graph.fields.filter((field) => field.classId === 'src/a.ts#Scope').map((field) => `${field.name} -> ${field.targets.map((target) => target.classId).join(', ')}`)).toEqual([
      'parent -> src/a.ts#Scope',
      'service -> src/a.ts#Service',
    ]);
  });
});

// Regressions found by a second reading.
describe('interface nodes, second reading', () => {
  it('a chain of 800 data interfaces is read without exhausting the stack, and gives no node', () => {
    const chain = Array.from({ length: 800 }, (_, i) => `interface T${i} {\n  next?: T${i + 1};\n}\n`).join('') + 'interface T800 {\n  id: string;\n}\n';
    const graph = graphOf({ 'src/a.ts': `${chain}export class Store {\n  root?: T0;\n}\n` });
    expect(graph.classes.map((node) => node.name)).toEqual(['Store']);
    expect(graph.fields).toEqual([]);
  });

  it('interfaces that refer to each other give the same graph whichever file is read first', () => {
    const types = 'import type { A } from "./a.js";\nexport interface Ctx {\n  reg: Registry;\n}\nexport interface Registry {\n  ctx: Ctx;\n  a: A;\n}\n';
    const holder = 'import type { Registry } from "./types.js";\nexport class B {\n  reg?: Registry;\n}\n';
    const a = 'import type { Ctx } from "./types.js";\nexport class A {\n  ctx!: Ctx;\n}\n';
    const edges = (holderFile: string) =>
      graphOf({ 'src/types.ts': types, 'src/a.ts': a, [holderFile]: holder })
        .fields.map((field) => `${field.id.split('#')[1]} -> ${field.targets.map((target) => target.classId.split('#')[1]).join(', ')}`)
        .sort();
    const expected = ['A.ctx -> Ctx', 'B.reg -> Registry', 'Ctx.reg -> Registry', 'Registry.a -> A', 'Registry.ctx -> Ctx'];
    expect(edges('src/b.ts')).toEqual(expected);
    expect(edges('src/0b.ts')).toEqual(expected);
  });

  it('a WeakRef to a data interface holds no project object: no field, no dangling weak target', () => {
    expect(nodesOf('interface Point {\n  x: number;\n}\nexport class Host {\n  last?: WeakRef<Point>;\n}\n')).toEqual({ interfaces: [], fields: [] });
  });

  it('an interface with an index signature is read as the record it is, as before', () => {
    expect(nodesOf('interface Registry {\n  main: Service;\n  [name: string]: Service;\n}\nexport class Host {\n  registry!: Registry;\n}\n')).toEqual({ interfaces: [], fields: ['registry -> Service'] });
  });

  it('two interfaces of one name in one file get different ids', () => {
    const code = 'export namespace A {\n  export interface Ctx {\n    s: Service;\n  }\n}\nexport namespace B {\n  export interface Ctx {\n    s: Service;\n  }\n}\nexport class Host {\n  a!: A.Ctx;\n  b!: B.Ctx;\n}\n';
    const ids = graphOf({ 'src/a.ts': `export class Service {}\n${code}` }).classes.filter((node) => node.kind === 'interface').map((node) => node.id);
    expect(ids).toEqual(['src/a.ts#Ctx', 'src/a.ts#Ctx@8:20']);
  });

  it('properties merged in from another file and inherited from a base interface are fields, located where written', () => {
    const graph = graphOf({
      'src/types.ts': 'export interface Base {\n  first: Service;\n}\nexport interface Ctx extends Base {\n  name: string;\n}\nexport class Service {}\n',
      'src/more.ts': 'import { Service } from "./types.js";\ndeclare module "./types.js" {\n  interface Ctx {\n    second: Service;\n  }\n}\nexport class Host {\n  ctx!: import("./types.js").Ctx;\n}\n',
    });
    expect(graph.fields.filter((field) => field.classId.endsWith('#Ctx')).map((field) => `${field.name} ${field.file}:${field.line}`).sort()).toEqual(['first src/types.ts:2', 'second src/more.ts:4']);
  });
});

describe('fixes for back-pointers held only by plain objects', () => {
  let project: TempProject;
  afterEach(() => project.remove());
  const files = (reset: string) => ({
    'tsconfig.json': TSCONFIG,
    'src/app.ts':
      'export interface Ctx {\n  batch?: Batch;\n  size: number;\n}\nexport class Batch {\n  private context: Ctx;\n  constructor(context: Ctx) {\n    this.context = context;\n  }\n' +
      `  reset(): void {\n    ${reset}\n  }\n}\nexport class Graph {\n  private context: Ctx = { size: 0 };\n  init(): void {\n    this.context.batch = new Batch(this.context);\n  }\n}\n`,
  });

  // Regression: weakref was recommended (no dispose possible) although reset() stores a fresh
  // object, which the WeakRef lost: the written code threw once it was collected.
  it('a fresh object stored in it: no safe fix, skipped as such', async () => {
    project = createTempProject(files('this.context = { size: 0 };'));
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    expect(result.candidates).toEqual([]);
    expect(result.skipped.map((skipped) => `${skipped.class}.${skipped.field} ${skipped.reason}`)).toEqual(['Batch.context no-safe-fix']);
  });

  // Regression: --strategy dispose gave a dispose method nothing calls, and an owner "class" not found at apply.
  it('--strategy dispose still proposes weakref, and says why', async () => {
    project = createTempProject(files('void this.context.size;'));
    const result = await analyze({ tsconfig: project.path('tsconfig.json'), strategy: 'dispose' });
    expect(result.candidates.map((candidate) => `${candidate.class}.${candidate.field} ${candidate.strategy}`)).toEqual(['Batch.context weakref']);
    expect(result.candidates[0]!.risks.map((risk) => risk.kind)).toContain('plain-object-owner');
  });
});
