import { describe, expect, it } from 'vitest';
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

  it('an interface that refers to itself is resolved once', () => {
    const code = 'interface Scope {\n  parent?: Scope;\n  service: Service;\n}\nexport class Host {\n  scope!: Scope;\n}\n';
    expect(nodesOf(code)).toEqual({ interfaces: ['Scope'], fields: ['scope -> Scope'] });
  });
});
