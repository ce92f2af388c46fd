import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project.js';
import { differingOptions, solutionOptions, type ReferencedProject } from '../../src/project/solution-config.js';
import { ts } from '../../src/typescript.js';
import { createTempProject, type TempProject } from '../apply/temp-project.js';

const options = (compilerOptions: Record<string, unknown>, include: string[], references: string[] = []) =>
  JSON.stringify({ compilerOptions: { strict: true, types: [], ...compilerOptions }, include, references: references.map((reference) => ({ path: reference })) });

const project = (tsconfigPath: string, fileCount: number, compilerOptions: ts.CompilerOptions): ReferencedProject => ({
  tsconfigPath,
  parsed: { options: compilerOptions, fileNames: Array.from({ length: fileCount }, (_, i) => `/p/${tsconfigPath}/${i}.ts`), errors: [] },
});

describe('a solution tsconfig (no files, only references)', () => {
  let temp: TempProject;
  afterEach(() => temp.remove());

  it('reaches the projects of its projects, each once, even when references loop', () => {
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./app" }, { "path": "./lib" }] }',
      // app references lib, and lib references app back: both are loaded once.
      'app/tsconfig.json': options({}, ['src'], ['../lib']),
      'app/src/app.ts': 'export class App {}\n',
      'lib/tsconfig.json': options({}, ['src'], ['../app', '../deep']),
      'lib/src/lib.ts': 'export class Lib {}\n',
      // Reached only through lib: a solution of its own, with one project.
      'deep/tsconfig.json': '{ "files": [], "references": [{ "path": "./core" }] }',
      'deep/core/tsconfig.json': options({}, ['*.ts']),
      'deep/core/core.ts': 'export class Core {}\n',
    });
    const loaded = loadProject({ tsconfig: 'tsconfig.json', cwd: temp.root });
    expect(loaded.fileNames.map(loaded.relative)).toEqual(['app/src/app.ts', 'deep/core/core.ts', 'lib/src/lib.ts']);
    expect(loaded.configWarnings).toEqual([
      'tsconfig.json has no files of its own: analysed the 3 projects it references (app/tsconfig.json, lib/tsconfig.json, deep/core/tsconfig.json) as one program with the compiler options of app/tsconfig.json',
    ]);
  });

  it('a referenced tsconfig that does not parse is named, and the others are analysed', () => {
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./broken" }, { "path": "./ok" }] }',
      'broken/tsconfig.json': '{ "compilerOptions": ',
      'ok/tsconfig.json': options({}, ['*.ts']),
      'ok/a.ts': 'export class A {}\n',
    });
    const loaded = loadProject({ tsconfig: 'tsconfig.json', cwd: temp.root });
    expect(loaded.fileNames.map(loaded.relative)).toEqual(['ok/a.ts']);
    expect(loaded.configWarnings[0]).toMatch(/^cannot parse broken\/tsconfig\.json: /);
  });

  it('--compiler-option overrides reach every referenced project', () => {
    temp = createTempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./app" }] }',
      'app/tsconfig.json': options({ strict: false }, ['*.ts']),
      'app/a.ts': 'export class A {}\n',
    });
    const loaded = loadProject({ tsconfig: 'tsconfig.json', cwd: temp.root, compilerOptions: { strict: true } });
    expect(loaded.program.getCompilerOptions().strict).toBe(true);
  });
});

describe('solution options', () => {
  it('come from the project with the most files; the first wins a tie', () => {
    const app = project('app', 3, { jsx: ts.JsxEmit.ReactJSX });
    const node = project('node', 1, { types: ['node'] });
    expect(solutionOptions([node, app])).toBe(app.parsed.options);
    expect(solutionOptions([project('a', 1, { strict: true }), project('b', 1, { strict: false })]).strict).toBe(true);
  });

  it('allow JavaScript when any project does, so that its .js files stay in the program', () => {
    expect(solutionOptions([project('app', 3, {}), project('scripts', 1, { allowJs: true })])).toEqual({ allowJs: true });
  });

  it('name only the differences that change how a file resolves its imports or parses', () => {
    const main = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, paths: { '@/*': ['src/*'] }, strict: true };
    expect(differingOptions(main, { ...main, strict: false, outDir: 'dist' })).toEqual([]);
    expect(differingOptions(main, { ...main, paths: { '@/*': ['lib/*'] } })).toEqual(['paths']);
    expect(differingOptions(main, { strict: true })).toEqual(['module', 'moduleResolution', 'paths']);
  });
});
