import { afterEach, describe, expect, it } from 'vitest';
import type { API, FileInfo, Options } from 'jscodeshift';
import { attributeReport, filesConcerned, planChanges, TRANSFORM_ORDER } from '../../src/apply/plan-changes.js';
import type { MigrationPlan, PlanEntry } from '../../src/plan/migration-plan.js';
import { markField, planEntry } from './fake-transforms.js';
import { createTempProject, PARENT_CHILD, type TempProject } from './temp-project.js';

function plan(entries: PlanEntry[]): MigrationPlan {
  return { schemaVersion: 1, tool: { name: 'weakify', version: '0.1.0' }, project: { tsconfig: 'tsconfig.json' }, entries };
}

describe('filesConcerned', () => {
  const owners = [
    { file: 'src/a.ts', class: 'A', field: 'kids', container: 'array' as const },
    { file: 'src/child.ts', class: 'B', field: 'kid', container: 'single' as const },
  ];
  it.each([
    ['weakref', ['src/child.ts']],
    ['dispose', ['src/child.ts', 'src/a.ts']],
    ['unlink-fix', ['src/a.ts', 'src/child.ts']],
    ['skip', []],
  ] as const)('%s -> %j', (action, files) => {
    expect(filesConcerned(planEntry({ action, owners }))).toEqual(files);
  });
});

describe('attributeReport', () => {
  const a = planEntry({ id: 'aaaa', class: 'Child', field: 'parent' });
  const b = planEntry({ id: 'bbbb', class: 'Child', field: 'parentNode' });
  it('picks the entry the message names, as a whole word', () => {
    expect(attributeReport('Child.parentNode is decorated', [a, b])).toEqual([b]);
    expect(attributeReport('Child.parent is declare', [a, b])).toEqual([a]);
    expect(attributeReport('entry bbbb refused', [a, b])).toEqual([b]);
  });
  it('goes by the id a message quotes when two entries name the same field (two unlink fixes of one back-pointer)', () => {
    const viaRemove = planEntry({ id: 'cccc', action: 'unlink-fix', class: 'Child', field: 'parent' });
    const viaClear = planEntry({ id: 'dddd', action: 'unlink-fix', class: 'Child', field: 'parent' });
    expect(attributeReport('Child.parent: the type admits no undefined; unlink fix not applied (entry dddd).', [viaRemove, viaClear])).toEqual([viaClear]);
    expect(attributeReport('Child.parent: the type admits no undefined.', [viaRemove, viaClear])).toEqual([viaRemove, viaClear]);
  });
  it('charges a message naming nobody to every entry', () => {
    expect(attributeReport('the file uses decorators', [a, b])).toEqual([a, b]);
  });
});

