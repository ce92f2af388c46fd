import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project.js';
import { verifyChanges } from '../../src/verify/verify-changes.js';
import { createTempProject, PARENT_CHILD, TSCONFIG, type TempProject } from '../apply/temp-project.js';

const child = PARENT_CHILD['src/child.ts']!;

describe('verifyChanges', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  it('passes a change that type-checks, counting diagnostics before and after', () => {
    project = createTempProject(PARENT_CHILD);
    const loaded = loadProject({ tsconfig: project.root });
    const after = child.replace(
      '  parent: Parent;\n',
      '  #parent: WeakRef<Parent>;\n  get parent(): Parent {\n    return this.#parent.deref()!;\n  }\n  set parent(value: Parent) {\n    this.#parent = new WeakRef(value);\n  }\n',
    );
    // Definite assignment: the setter call in the constructor does not count for `#parent`.
    const fixed = after.replace('  #parent: WeakRef<Parent>;', '  #parent!: WeakRef<Parent>;');
    expect(verifyChanges(loaded, { files: [{ file: 'src/child.ts', before: child, after: fixed }], skipped: [] })).toEqual({
      ok: true,
      before: 0,
      after: 0,
      newDiagnostics: [],
      // child.ts changed; parent.ts imports it.
      checkedFiles: 2,
    });
  });

  it('an old error printed differently after the change (its union in another order) is not new', () => {
    // a.ts comes after tree.ts (it imports it): checking tree.ts first meets 'a' before 'b', so
    // the old error names '"a" | "b"'; once the change makes tree.ts meet 'b' first, '"b" | "a"'.
    const tree = "export function first(): 'a' | 'b' {\n  return 'a';\n}\n";
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/tree.ts': tree,
      'src/a.ts': "import { first } from './tree.js';\n\nexport const mode: 'x' = first();\n",
    });
    const loaded = loadProject({ tsconfig: project.root });
    const after = `export const early: 'b' = 'b';\n${tree}`;
    const result = verifyChanges(loaded, { files: [{ file: 'src/tree.ts', before: tree, after }], skipped: [] });
    expect(result).toEqual({ ok: true, before: 1, after: 1, newDiagnostics: [], checkedFiles: 2 });
    // The same error on a line the change wrote is new, printed alike or not.
    const moved = `${tree}export const again: 'x' = first();\n`;
    expect(verifyChanges(loaded, { files: [{ file: 'src/tree.ts', before: tree, after: moved }], skipped: [] }).newDiagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      'src/tree.ts:4 2322',
    ]);
  });

  it('reports a new error at file:line:col with its source line, and leaves the project untouched', () => {
    project = createTempProject(PARENT_CHILD);
    const loaded = loadProject({ tsconfig: project.root });
    const after = child.replace('  parent: Parent;', '  parent: number;');
    const result = verifyChanges(loaded, { files: [{ file: 'src/child.ts', before: child, after }], skipped: [] });
    expect(result).toEqual({
      ok: false,
      before: 0,
      after: 1,
      newDiagnostics: [
        {
          file: 'src/child.ts',
          line: 7,
          column: 5,
          code: 2322,
          message: "Type 'Parent' is not assignable to type 'number'.",
          sourceLine: '    this.parent = parent;',
        },
      ],
      checkedFiles: 2,
    });
    expect(readFileSync(project.path('src/child.ts'), 'utf8')).toBe(child);
    expect(loaded.program.getSourceFile(project.path('src/child.ts'))!.text).toBe(child);
  });

  it('finds errors the change causes in files it did not touch', () => {
    project = createTempProject(PARENT_CHILD);
    const loaded = loadProject({ tsconfig: project.root });
    const parent = PARENT_CHILD['src/parent.ts']!;
    const after = parent.replace('export class Parent', 'export class Parents');
    const result = verifyChanges(loaded, { files: [{ file: 'src/parent.ts', before: parent, after }], skipped: [] });
    // Only the import breaks: `Parent` then resolves to the error type, which accepts anything.
    expect(result.newDiagnostics.map((d) => `${d.file}:${d.line}:${d.column} TS${d.code}`)).toEqual(['src/child.ts:1:15 TS2724']);
    expect(result.newDiagnostics[0]!.message).toBe(`'"./parent.js"' has no exported member named 'Parent'. Did you mean 'Parents'?`);
  });

  it('verifies a project with one package installed twice at the same version (regression: exit 3)', () => {
    // npm often leaves `dup@1.0.0` under both `a/` and `b/`: the program redirects the second copy
    // to the first, and a host serving that redirect to the new program failed TypeScript's assert
    // ("Host should not return a redirect source file").
    const dup = { 'package.json': '{ "name": "dup", "version": "1.0.0", "types": "index.d.ts" }\n', 'index.d.ts': 'export declare class Dup {\n  n: number;\n}\n' };
    const files: Record<string, string> = { ...PARENT_CHILD };
    for (const holder of ['a', 'b']) {
      files[`node_modules/${holder}/package.json`] = `{ "name": "${holder}", "version": "1.0.0", "types": "index.d.ts" }\n`;
      files[`node_modules/${holder}/index.d.ts`] = `export { Dup as ${holder}Dup } from 'dup';\n`;
      for (const [name, text] of Object.entries(dup)) files[`node_modules/${holder}/node_modules/dup/${name}`] = text;
    }
    files['src/uses.ts'] = "import type { aDup } from 'a';\nimport type { bDup } from 'b';\n\nexport const same = (x: aDup): bDup => x;\n";
    project = createTempProject(files);
    const loaded = loadProject({ tsconfig: project.root });
    expect(loaded.program.getSourceFiles().filter((file) => file.fileName.endsWith('dup/index.d.ts'))).toHaveLength(2);
    const after = child.replace('  parent: Parent;', '  parent: number;');
    const result = verifyChanges(loaded, { files: [{ file: 'src/child.ts', before: child, after }], skipped: [] });
    expect(result.newDiagnostics.map((d) => `${d.file}:${d.line} TS${d.code}`)).toEqual(['src/child.ts:7 TS2322']);
  });

  it('does not blame the change for errors the project already had, even when they move', () => {
    const broken = 'export const oops: string = 1;\nexport const again: string = 1;\n';
    project = createTempProject({ ...PARENT_CHILD, 'src/broken.ts': broken });
    const loaded = loadProject({ tsconfig: project.root });
    // Two lines inserted above both existing errors, and one more copy of the same error: only that one is new.
    const after = `// a\n// b\n${broken}export const third: string = 1;\n`;
    const result = verifyChanges(loaded, { files: [{ file: 'src/broken.ts', before: broken, after }], skipped: [] });
    expect(result.before).toBe(2);
    expect(result.after).toBe(3);
    expect(result.newDiagnostics).toHaveLength(1);
    expect(result.newDiagnostics[0]).toMatchObject({ file: 'src/broken.ts', code: 2322 });
  });

  it('reports syntax errors the change introduces', () => {
    project = createTempProject(PARENT_CHILD);
    const loaded = loadProject({ tsconfig: project.root });
    const after = child.replace('this.parent = parent;', 'this.parent = ;');
    const result = verifyChanges(loaded, { files: [{ file: 'src/child.ts', before: child, after }], skipped: [] });
    expect(result.newDiagnostics).toEqual([
      { file: 'src/child.ts', line: 7, column: 19, code: 1109, message: 'Expression expected.', sourceLine: '    this.parent = ;' },
    ]);
  });

  it('measures a ~20-file project', () => {
    const files: Record<string, string> = { 'tsconfig.json': TSCONFIG };
    for (let i = 0; i < 20; i++) {
      files[`src/node-${i}.ts`] = `import type { Tree } from './tree.js';\n\nexport class Node${i} {\n  parent: Tree;\n  children: Node${i}[] = [];\n\n  constructor(parent: Tree) {\n    this.parent = parent;\n  }\n\n  depth(): number {\n    return this.children.reduce((max, c) => Math.max(max, c.depth() + 1), 0);\n  }\n}\n`;
    }
    files['src/tree.ts'] = `${Array.from({ length: 20 }, (_, i) => `import { Node${i} } from './node-${i}.js';`).join('\n')}\n\nexport class Tree {\n  nodes = [${Array.from({ length: 20 }, (_, i) => `new Node${i}(this)`).join(', ')}];\n}\n`;
    project = createTempProject(files);
    const loaded = loadProject({ tsconfig: project.root });
    const before = files['src/node-3.ts']!;
    const after = before.replace('  parent: Tree;', '  #parent!: WeakRef<Tree>;\n  get parent(): Tree {\n    return this.#parent.deref()!;\n  }\n  set parent(value: Tree) {\n    this.#parent = new WeakRef(value);\n  }');
    const started = performance.now();
    const result = verifyChanges(loaded, { files: [{ file: 'src/node-3.ts', before, after }], skipped: [] });
    const elapsed = performance.now() - started;
    // node-3 is imported by tree.ts, which every node imports: the whole project can be affected.
    expect(result).toEqual({ ok: true, before: 0, after: 0, newDiagnostics: [], checkedFiles: 21 });
    console.log(`verifyChanges on a 21-file project: ${elapsed.toFixed(0)} ms`);
  });

  it('checks only the files a change can affect: the changed ones and their importers', () => {
    project = createTempProject({
      ...PARENT_CHILD,
      // An error nobody imports: a change elsewhere cannot alter it, so it is not even looked at.
      'src/unrelated.ts': 'export const broken: number = "text";\n',
    });
    const loaded = loadProject({ tsconfig: project.root });
    const result = verifyChanges(loaded, { files: [{ file: 'src/child.ts', before: child, after: child.replace('parent: Parent;', 'parent!: Parent;') }], skipped: [] });
    expect(result).toEqual({ ok: true, before: 0, after: 0, newDiagnostics: [], checkedFiles: 2 });
  });

  it('checks everything when the changed file declares globals', () => {
    const script = 'declare var counter: number;\n';
    project = createTempProject({ ...PARENT_CHILD, 'src/globals.ts': script, 'src/unrelated.ts': 'export const broken: number = "text";\n' });
    const loaded = loadProject({ tsconfig: project.root });
    const result = verifyChanges(loaded, { files: [{ file: 'src/globals.ts', before: script, after: 'declare var counter: string;\n' }], skipped: [] });
    expect(result).toMatchObject({ ok: true, before: 1, after: 1, checkedFiles: 4 });
  });
});
