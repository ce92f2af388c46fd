import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jscodeshift, { type API, type Options } from 'jscodeshift';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import transform from '../../transforms/weakref-accessor.js';
import { fixtureCases, runTransform, sourceFiles, typeErrors } from './fixture-support.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/weakref-accessor');

/**
 * Each case: input/ and output/ (a small project with its own strict tsconfig.json), options.json
 * (the transform's options) and, when the transform refuses something, reports.json (the exact
 * messages). Files are compared byte for byte; output/ must type-check.
 */
const cases = fixtureCases(FIXTURES);

function run(source: string, filePath: string, options: Options) {
  const { output, reports } = runTransform(transform, filePath, source, options);
  return { output: output ?? source, changed: output !== undefined, reports };
}

describe('weakref-accessor fixtures', () => {
  it('has a basic case first', () => {
    expect(cases[0]).toBe('basic');
  });

  for (const name of cases) {
    describe(name, () => {
      const dir = path.join(FIXTURES, name);
      const options = JSON.parse(readFileSync(path.join(dir, 'options.json'), 'utf8')) as Options;
      const expectedReports = existsSync(path.join(dir, 'reports.json'))
        ? (JSON.parse(readFileSync(path.join(dir, 'reports.json'), 'utf8')) as string[])
        : [];
      const inputs = sourceFiles(path.join(dir, 'input'));
      // As `weakify apply` does: each file gets the plan entries for that file.
      const optionsFor = (file: string): Options =>
        Array.isArray(options.entries)
          ? { ...options, entries: options.entries.filter((entry: { file: string }) => entry.file === file) }
          : options;

      it('input and output hold the same files', () => {
        expect(sourceFiles(path.join(dir, 'output'))).toEqual(inputs);
      });

      for (const file of inputs) {
        it(`${file}: output matches byte for byte`, () => {
          const source = readFileSync(path.join(dir, 'input', file), 'utf8');
          const expected = readFileSync(path.join(dir, 'output', file), 'utf8');
          const { output } = run(source, path.join(dir, 'input', file), optionsFor(file));
          expect(output).toBe(expected);
        });

        it(`${file}: a second run changes nothing`, () => {
          const once = readFileSync(path.join(dir, 'output', file), 'utf8');
          const { changed, output } = run(once, path.join(dir, 'output', file), optionsFor(file));
          expect(output).toBe(once);
          expect(changed).toBe(false);
        });
      }

      it('reports exactly the refusals expected', () => {
        const reports = inputs.flatMap((file) =>
          run(readFileSync(path.join(dir, 'input', file), 'utf8'), path.join(dir, 'input', file), optionsFor(file)).reports,
        );
        expect(reports).toEqual(expectedReports);
      });

      it('input and output type-check under strict mode', () => {
        expect(typeErrors(path.join(dir, 'input'))).toEqual([]);
        expect(typeErrors(path.join(dir, 'output'))).toEqual([]);
      });
    });
  }
});

