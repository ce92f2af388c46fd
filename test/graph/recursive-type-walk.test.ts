import { describe, expect, test } from 'vitest';
import { buildFieldGraph } from '../../src/graph/build-field-graph.js';
import { loadProject } from '../../src/project/load-project.js';
import { createTempProject, TSCONFIG } from '../apply/temp-project.js';

/**
 * maplibre's ExpressionSpecification is a union of many tuples whose elements are unions with
 * the union itself (`['+', number | Expr, number | Expr]`). The walk over a field's type cut
 * cycles only along the current path, so it went through the union once per path: tuples^4 at
 * its depth bound, minutes for maplibre's one field of that type. Counted in checker calls, not
 * timed: the walk must meet each tuple a bounded number of times.
 */
describe('the walk over a recursive union type', () => {
  const TUPLES = 24;
  const primitives = ['number', 'string', 'boolean', 'null'];
  const union = Array.from({ length: TUPLES }, (_, i) => `  | ['op${i}', ${primitives[i % 4]} | Expr, ${primitives[(i + 1) % 4]} | Expr]`);

  test('meets each member a bounded number of times, and still finds the class inside', () => {
    const project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/expr.ts': [
        'export type Expr =',
        ...union,
        "  | ['ref', Source | Expr];",
        '',
        'export class Source {',
        '  consumers: Consumer[] = [];',
        '}',
        'export class Consumer {',
        '  spec: Expr | undefined;',
        '}',
        '',
      ].join('\n'),
    });
    try {
      const loaded = loadProject({ tsconfig: project.path('tsconfig.json') });
      let tupleArguments = 0;
      const checker = loaded.program.getTypeChecker();
      const counting = new Proxy(checker, {
        get(target, key, receiver) {
          if (key === 'getTypeArguments') {
            return (type: Parameters<typeof checker.getTypeArguments>[0]) => {
              tupleArguments++;
              return target.getTypeArguments(type);
            };
          }
          const value = Reflect.get(target, key, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      loaded.program.getTypeChecker = () => counting;
      const graph = buildFieldGraph(loaded);
      const spec = graph.fields.find((field) => field.id.endsWith('#Consumer.spec'))!;
      expect(spec.targets.map((target) => `${target.classId.slice(target.classId.indexOf('#') + 1)}:${target.container}`)).toEqual(['Source:tuple']);
      // Each of the 25 tuples is walked once per way of reaching it (container and flags): a
      // few hundred calls at most; walked once per path, it was hundreds of thousands.
      expect(tupleArguments).toBeLessThan(20 * (TUPLES + 1));
    } finally {
      project.remove();
    }
  });
});
