import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { MigrationPlan, PlanEntry } from '../../src/plan/migration-plan.js';
import { loadProject } from '../../src/project/load-project.js';
import { createRepo, type TestRepo } from '../git/git-repo.js';
import { breakType, markField, planEntry } from './fake-transforms.js';
import { PARENT_CHILD } from './temp-project.js';

function plan(entries: PlanEntry[]): MigrationPlan {
  return { schemaVersion: 1, tool: { name: 'weakify', version: '0.1.0' }, project: { tsconfig: 'tsconfig.json' }, entries };
}

const child = PARENT_CHILD['src/child.ts']!;
const marked = child.replace('  parent: Parent;', '  parent: Parent; // weak');
const weak = { 'weakref-accessor': markField('weak') };

describe('applyPlan', () => {
  let repo: TestRepo;
  afterEach(() => repo.remove());
  const read = (file: string) => readFileSync(`${repo.root}/${file}`, 'utf8');

  it('dry run: computes the diff and verifies, writes nothing', async () => {
    repo = createRepo(PARENT_CHILD);
    const loaded = loadProject({ tsconfig: repo.root });
    const result = await applyPlan({ plan: plan([planEntry()]), loaded, write: false, verify: true, allowDirty: false, transforms: weak });
    expect(result.changes.files).toEqual([{ file: 'src/child.ts', before: child, after: marked }]);
    expect(result.diff).toBe(
      'diff --git a/src/child.ts b/src/child.ts\n--- a/src/child.ts\n+++ b/src/child.ts\n@@ -1,7 +1,7 @@\n import type { Parent } from \'./parent.js\';\n \n export class Child {\n-  parent: Parent;\n+  parent: Parent; // weak\n \n   constructor(parent: Parent) {\n     this.parent = parent;\n',
    );
    expect(result.verify).toEqual({ ok: true, before: 0, after: 0, newDiagnostics: [], checkedFiles: 2 });
    expect(result.written).toEqual([]);
    expect(read('src/child.ts')).toBe(child);
  });

  it('--write on a clean tree writes the changes', async () => {
    repo = createRepo(PARENT_CHILD);
    const loaded = loadProject({ tsconfig: repo.root });
    const result = await applyPlan({ plan: plan([planEntry()]), loaded, write: true, verify: true, allowDirty: false, transforms: weak });
    expect(result.written).toEqual(['src/child.ts']);
    expect(read('src/child.ts')).toBe(marked);
    expect(repo.git('status', '--porcelain')).toBe(' M src/child.ts\n');
  });

  it('refuses to overwrite uncommitted changes unless allowDirty', async () => {
    repo = createRepo(PARENT_CHILD);
    const edited = `${child}// my work in progress\n`;
    repo.write({ 'src/child.ts': edited });
    const loaded = loadProject({ tsconfig: repo.root });
    const options = { plan: plan([planEntry()]), loaded, write: true, verify: true, transforms: weak };
    await expect(applyPlan({ ...options, allowDirty: false })).rejects.toMatchObject({
      code: 'DIRTY_TREE',
      message: 'uncommitted changes in 1 file(s) weakify would change: src/child.ts',
      hint: expect.stringContaining('--allow-dirty'),
    });
    expect(read('src/child.ts')).toBe(edited);
    // A dry run never looks at git.
    await expect(applyPlan({ ...options, write: false, allowDirty: false })).resolves.toMatchObject({ written: [] });
    const result = await applyPlan({ ...options, allowDirty: true });
    expect(result.written).toEqual(['src/child.ts']);
    expect(read('src/child.ts')).toBe(`${marked}// my work in progress\n`);
  });

  it('fails verification on a change that adds a type error, naming file:line, and writes nothing', async () => {
    repo = createRepo(PARENT_CHILD);
    const loaded = loadProject({ tsconfig: repo.root });
    const result = await applyPlan({
      plan: plan([planEntry()]),
      loaded,
      write: true,
      verify: true,
      allowDirty: false,
      transforms: { 'weakref-accessor': breakType },
    });
    expect(result.verify?.ok).toBe(false);
    expect(result.verify?.newDiagnostics.map((d) => `${d.file}:${d.line}:${d.column} TS${d.code} ${d.sourceLine.trim()}`)).toEqual([
      'src/child.ts:7:5 TS2322 this.parent = parent;',
    ]);
    expect(result.written).toEqual([]);
    expect(read('src/child.ts')).toBe(child);
  });

  it('skips verification with verify: false', async () => {
    repo = createRepo(PARENT_CHILD);
    const loaded = loadProject({ tsconfig: repo.root });
    const result = await applyPlan({ plan: plan([planEntry()]), loaded, write: true, verify: false, allowDirty: false, transforms: { 'weakref-accessor': breakType } });
    expect(result.verify).toBeUndefined();
    expect(result.written).toEqual(['src/child.ts']);
  });

  it('refuses weakref entries when the lib has no WeakRef, but not other actions', async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2020', lib: ['ES2020'], types: [] }, include: ['src'] });
    repo = createRepo({ ...PARENT_CHILD, 'tsconfig.json': tsconfig });
    const loaded = loadProject({ tsconfig: repo.root });
    const common = { loaded, write: false, verify: false, allowDirty: false };
    await expect(applyPlan({ ...common, plan: plan([planEntry()]), transforms: weak })).rejects.toMatchObject({ code: 'NO_WEAKREF_LIB' });
    const dispose = await applyPlan({ ...common, plan: plan([planEntry({ action: 'dispose' })]), transforms: { 'inject-dispose': markField('dispose') } });
    expect(dispose.changes.files.map((f) => f.file)).toEqual(['src/child.ts']);
  });

  it('formats with the project prettier config, and not with format: false', async () => {
    repo = createRepo({ ...PARENT_CHILD, '.prettierrc': '{ "singleQuote": true }\n' });
    const loaded = loadProject({ tsconfig: repo.root });
    const unformatted = (file: { source: string }) => file.source.replace('  parent: Parent;', '  parent:   Parent;');
    const common = { plan: plan([planEntry()]), loaded, write: false, verify: false, allowDirty: false, transforms: { 'weakref-accessor': unformatted } };
    expect((await applyPlan(common)).changes.files).toEqual([]);
    expect((await applyPlan({ ...common, format: false })).changes.files[0]!.after).toContain('  parent:   Parent;');
  });
});