describe('weakref-accessor options and file forms', () => {
  const basicInput = readFileSync(path.join(FIXTURES, 'basic/input/tree.ts'), 'utf8');
  const basicOutput = readFileSync(path.join(FIXTURES, 'basic/output/tree.ts'), 'utf8');

  it('keeps CRLF line endings, in the inserted code too', () => {
    const { output } = run(basicInput.replaceAll('\n', '\r\n'), 'tree.ts', { fields: 'Child.parent' });
    expect(output).toBe(basicOutput.replaceAll('\n', '\r\n'));
  });

  it('works with the tsx parser, as `apply` uses for .tsx files', () => {
    const j = jscodeshift.withParser('tsx');
    const api: API = { j, jscodeshift: j, stats: () => {}, report: () => {} };
    const source = 'export class View {\n  parent: Panel;\n  render() {\n    return <div>{this.parent.title}</div>;\n  }\n}\n';
    const output = transform({ path: 'view.tsx', source }, api, { fields: 'View.parent' });
    expect(output).toBe(
      'export class View {\n' +
        '  #parent: WeakRef<Panel> | null | undefined;\n\n' +
        '  get parent(): Panel {\n' +
        '    const ref = this.#parent;\n' +
        '    if (ref === null) return null!;\n' +
        '    const value = ref?.deref();\n' +
        "    if (value === undefined && ref !== undefined) throw new ReferenceError('View.parent was read after its Panel was garbage-collected');\n" +
        '    return value!;\n' +
        '  }\n\n' +
        '  set parent(value: Panel) {\n' +
        '    this.#parent = value == null ? value : new WeakRef(value);\n' +
        '  }\n\n' +
        '  render() {\n' +
        '    return <div>{this.parent.title}</div>;\n' +
        '  }\n' +
        '}\n',
    );
  });

  it('accepts --fields given more than once (the CLI passes an array)', () => {
    const { output } = run(basicInput, 'tree.ts', { fields: ['Child.parent', 'Parent.missing'] });
    expect(output).toBe(basicOutput);
  });

  it('returns undefined when no field is named for the file', () => {
    expect(run(basicInput, 'tree.ts', {}).changed).toBe(false);
    expect(run(basicInput, 'tree.ts', { entries: [] }).changed).toBe(false);
  });

  it('ignores plan entries of other actions', () => {
    const entry = { id: 'c1', action: 'dispose', file: 'tree.ts', class: 'Child', field: 'parent', typeText: 'Parent' };
    expect(run(basicInput, 'tree.ts', { entries: [entry] }).changed).toBe(false);
  });

  it('rejects a --fields item that is not Class.field', () => {
    expect(() => run(basicInput, 'tree.ts', { fields: 'Child' })).toThrow(
      'weakref-accessor: --fields expects Class.field, got "Child"',
    );
  });

  it('reads --plan: the entries whose file (relative to the tsconfig folder) is this file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weakref-accessor-plan-'));
    mkdirSync(path.join(dir, 'app/src'), { recursive: true });
    const plan = {
      schemaVersion: 1,
      tool: { name: 'weakify', version: '0.1.0' },
      project: { tsconfig: 'app/tsconfig.json' },
      entries: [
        { id: 'c1', action: 'weakref', file: 'src/tree.ts', class: 'Child', field: 'parent', typeText: 'Parent', nullable: 'none', owners: [], confidence: 0.9, reason: 'r' },
        { id: 'c2', action: 'weakref', file: 'src/other.ts', class: 'Child', field: 'name', typeText: 'string', nullable: 'none', owners: [], confidence: 0.9, reason: 'r' },
      ],
    };
    writeFileSync(path.join(dir, 'weakify-plan.json'), JSON.stringify(plan));
    const planPath = path.join(dir, 'weakify-plan.json');
    expect(run(basicInput, path.join(dir, 'app/src/tree.ts'), { plan: planPath }).output).toBe(basicOutput);
    // Same file name under another folder: not the planned file.
    expect(run(basicInput, path.join(dir, 'src/tree.ts'), { plan: planPath }).changed).toBe(false);
  });

  it('refuses a plan file of another schema version', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weakref-accessor-plan-version-'));
    const planPath = path.join(dir, 'weakify-plan.json');
    writeFileSync(planPath, JSON.stringify({ schemaVersion: 2, project: { tsconfig: 'tsconfig.json' }, entries: [] }));
    expect(() => run(basicInput, path.join(dir, 'tree.ts'), { plan: planPath })).toThrow(
      `weakref-accessor: ${planPath} has plan schema version 2, this transform reads version 1; re-run weakify analyze --plan`,
    );
  });

  it('the fixture type-check can fail: a broken project reports its error at file:line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weakref-accessor-tsc-'));
    writeFileSync(path.join(dir, 'tsconfig.json'), readFileSync(path.join(FIXTURES, 'basic/input/tsconfig.json')));
    writeFileSync(path.join(dir, 'a.ts'), 'export class A {\n  ref: WeakRef<string> | undefined;\n}\n');
    expect(typeErrors(dir)).toEqual([
      // lib ES2022: WeakRef<T extends object> (ES2023 widens it to WeakKey).
      "a.ts:2: Type 'string' does not satisfy the constraint 'object'.",
    ]);
  });
});