describe('planChanges', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  it('runs the transforms per file in a fixed order over each other\'s output', async () => {
    project = createTempProject(PARENT_CHILD);
    const calls: string[] = [];
    const recording = (tag: string) => (file: FileInfo, api: API, options: Options) => {
      calls.push(`${tag} ${file.path.slice(project.root.length + 1)} ${(options.entries as PlanEntry[]).map((e) => e.id).join(',')}`);
      return markField(tag)(file, api, options);
    };
    const changes = await planChanges(
      plan([
        planEntry({ id: 'w' }),
        planEntry({ id: 'd', action: 'dispose' }),
        planEntry({ id: 'u', action: 'unlink-fix', method: 'remove' }),
        planEntry({ id: 's', action: 'skip' }),
      ]),
      {
        rootDir: project.root,
        transforms: { 'weakref-accessor': recording('weak'), 'inject-dispose': recording('dispose'), 'reset-back-pointer': recording('reset') },
      },
    );
    expect(TRANSFORM_ORDER).toEqual(['reset-back-pointer', 'inject-dispose', 'weakref-accessor']);
    expect(calls).toEqual(['dispose src/child.ts d', 'weak src/child.ts w', 'reset src/parent.ts u', 'dispose src/parent.ts d']);
    expect(changes.files.map((f) => f.file)).toEqual(['src/child.ts']);
    expect(changes.files[0]!.before).toBe(PARENT_CHILD['src/child.ts']);
    // weakref-accessor ran on inject-dispose's output: its tag lands right after the declaration.
    expect(changes.files[0]!.after).toBe(PARENT_CHILD['src/child.ts']!.replace('  parent: Parent;', '  parent: Parent; // weak // dispose'));
    // The fake reports only in the back-pointer's own file: nothing matches in parent.ts, silently.
    expect(changes.skipped).toEqual([]);
  });

  it('records refusals, unreadable and unparsable files as skipped, and goes on', async () => {
    project = createTempProject({
      ...PARENT_CHILD,
      'src/broken.ts': 'export class Broken {\n  parent: Parent;\n  oops(: void {}\n}\n',
    });
    const changes = await planChanges(
      plan([
        planEntry({ id: 'gone', file: 'src/gone.ts' }),
        planEntry({ id: 'broken', file: 'src/broken.ts', class: 'Broken' }),
        planEntry({ id: 'nofield', field: 'owner' }),
        planEntry({ id: 'ok' }),
      ]),
      { rootDir: project.root, transforms: { 'weakref-accessor': markField('weak') } },
    );
    expect(changes.files.map((f) => [f.file, f.after.split('\n')[3]])).toEqual([['src/child.ts', '  parent: Parent; // weak']]);
    expect(changes.skipped).toEqual([
      { entryId: 'broken', file: 'src/broken.ts', reason: expect.stringMatching(/^src\/broken\.ts cannot be parsed: .+; fix its syntax, or set its entries to "skip"$/), unusableFile: true },
      { entryId: 'nofield', file: 'src/child.ts', reason: 'Child.owner: declaration not found' },
      { entryId: 'gone', file: 'src/gone.ts', reason: 'src/gone.ts does not exist any more; re-run analyze to refresh the plan.', unusableFile: true },
    ]);
  });

  it('parses import attributes in their older `assert` form, which TypeScript still accepts (@hocuspocus/server)', async () => {
    const header = "import meta from './data.json' assert { type: 'json' };\nimport b from './b.json' with { type: 'json' };\n";
    project = createTempProject({ ...PARENT_CHILD, 'src/child.ts': header + PARENT_CHILD['src/child.ts']! });
    const changes = await planChanges(plan([planEntry({ id: 'ok' })]), { rootDir: project.root, transforms: { 'weakref-accessor': markField('weak') } });
    expect(changes.skipped).toEqual([]);
    // The imports are not printed anew: `assert` stays as written.
    expect(changes.files.map((f) => f.after.split('\n').slice(0, 2))).toEqual([header.trimEnd().split('\n')]);
    expect(changes.files[0]!.after).toContain('  parent: Parent; // weak');
  });

  it('parses .tsx with the tsx grammar and .ts with the ts grammar', async () => {
    project = createTempProject({ 'src/view.tsx': 'export const v = <div id="x" />;\n', 'src/cast.ts': 'export const n = <number>(1 as unknown);\n' });
    const seen: string[] = [];
    const probe = (file: FileInfo, api: API) => {
      seen.push(api.j(file.source).find(api.j.JSXElement).length + ' ' + api.j(file.source).find(api.j.TSTypeAssertion).length);
      return undefined;
    };
    const changes = await planChanges(
      plan([planEntry({ id: 'a', file: 'src/view.tsx' }), planEntry({ id: 'b', file: 'src/cast.ts' })]),
      { rootDir: project.root, transforms: { 'weakref-accessor': probe } },
    );
    expect(seen).toEqual(['0 1', '1 0']);
    expect(changes).toEqual({ files: [], skipped: [] });
  });

  it('passes disposable to the transforms (false unless the lib has Symbol.dispose)', async () => {
    project = createTempProject(PARENT_CHILD);
    const seen: unknown[] = [];
    const probe = (_file: FileInfo, _api: API, options: Options) => void seen.push(options.disposable);
    await planChanges(plan([planEntry({ action: 'dispose' })]), { rootDir: project.root, transforms: { 'inject-dispose': probe } });
    await planChanges(plan([planEntry({ action: 'dispose' })]), { rootDir: project.root, transforms: { 'inject-dispose': probe }, disposable: true });
    // Two files per run: the back-pointer's and the owner's.
    expect(seen).toEqual([false, false, true, true]);
  });

  // theia: "widen its type or use the weakref strategy" for a back-pointer the same plan made a WeakRef.
  it('words an unlink fix refused on a non-nullable back-pointer by whether the plan makes it a WeakRef', async () => {
    project = createTempProject(PARENT_CHILD);
    const unlink = planEntry({ id: 'unlink-1', action: 'unlink-fix', method: 'remove' });
    const reason = async (entries: PlanEntry[]) => (await planChanges(plan(entries), { rootDir: project.root })).skipped.find((skip) => skip.entryId === 'unlink-1')?.reason;
    expect(await reason([unlink])).toBe(
      "Child.parent: the back-pointer's type admits neither undefined nor null, so a removed object has nothing honest to point at; widen its type or use the weakref strategy; unlink fix not applied (entry unlink-1).",
    );
    expect(await reason([unlink, planEntry()])).toBe(
      "Child.parent: the back-pointer's type admits neither undefined nor null, so a removed object has nothing honest to point at; the same plan makes it a WeakRef, which already stops a removed Child from keeping its old Parent alive; unlink fix not applied (entry unlink-1).",
    );
  });

  it('re-throws a transform crash with the file named, keeping the cause', async () => {
    project = createTempProject(PARENT_CHILD);
    const crash = () => {
      throw new TypeError('boom');
    };
    const run = planChanges(plan([planEntry()]), { rootDir: project.root, transforms: { 'weakref-accessor': crash } });
    await expect(run).rejects.toThrow('weakify: transform weakref-accessor failed on src/child.ts');
    await expect(run).rejects.toHaveProperty('cause.message', 'boom');
  });
});
