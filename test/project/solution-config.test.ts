import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { loadProject } from '../../src/project/load-project.js';
import { differingOptions, mainPart, solutionOptions, type ProjectPart } from '../../src/project/solution-config.js';
import { ts } from '../../src/typescript.js';
import { createTempProject, type TempProject } from '../apply/temp-project.js';

const tsconfig = (compilerOptions: Record<string, unknown>, include: string[], references: string[] = []) =>
  JSON.stringify({ compilerOptions: { strict: true, types: [], target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', ...compilerOptions }, include, references: references.map((reference) => ({ path: reference })) });

const part = (name: string, fileCount: number, options: ts.CompilerOptions): ProjectPart => ({
  tsconfigPath: `/p/${name}/tsconfig.json`,
  options,
  fileNames: Array.from({ length: fileCount }, (_, i) => `/p/${name}/${i}.ts`),
});

describe('a solution tsconfig (no files, only references)', () => {
  let temp: TempProject;
  afterEach(() => temp.remove());

  it('reaches the projects of its projects, each once, even when references loop', () => {
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./app" }, { "path": "./lib" }] }',
      // app references lib, and lib references app back: both are loaded once.
      'app/tsconfig.json': tsconfig({}, ['src'], ['../lib']),
      'app/src/app.ts': 'export class App {}\n',
      'lib/tsconfig.json': tsconfig({}, ['src'], ['../app', '../deep']),
      'lib/src/lib.ts': 'export class Lib {}\n',
      // Reached only through lib: a solution of its own, with one project.
      'deep/tsconfig.json': '{ "files": [], "references": [{ "path": "./core" }] }',
      'deep/core/tsconfig.json': tsconfig({}, ['*.ts']),
      'deep/core/core.ts': 'export class Core {}\n',
    });
    const loaded = loadProject({ tsconfig: 'tsconfig.json', cwd: temp.root });
    expect(loaded.fileNames.map(loaded.relative)).toEqual(['app/src/app.ts', 'deep/core/core.ts', 'lib/src/lib.ts']);
    expect(loaded.parts.map((each) => loaded.relative(each.tsconfigPath))).toEqual(['app/tsconfig.json', 'lib/tsconfig.json', 'deep/core/tsconfig.json']);
    expect(loaded.configWarnings).toEqual([
      'tsconfig.json has no files of its own: analysed the 3 projects it references (app/tsconfig.json, lib/tsconfig.json, deep/core/tsconfig.json) as one program with the options of app/tsconfig.json (imports and null checking per project)',
    ]);
  });

  it('a project with files of its own names a reference that leads nowhere (regression: silent)', () => {
    temp = createTempProject({
      'app/tsconfig.json': tsconfig({}, ['*.ts'], ['../gone', '../lib']),
      'app/a.ts': 'export class A {}\n',
      'lib/tsconfig.json': tsconfig({ composite: true }, ['*.ts']),
      'lib/b.ts': 'export class B {}\n',
    });
    const loaded = loadProject({ tsconfig: 'app/tsconfig.json', cwd: temp.root });
    expect(loaded.fileNames.map(loaded.relative)).toEqual(['a.ts']);
    expect(loaded.configWarnings).toEqual([
      'app/tsconfig.json references gone/tsconfig.json, which does not exist: imports from that project resolve to whatever is built or installed, if anything.',
    ]);
  });

  it('a referenced tsconfig that does not parse is named, and the others are analysed', () => {
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./broken" }, { "path": "./ok" }] }',
      'broken/tsconfig.json': '{ "compilerOptions": ',
      'ok/tsconfig.json': tsconfig({}, ['*.ts']),
      'ok/a.ts': 'export class A {}\n',
    });
    const loaded = loadProject({ tsconfig: 'tsconfig.json', cwd: temp.root });
    expect(loaded.fileNames.map(loaded.relative)).toEqual(['ok/a.ts']);
    expect(loaded.configWarnings[0]).toMatch(/^cannot parse broken\/tsconfig\.json: /);
  });

  it('a referenced project whose "extends" cannot be read is named with why, and the others are analysed', () => {
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./app" }, { "path": "./ok" }] }',
      'app/tsconfig.json': '{ "extends": "@acme/tsconfig/base.json", "include": ["*.ts"] }',
      'app/a.ts': 'export class App {}\n',
      'ok/tsconfig.json': tsconfig({}, ['*.ts']),
      'ok/b.ts': 'export class B {}\n',
    });
    const loaded = loadProject({ tsconfig: 'tsconfig.json', cwd: temp.root });
    expect(loaded.fileNames.map(loaded.relative)).toEqual(['ok/b.ts']);
    expect(loaded.configWarnings[0]).toBe("cannot read app/tsconfig.json: the config it extends cannot be read: File '@acme/tsconfig/base.json' not found.");
  });

  it('--compiler-option overrides reach every referenced project, their paths read from the solution folder', () => {
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./packages/app" }] }',
      'packages/app/tsconfig.json': tsconfig({ strict: false }, ['*.ts']),
      'packages/app/a.ts': 'export class A {}\n',
    });
    const loaded = loadProject({ tsconfig: 'tsconfig.json', cwd: temp.root, compilerOptions: { strict: true, baseUrl: '.' } });
    expect(loaded.program.getCompilerOptions().strict).toBe(true);
    expect(loaded.program.getCompilerOptions().baseUrl).toBe(temp.root);
  });

  it('--include / --exclude narrow each project; a project left without files is not analysed or named', () => {
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./app" }, { "path": "./tools" }] }',
      'app/tsconfig.json': tsconfig({}, ['*.ts']),
      'app/a.ts': 'export class A {}\n',
      'app/b.ts': 'export class B {}\n',
      'tools/tsconfig.json': tsconfig({ jsx: 'preserve' }, ['*.ts']),
      'tools/t.ts': 'export class T {}\n',
    });
    const loaded = loadProject({ tsconfig: 'tsconfig.json', cwd: temp.root, include: ['tools/**'] });
    expect(loaded.fileNames.map(loaded.relative)).toEqual(['tools/t.ts']);
    expect(loaded.program.getCompilerOptions().jsx).toBe(ts.JsxEmit.Preserve);
    expect(loaded.configWarnings).toEqual(['tsconfig.json has no files of its own: analysed the project it references (tools/tsconfig.json)']);
  });

  // Regression (a second reading): with the main project's `paths`, package b's `@/item` resolved
  // into package a, whose Item has no back-pointer: nothing was found.
  it("each file resolves its imports with its own project's paths", async () => {
    const packageFiles = (name: string, owner: string) => ({
      [`packages/${name}/tsconfig.json`]: tsconfig({ paths: { '@/*': ['./src/*'] } }, ['src']),
      [`packages/${name}/src/item.ts`]: `export class Item {\n  constructor(readonly owner: ${owner}) {}\n}\n`,
    });
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "packages/a" }, { "path": "packages/b" }] }',
      ...packageFiles('a', 'unknown'),
      'packages/a/src/extra.ts': 'export class Extra {}\n',
      ...packageFiles('b', "import('./model').Owner"),
      'packages/b/src/model.ts': "import { Item } from '@/item';\n\nexport class Owner {\n  readonly items: Item[] = [];\n\n  add(): void {\n    this.items.push(new Item(this));\n  }\n}\n",
    });
    const result = await analyze({ tsconfig: 'tsconfig.json', cwd: temp.root });
    expect(result.candidates.map((candidate) => `${candidate.file} ${candidate.class}.${candidate.field}`)).toEqual(['packages/b/src/item.ts Item.owner']);
  });

  // Regression (a second reading): with the main project's strict options, the fields of a
  // project compiled without null checks were read as never null, and the weakref fix threw
  // `WeakRef: invalid target` on `new Entry(null)` at run time.
  it("each file's fields admit what its own project's null checking lets them hold", async () => {
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./app" }, { "path": "./lib" }] }',
      'app/tsconfig.json': tsconfig({}, ['*.ts']),
      'app/a.ts': 'export class Tree {\n  children: Tree[] = [];\n  parent: Tree;\n  constructor(parent: Tree) {\n    this.parent = parent;\n    parent.children.push(this);\n  }\n}\n',
      'app/b.ts': 'export const b = 1;\n',
      'lib/tsconfig.json': tsconfig({ strict: false }, ['*.ts']),
      'lib/registry.ts': 'export class Registry {\n  entries: Entry[] = [];\n}\nexport class Entry {\n  constructor(readonly registry: Registry) {\n    registry.entries.push(this);\n  }\n}\n',
    });
    const result = await analyze({ tsconfig: 'tsconfig.json', cwd: temp.root });
    expect(result.candidates.map((candidate) => `${candidate.class}.${candidate.field} ${candidate.nullable}`)).toEqual(['Tree.parent none', 'Entry.registry both']);
  });
});

