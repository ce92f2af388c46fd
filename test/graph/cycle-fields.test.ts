import { describe, expect, it } from 'vitest';
import { cycleFieldNames } from '../../src/graph/cycle-fields.js';
import type { FieldNode } from '../../src/graph/field-graph.js';

/** Just what cycleFieldNames reads of a field. */
function field(classId: string, name: string, targets: string[], extra: Partial<FieldNode> = {}): FieldNode {
  return { id: `${classId}.${name}`, classId, name, static: false, targets: targets.map((classId) => ({ classId, container: 'single', via: 'declared' })), ...extra } as FieldNode;
}

function subclassesFrom(tree: Record<string, string[]>) {
  return (ids: Iterable<string>) => {
    const all = new Set<string>();
    const stack = [...ids];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (all.has(id)) continue;
      all.add(id);
      stack.push(...(tree[id] ?? []));
    }
    return [...all].sort();
  };
}

describe('cycleFieldNames', () => {
  it('keeps fields on a cycle, a self-loop included, and drops fields that only lead into one or out of one', () => {
    const fields = [
      field('Parent', 'children', ['Child']),
      field('Child', 'parent', ['Parent']),
      field('Node', 'next', ['Node']),
      field('App', 'root', ['Parent']),
      field('Child', 'logger', ['Logger']),
      field('Parent', 'registry', ['Child'], { static: true }),
    ];
    expect([...cycleFieldNames(fields, subclassesFrom({}))].sort()).toEqual(['children', 'next', 'parent']);
  });

  it('follows inheritance: a collection of a base class holds the subclass that points back', () => {
    // Layer.items: Item[]; Shape extends Item; Shape.layer: Layer.
    const fields = [field('Layer', 'items', ['Item']), field('Shape', 'layer', ['Layer'])];
    expect([...cycleFieldNames(fields, subclassesFrom({}))]).toEqual([]);
    expect([...cycleFieldNames(fields, subclassesFrom({ Item: ['Shape'] }))].sort()).toEqual(['items', 'layer']);
  });

  it('and a field declared in a base class is a field of every subclass', () => {
    // Widget.host: Host (declared in Widget); Host.buttons: Button[]; Button extends Widget.
    const fields = [field('Widget', 'host', ['Host']), field('Host', 'buttons', ['Button'])];
    expect([...cycleFieldNames(fields, subclassesFrom({ Widget: ['Button'] }))].sort()).toEqual(['buttons', 'host']);
  });
});