describe('weakref-accessor through the jscodeshift CLI', () => {
  // The built module, as the README tells users to run it (`npm test` builds first): the source
  // imports its siblings in transforms/lib/ by their built names.
  const transformPath = path.resolve(import.meta.dirname, '../../dist/transforms/weakref-accessor.js');

  function jscodeshiftCli(args: string[]) {
    const result = spawnSync('npx', ['--no-install', 'jscodeshift', '-t', transformPath, '--parser=ts', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    return result;
  }

  it('--fields=Child.parent rewrites the file in place', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weakref-accessor-cli-'));
    const file = path.join(dir, 'tree.ts');
    writeFileSync(file, readFileSync(path.join(FIXTURES, 'basic/input/tree.ts')));
    const result = jscodeshiftCli(['--fields=Child.parent', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 ok');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'basic/output/tree.ts'), 'utf8'));
  });

  it('--storage=weakmap reaches the transform: the ES5 fixture, byte for byte, with its refusal reported', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weakref-accessor-cli-weakmap-'));
    const file = path.join(dir, 'tree.ts');
    writeFileSync(file, readFileSync(path.join(FIXTURES, 'weakmap-storage/input/tree.ts')));
    const options = JSON.parse(readFileSync(path.join(FIXTURES, 'weakmap-storage/options.json'), 'utf8')) as { fields: string };
    const result = jscodeshiftCli(['--storage=weakmap', `--fields=${options.fields}`, file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 ok');
    expect(result.stdout).toContain('Item.fallback not changed: its initializer cannot stay a field initializer with WeakMap storage');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'weakmap-storage/output/tree.ts'), 'utf8'));
  });

  it('migrates the example app: five back-pointers in five files, type-checks, a second run changes nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weakref-accessor-example-'));
    cpSync(path.resolve(import.meta.dirname, '../../fixtures/example-app'), dir, { recursive: true });
    const fields = '--fields=StatusBar.#editor,Toolbar.editor,Layer.scene,Shape.layer,Folder.parent';
    const first = jscodeshiftCli(['--extensions=ts', fields, path.join(dir, 'src')]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('5 ok');
    // --fields names classes for the whole run: files without them are not reported.
    expect(first.stdout).not.toContain('REP');
    expect(typeErrors(dir)).toEqual([]);
    expect(readFileSync(path.join(dir, 'src/editor/toolbar.ts'), 'utf8')).toBe(
      [
        "import type { Editor } from './editor.js';",
        '',
        'export class Toolbar {',
        '  private readonly buttons = new Set<string>();',
        '',
        '  #editor: WeakRef<Editor> | null | undefined;',
        '',
        '  private get editor(): Editor {',
        '    const ref = this.#editor;',
        '    if (ref === null) return null!;',
        '    const value = ref?.deref();',
        "    if (value === undefined && ref !== undefined) throw new ReferenceError('Toolbar.editor was read after its Editor was garbage-collected');",
        '    return value!;',
        '  }',
        '',
        '  private set editor(value: Editor) {',
        '    this.#editor = value == null ? value : new WeakRef(value);',
        '  }',
        '',
        '  constructor(editor: Editor) {',
        '    this.#editor = new WeakRef(editor);',
        '  }',
        '',
        '  addButton(label: string): void {',
        '    this.buttons.add(label);',
        '    this.editor.statusBar.show(`added ${label}`);',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const second = jscodeshiftCli(['--extensions=ts', fields, path.join(dir, 'src')]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('0 ok');
  });

  it('--plan rewrites the planned file and prints refusals', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weakref-accessor-cli-plan-'));
    writeFileSync(path.join(dir, 'tsconfig.json'), '{}');
    const file = path.join(dir, 'registry.ts');
    writeFileSync(file, readFileSync(path.join(FIXTURES, 'static/input/registry.ts')));
    const entry = (cls: string, field: string) => ({ id: `${cls}.${field}`, action: 'weakref', file: 'registry.ts', class: cls, field, typeText: 'Registry', nullable: 'undefined', owners: [], confidence: 0.9, reason: 'r' });
    const plan = { schemaVersion: 1, tool: { name: 'weakify', version: '0.1.0' }, project: { tsconfig: 'tsconfig.json' }, entries: [entry('Registry', 'current'), entry('Entry', 'registry')] };
    writeFileSync(path.join(dir, 'weakify-plan.json'), JSON.stringify(plan));
    const result = jscodeshiftCli([`--plan=${path.join(dir, 'weakify-plan.json')}`, file]);
    expect(result.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'static/output/registry.ts'), 'utf8'));
    expect(result.stdout).toContain(
      'weakref-accessor: Registry.current not changed: static fields are not touched (a static back-pointer is not a per-instance cycle).',
    );
  });
});