describe('solution options', () => {
  it('come from the project with the most source files; the first wins a tie', () => {
    const app = part('app', 3, { jsx: ts.JsxEmit.ReactJSX });
    const node = part('node', 1, { types: ['node'] });
    expect(mainPart([node, app])).toBe(app);
    expect(solutionOptions([node, app])).toEqual(app.options);
    expect(solutionOptions([part('a', 1, { strict: true }), part('b', 1, { strict: false })]).strict).toBe(true);
    // Declarations do not count: a types folder is not the app.
    const types = { ...part('types', 0, {}), fileNames: ['/p/types/a.d.ts', '/p/types/b.d.ts'] };
    expect(mainPart([types, node])).toBe(node);
  });

  it('allow and check JavaScript when any project does, so that its .js files stay in the program', () => {
    expect(solutionOptions([part('app', 3, {}), part('scripts', 1, { allowJs: true, checkJs: true })])).toEqual({ allowJs: true, checkJs: true });
  });

  it('name only program-wide differences that can change what the analysis sees', () => {
    const main = { types: [], jsx: ts.JsxEmit.ReactJSX, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], strict: true };
    expect(differingOptions(main, { ...main, lib: ['lib.es2022.d.ts'], paths: { '@/*': ['src/*'] }, strict: false })).toEqual([]);
    expect(differingOptions(main, { ...main, types: ['node'] })).toEqual(['types']);
    expect(differingOptions(main, {})).toEqual(['types', 'jsx']);
  });
});
