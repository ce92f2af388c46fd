import { afterEach, describe, expect, it } from 'vitest';
import { formatChanges } from '../../src/apply/format-changes.js';
import type { ChangeSet } from '../../src/apply/change-set.js';
import { createTempProject, type TempProject } from './temp-project.js';

// Transform output in a style prettier would change: double quotes, no semicolons, a long line.
const before = "export class Child {\n  parent: Parent\n}\n";
const after = "export class Child {\n  #parent: WeakRef<Parent>\n  get parent() { return this.#parent.deref() ?? fail(\"Child.parent\") }\n}\n";
// The same file as prettier with default semicolons leaves it (formatting applies only to files that were formatted).
const beforeWithSemicolons = 'export class Child {\n  parent: Parent;\n}\n';
const changes = (file = 'src/child.ts', original = before): ChangeSet => ({ files: [{ file, before: original, after }], skipped: [{ entryId: 'x', file, reason: 'kept' }] });

describe('formatChanges', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  it('formats with the project prettier config when there is one', async () => {
    project = createTempProject({ '.prettierrc.json': '{ "singleQuote": true, "printWidth": 60 }\n', 'src/child.ts': beforeWithSemicolons });
    const formatted = await formatChanges(changes('src/child.ts', beforeWithSemicolons), { rootDir: project.root });
    expect(formatted.files[0]!.after).toBe(
      "export class Child {\n  #parent: WeakRef<Parent>;\n  get parent() {\n    return this.#parent.deref() ?? fail('Child.parent');\n  }\n}\n",
    );
    expect(formatted.skipped).toEqual(changes().skipped);
  });

  it('finds the "prettier" key of package.json', async () => {
    project = createTempProject({ 'package.json': '{ "name": "p", "prettier": { "semi": false, "printWidth": 200 } }\n' });
    const formatted = await formatChanges(changes(), { rootDir: project.root });
    expect(formatted.files[0]!.after).toBe(
      'export class Child {\n  #parent: WeakRef<Parent>\n  get parent() {\n    return this.#parent.deref() ?? fail("Child.parent")\n  }\n}\n',
    );
  });

  it('leaves a file alone that was not formatted with these settings before the change', async () => {
    // A project pinned to another prettier version, or not formatting every file: formatting would
    // rewrite lines the transform did not touch. Default settings want semicolons; `before` has none.
    project = createTempProject({ '.prettierrc.json': '{}\n', 'src/child.ts': before });
    expect(await formatChanges(changes(), { rootDir: project.root })).toEqual(changes());
  });

  it('leaves the transform output alone in a project without prettier', async () => {
    project = createTempProject({ 'package.json': '{ "name": "p" }\n' });
    expect(await formatChanges(changes(), { rootDir: project.root })).toEqual(changes());
  });

  it('leaves files the .prettierignore lists alone', async () => {
    project = createTempProject({ '.prettierrc': '{}\n', '.prettierignore': 'src/generated/\n' });
    expect((await formatChanges(changes('src/generated/child.ts'), { rootDir: project.root })).files[0]!.after).toBe(after);
  });

  it('keeps the change unformatted and says why when prettier fails', async () => {
    project = createTempProject({ '.prettierrc': '{ "plugins": ["prettier-plugin-that-is-not-installed"] }\n' });
    const formatted = await formatChanges(changes(), { rootDir: project.root });
    expect(formatted.files).toEqual(changes().files);
    expect(formatted.skipped).toEqual([
      ...changes().skipped,
      { entryId: 'prettier', file: 'src/child.ts', reason: expect.stringMatching(/^prettier could not format the file; left as the transform wrote it: .*prettier-plugin-that-is-not-installed/) },
    ]);
  });

  it('drops a file that formatting brings back to its original text', async () => {
    project = createTempProject({ '.prettierrc': '{}\n' });
    const set: ChangeSet = { files: [{ file: 'a.ts', before: 'const a = 1;\n', after: "const a = 1\n" }], skipped: [] };
    expect((await formatChanges(set, { rootDir: project.root })).files).toEqual([]);
  });
});
