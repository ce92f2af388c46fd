import { afterEach, describe, expect, it } from 'vitest';
import { overridesSkippingDispose } from '../../src/apply/overrides-skipping-dispose.js';
import type { PlanEntry } from '../../src/plan/migration-plan.js';
import { loadProject } from '../../src/project/load-project.js';
import { createTempProject, TSCONFIG, type TempProject } from './temp-project.js';

// Node.destroy() is the method the change fills; the subclasses below override it.
const nodes = `export function logged<T>(method: T, _context: ClassMethodDecoratorContext): T {
  return method;
}

export class Node {
  parentNode: Node | null = null;
  children: Node[] = [];

  destroy(): void {}
}

export class Chart extends Node {
  override destroy(): void {}
}

export class Group extends Node {
  override destroy(): void {
    super.destroy();
  }
}

export class View extends Node {
  @logged
  override destroy(): void {}
}
`;

const entry: PlanEntry = {
  id: 'Node.parentNode',
  action: 'dispose',
  file: 'src/nodes.ts',
  class: 'Node',
  field: 'parentNode',
  typeText: 'Node | null',
  nullable: 'null',
  owners: [{ file: 'src/nodes.ts', class: 'Node', field: 'children', container: 'array' }],
  confidence: 0.9,
  reason: 'test',
  disposeMethod: 'destroy',
};

describe('overridesSkippingDispose', () => {
  let project: TempProject | undefined;
  afterEach(() => project?.remove());

  it('names an override without super, not one that calls it, nor a decorated one (a decorator may call the base: x6 @disposable())', () => {
    project = createTempProject({ 'tsconfig.json': TSCONFIG, 'src/nodes.ts': nodes });
    const loaded = loadProject({ tsconfig: project.root });
    const found = overridesSkippingDispose(loaded, [entry], { files: [{ file: 'src/nodes.ts', before: nodes, after: nodes }], skipped: [] });
    expect(found).toEqual([{ file: 'src/nodes.ts', line: 13, class: 'Chart', method: 'destroy', base: { file: 'src/nodes.ts', class: 'Node' } }]);
  });
});
