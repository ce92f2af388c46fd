import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { crossFileOverrides } from '../../src/apply/cross-file-overrides.js';
import type { MigrationPlan, PlanEntry } from '../../src/plan/migration-plan.js';
import { loadProject } from '../../src/project/load-project.js';
import { createTempProject, TSCONFIG, type TempProject } from './temp-project.js';
import { planEntry } from './fake-transforms.js';

// The shape rxjs has: the back-pointer's class is extended in another file by a class that
// redeclares the field as a parameter property (ConnectableObservable.source over Observable.source).
const files: Record<string, string> = {
  'tsconfig.json': TSCONFIG,
  'src/node.ts': `export class Node {
  parent: Node | undefined;
  children: Node[] = [];

  add(child: Node): void {
    child.parent = this;
    this.children.push(child);
  }
}
`,
  'src/special.ts': `import { Node } from './node.js';

export class Special extends Node {
  constructor(public parent: Node | undefined) {
    super();
  }
}
`,
  'src/unrelated.ts': `export class Unrelated {
  parent: string | undefined;
}
`,
};

const entry = (overrides: Partial<PlanEntry> = {}) =>
  planEntry({ id: 'node-parent', file: 'src/node.ts', class: 'Node', field: 'parent', typeText: 'Node | undefined', nullable: 'undefined', owners: [{ file: 'src/node.ts', class: 'Node', field: 'children', container: 'array' }], ...overrides });

function plan(entries: PlanEntry[]): MigrationPlan {
  return { schemaVersion: 1, tool: { name: 'weakify', version: '0.1.0' }, project: { tsconfig: 'tsconfig.json' }, entries };
}

describe('crossFileOverrides', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  it('refuses a weakref whose field a subclass in another file redeclares as a property', () => {
    project = createTempProject(files);
    const loaded = loadProject({ tsconfig: project.root });
    expect(crossFileOverrides(loaded, [entry()])).toEqual([
      {
        entryId: 'node-parent',
        file: 'src/node.ts',
        reason:
          'Node.parent is declared as a property by its subclass Special in src/special.ts; turning only Node\'s into an accessor would not type-check (TS2610): migrate both or neither (the plan has no entry for Special.parent: `weakify analyze --min-confidence 0 --plan <file>` lists it).',
      },
    ]);
    // With an entry for the other side, skipped in the plan, "both" is a change of its action.
    const skippedSub = entry({ id: 'special-parent', file: 'src/special.ts', class: 'Special', action: 'skip' });
    expect(crossFileOverrides(loaded, [entry(), skippedSub]).map((s) => s.reason)).toEqual([
      'Node.parent is declared as a property by its subclass Special in src/special.ts; turning only Node\'s into an accessor would not type-check (TS2610): migrate both or neither.',
    ]);
  });

  // Regression (leafer, ninth sweep): the advice named a plan entry no analysis can give.
  it('says to use dispose where the subclass redeclares the field with declare, which has nothing to migrate', () => {
    project = createTempProject({
      ...files,
      'src/special.ts': "import { Node } from './node.js';\n\nexport class Special extends Node {\n  declare parent: Special | undefined;\n}\n",
    });
    const loaded = loadProject({ tsconfig: project.root });
    expect(crossFileOverrides(loaded, [entry()]).map((skipped) => skipped.reason)).toEqual([
      "Node.parent is declared as a property by its subclass Special in src/special.ts; turning only Node's into an accessor would not type-check (TS2610): Special redeclares it with `declare`, type information with nothing to migrate, so use the dispose fix for this entry.",
    ]);
  });

  it('refuses the subclass entry alone (base class property, TS2611) and accepts both together', () => {
    project = createTempProject(files);
    const loaded = loadProject({ tsconfig: project.root });
    const sub = entry({ id: 'special-parent', file: 'src/special.ts', class: 'Special' });
    expect(crossFileOverrides(loaded, [sub]).map((s) => s.reason)).toEqual([
      'Special.parent is declared as a property by its base class Node in src/node.ts; turning only Special\'s into an accessor would not type-check (TS2611): migrate both or neither (the plan has no entry for Node.parent: `weakify analyze --min-confidence 0 --plan <file>` lists it).',
    ]);
    expect(crossFileOverrides(loaded, [entry(), sub])).toEqual([]);
    // Not weakref: nothing becomes an accessor.
    expect(crossFileOverrides(loaded, [entry({ action: 'dispose' })])).toEqual([]);
  });

  it('applyPlan skips the refused entry with the reason and type-checks clean', async () => {
    project = createTempProject(files);
    const loaded = loadProject({ tsconfig: project.root });
    const result = await applyPlan({ plan: plan([entry()]), loaded, write: false, verify: true, allowDirty: true });
    expect(result.changes.files).toEqual([]);
    expect(result.skipped.map((s) => s.entryId)).toEqual(['node-parent']);
    expect(result.verify?.ok).toBe(true);
  });

  it('accepts a subclass entry whose base class in another file declares the field abstract (an accessor may implement it)', async () => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/tree-node.ts': `import type { Group } from './group.js';\n\nexport abstract class TreeNode {\n  abstract parent: Group | undefined;\n}\n`,
      'src/group.ts': `import { TreeNode } from './tree-node.js';\n\nexport class Group extends TreeNode {\n  parent: Group | undefined;\n  readonly children: TreeNode[] = [];\n\n  add(child: TreeNode): void {\n    child.parent = this;\n    this.children.push(child);\n  }\n}\n`,
    });
    const loaded = loadProject({ tsconfig: project.root });
    const group = planEntry({ id: 'group-parent', file: 'src/group.ts', class: 'Group', field: 'parent', typeText: 'Group | undefined', nullable: 'undefined', owners: [{ file: 'src/group.ts', class: 'Group', field: 'children', container: 'array' }] });
    expect(crossFileOverrides(loaded, [group])).toEqual([]);
    const result = await applyPlan({ plan: plan([group]), loaded, write: false, verify: true, allowDirty: true });
    expect(result.changes.files.map((file) => file.file)).toEqual(['src/group.ts']);
    expect(result.verify?.ok).toBe(true);
  });

  // Regression (rxjs 7.8.2): VirtualAction.scheduler stayed a property (its entry was skipped for
  // review), so AsyncAction.scheduler was refused, but AsapAction's entry still went ahead and its
  // accessor overrode AsyncAction's property (TS2611): the whole apply failed verification.
  it('a refusal cascades to the other entries of the hierarchy', () => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/scheduler.ts': 'export class Scheduler {}\n',
      'src/action.ts': `import type { Scheduler } from './scheduler.js';\n\nexport class Action {\n  constructor(protected scheduler: Scheduler) {}\n}\n`,
      'src/asap.ts': `import { Action } from './action.js';\nimport type { Scheduler } from './scheduler.js';\n\nexport class AsapAction extends Action {\n  constructor(protected override scheduler: Scheduler) {\n    super(scheduler);\n  }\n}\n`,
      'src/virtual.ts': `import { Action } from './action.js';\nimport type { Scheduler } from './scheduler.js';\n\nexport class VirtualAction extends Action {\n  constructor(protected override scheduler: Scheduler) {\n    super(scheduler);\n  }\n}\n`,
    });
    const loaded = loadProject({ tsconfig: project.root });
    const at = (file: string, className: string) =>
      planEntry({ id: className, file, class: className, field: 'scheduler', typeText: 'Scheduler', nullable: 'none', owners: [] });
    // VirtualAction's entry is not in the plan (skipped for review): it stays a property.
    const refused = crossFileOverrides(loaded, [at('src/action.ts', 'Action'), at('src/asap.ts', 'AsapAction')]);
    expect(refused.map((skip) => skip.entryId).sort()).toEqual(['Action', 'AsapAction']);
  });
});
