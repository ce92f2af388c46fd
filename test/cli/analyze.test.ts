import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, repoRoot, runCli } from './run-cli.js';

// Whole-project runs of the built CLI on fixtures/example-app. The expected findings come from
// reading the fixture, not from a previous run:
// - Editor constructs Toolbar and StatusBar passing `this`; they keep it in `editor` (a parameter
//   property) and `#editor` (an ES private field): one-to-one back-pointers.
// - Scene.addLayer constructs `new Layer(this, name)` and keeps it in a Map: Layer.scene.
// - Layer.addShape sets `shape.layer = this` and pushes to `shapes`: Shape.layer; removeShape
//   splices the shape out but never resets `shape.layer`: the unlink bug.
// - Folder.add sets `child.parent = this` (a tree of one class); Folder.path reads `parent` in a
//   loop, so the recommended fix is a dispose method rather than a WeakRef deref per step.
// - Editor.open is static (a root), Watcher.#target is a WeakRef, Watcher.listener is marked
//   `// weakify-ignore`: skipped with those reasons. Editor.scene has no way back: no cycle.
const app = 'fixtures/example-app';

interface Json {
  project: { tsconfig: string; files: number; classes: number };
  candidates: Array<{
    file: string;
    line: number;
    class: string;
    field: string;
    target: string[];
    kind: string;
    confidence: number;
    strategy: string;
    inverse: Array<{ file: string; class: string; field: string }>;
  }>;
  unlinkBugs: Array<{ file: string; line: number; class: string; method: string; collection: string; backPointer: { class: string; field: string } }>;
  skipped: Array<{ file: string; line: number; class: string; field: string; reason: string }>;
  cycles: Array<{ members: string[] }>;
  warnings: unknown[];
}

function analyzeJson(args: string[], cwd?: string): { status: number | null; json: Json; stderr: string } {
  const run = runCli(['analyze', '--format', 'json', ...args], { cwd });
  return { status: run.status, json: JSON.parse(run.stdout) as Json, stderr: run.stderr };
}

/** `Class.field` of each candidate, in report order. */
const fields = (json: Json) => json.candidates.map((candidate) => `${candidate.class}.${candidate.field}`);

describe('weakify analyze on the example app', () => {
  it('--format json: every back-pointer with its owner, kind, confidence band and strategy; exit 0', () => {
    const { status, json, stderr } = analyzeJson(['-p', app]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    // 9 source files; classes: Editor, StatusBar, Toolbar, Folder, Watcher, Layer, Scene, Shape.
    expect(json.project).toEqual({ tsconfig: 'tsconfig.json', files: 9, classes: 8 });
    expect(
      json.candidates.map(({ file, line, class: cls, field, target, kind, strategy, inverse }) => ({
        at: `${file}:${line}`,
        field: `${cls}.${field}`,
        target,
        kind,
        strategy,
        inverse: inverse.map((side) => `${side.file}#${side.class}.${side.field}`),
      })),
    ).toEqual([
      {
        at: 'src/editor/status-bar.ts:4',
        field: 'StatusBar.#editor',
        target: ['Editor'],
        kind: 'one-to-one',
        strategy: 'weakref',
        inverse: ['src/editor/editor.ts#Editor.statusBar'],
      },
      {
        at: 'src/editor/toolbar.ts:6',
        field: 'Toolbar.editor',
        target: ['Editor'],
        kind: 'one-to-one',
        strategy: 'weakref',
        inverse: ['src/editor/editor.ts#Editor.toolbar'],
      },
      {
        at: 'src/files/folder.ts:3',
        field: 'Folder.parent',
        target: ['Folder'],
        kind: 'self-tree',
        strategy: 'dispose',
        inverse: ['src/files/folder.ts#Folder.children'],
      },
      {
        at: 'src/scene/layer.ts:9',
        field: 'Layer.scene',
        target: ['Scene'],
        kind: 'one-to-many',
        strategy: 'weakref',
        inverse: ['src/scene/scene.ts#Scene.layers'],
      },
      {
        at: 'src/scene/shape.ts:10',
        field: 'Shape.layer',
        target: ['Layer'],
        kind: 'one-to-many',
        strategy: 'weakref',
        inverse: ['src/scene/layer.ts#Layer.shapes'],
      },
    ]);
    // Every candidate has direct evidence (constructs-with-this or assigns-this), so all clear the
    // auto-apply bar of 0.8; the ones with a collection side on top score higher than the
    // one-to-one pairs that only have construction and a name.
    const confidence = Object.fromEntries(json.candidates.map((c) => [`${c.class}.${c.field}`, c.confidence]));
    for (const value of Object.values(confidence)) expect(value).toBeGreaterThanOrEqual(0.8);
    expect(confidence['Layer.scene']).toBeGreaterThan(confidence['Toolbar.editor']!);
    expect(confidence['Shape.layer']).toBeGreaterThan(confidence['StatusBar.#editor']!);
    expect(confidence['Toolbar.editor']).toBe(confidence['StatusBar.#editor']);

    expect(json.unlinkBugs.map((bug) => ({ ...bug, id: undefined, message: undefined, column: undefined }))).toMatchObject([
      {
        file: 'src/scene/layer.ts',
        line: 23,
        class: 'Layer',
        method: 'removeShape',
        collection: 'shapes',
        backPointer: { class: 'Shape', field: 'layer' },
      },
    ]);
    expect(json.skipped.map(({ file, line, class: cls, field, reason }) => `${file}:${line} ${cls}.${field} ${reason}`)).toEqual([
      'src/editor/editor.ts:10 Editor.open static',
      'src/files/watcher.ts:5 Watcher.#target already-weak',
      'src/files/watcher.ts:7 Watcher.listener ignored',
    ]);
    expect(json.cycles.map((cycle) => cycle.members.join(' -> '))).toEqual([
      'Editor.toolbar -> Toolbar.editor',
      'Editor.statusBar -> StatusBar.#editor',
      'Folder.children -> Folder.parent',
      'Layer.shapes -> Shape.layer',
      'Scene.layers -> Layer.scene',
    ]);
    expect(json.warnings).toEqual([]);
  });

  it('--fail-on-candidates exits 1 when there are findings', () => {
    const run = runCli(['analyze', '-p', app, '--fail-on-candidates']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('5 back-pointers');
  });

  it('--min-confidence 0.99 leaves no finding, and --fail-on-candidates then exits 0', () => {
    const { status, json } = analyzeJson(['-p', app, '--min-confidence', '0.99', '--fail-on-candidates']);
    expect(status).toBe(0);
    expect(json.candidates).toEqual([]);
    // The unlink bug is about Shape.layer being a back-pointer: below the bar, it goes too.
    expect(json.unlinkBugs).toEqual([]);
  });

  it('text output: starts with the first cycle and ends with the summary line', () => {
    const run = runCli(['analyze'], { cwd: path.join(repoRoot, app) });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Cycle 1: Editor.toolbar -> Toolbar.editor');
    expect(lines[1]).toBe('  src/editor/toolbar.ts:6:23 Toolbar.editor -> Editor');
    // The report ends with one newline after the summary; no colour codes off a TTY.
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe('5 back-pointers in 5 cycles across 7 files (3 skipped, 1 unlink bug)');
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('text output from another folder shows paths from where the user stands', () => {
    const run = runCli(['analyze', '-p', app]);
    expect(run.stdout.split('\n')[1]).toBe('  fixtures/example-app/src/editor/toolbar.ts:6:23 Toolbar.editor -> Editor');
  });

  it('--output writes the report to the file and nothing to stdout', () => {
    const dir = copyFixture(app);
    const run = runCli(['analyze', '--format', 'json', '--output', 'report.json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    const written = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Json;
    expect(fields(written)).toEqual(['StatusBar.#editor', 'Toolbar.editor', 'Folder.parent', 'Layer.scene', 'Shape.layer']);
  });

  it('--output - writes to stdout, however it is spelled', () => {
    const dir = copyFixture(app);
    for (const spelling of [['--output', '-'], ['--output=-'], ['-o', '-']]) {
      const run = runCli(['analyze', '--format', 'json', ...spelling], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const json = JSON.parse(run.stdout) as Json;
      expect(json.candidates).toHaveLength(5);
      // The `-` did not become a files argument (which would narrow the report and warn).
      expect(json.warnings).toEqual([]);
    }
    expect(existsSync(path.join(dir, '-'))).toBe(false);
  });

  it('--output into a folder that does not exist exits 2 and names the file', () => {
    const dir = copyFixture(app);
    const run = runCli(['analyze', '--output', 'no/such/folder/report.txt'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(`weakify: error: cannot write ${path.join(dir, 'no/such/folder/report.txt')}: ENOENT`);
  });

  it('--plan writes one entry per candidate and unlink bug, which apply --plan accepts', () => {
    const dir = copyFixture(app);
    const run = runCli(['analyze', '--plan', 'weakify-plan.json', '--output', 'report.txt'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('weakify: wrote the migration plan (6 entries) to weakify-plan.json\n');
    const plan = JSON.parse(readFileSync(path.join(dir, 'weakify-plan.json'), 'utf8')) as {
      schemaVersion: number;
      project: { tsconfig: string };
      entries: Array<{ action: string; class: string; field: string; method?: string }>;
    };
    expect(plan.schemaVersion).toBe(1);
    expect(plan.project).toEqual({ tsconfig: 'tsconfig.json' });
    expect(plan.entries.map((entry) => `${entry.action} ${entry.class}.${entry.field}${entry.method ? ` in ${entry.method}` : ''}`)).toEqual([
      'weakref StatusBar.#editor',
      'weakref Toolbar.editor',
      'dispose Folder.parent',
      'weakref Layer.scene',
      'unlink-fix Shape.layer in removeShape',
      'weakref Shape.layer',
    ]);
    const apply = runCli(['apply', '--plan', 'weakify-plan.json'], { cwd: dir });
    expect(apply.status).toBe(0);
    expect(apply.stderr).toBe(
      "weakify: note: src/files/folder.ts:2: nothing in the project calls Folder.dispose(), which this change adds, so the cycles it breaks stay until code that ends a Folder's life calls it (a library's users may).\n" +
        'weakify: dry run: 5 file(s) would change; verified: no new type errors in the 9 file(s) the change can affect. Run again with --write to apply.\n',
    );
  });

  it('a side only its types pair with the back-pointer is reported but not made to dispose what it holds', () => {
    // Widget.parent is typed as Widget: MenuBar.menus (Menu extends Widget) pairs with it by type,
    // but only Panel.add links children to their parent.
    const dir = copyFixture('fixtures/analyze/loose-owner');
    const run = runCli(['analyze', '--strategy', 'dispose', '--plan', 'plan.json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('weakify: wrote the migration plan (1 entry) to plan.json\n');
    // The owner first, then the side paired by type only.
    expect(run.stdout).toContain('    owned by Panel.children (array, src/widgets.ts:14)\n    paired by type only with MenuBar.menus (array, src/widgets.ts:27)\n');
    expect(run.stdout).toContain('fix: clear `parent` in a dispose method of Panel\n');
    const plan = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8')) as { entries: Array<{ owners: Array<{ class: string; field: string }>; reason: string }> };
    expect(plan.entries[0]!.owners.map((owner) => `${owner.class}.${owner.field}`)).toEqual(['Panel.children']);
    expect(plan.entries[0]!.reason).toBe(
      'Panel.add sets `parent` of a Widget to `this` (src/widgets.ts:17). MenuBar.menus (src/widgets.ts:27) is not listed as an owner: only the types pair it with `parent`, no code links them; add it to "owners" if it does own these objects.',
    );
    const apply = runCli(['apply', '--plan', 'plan.json'], { cwd: dir });
    expect(apply.status).toBe(0);
    expect(apply.stdout).toContain('+    for (const widget of this.children) widget.dispose();\n');
    expect(apply.stdout).not.toContain('menus');
  });

  it('positional globs narrow the report to findings that concern those files', () => {
    // From the repository root: globs are relative to the working folder, not to the tsconfig.
    const scene = analyzeJson(['-p', app, `${app}/src/scene/**`]);
    expect(scene.status).toBe(0);
    expect(fields(scene.json)).toEqual(['Layer.scene', 'Shape.layer']);
    expect(scene.json.unlinkBugs.map((bug) => `${bug.class}.${bug.method}`)).toEqual(['Layer.removeShape']);
    expect(scene.json.skipped).toEqual([]);
    // The whole program is still loaded: the counts are the project's.
    expect(scene.json.project.files).toBe(9);

    // The owner's file brings in its back-pointers (a cycle is one finding).
    const editor = analyzeJson(['src/editor/editor.ts'], path.join(repoRoot, app));
    expect(fields(editor.json)).toEqual(['StatusBar.#editor', 'Toolbar.editor']);
    expect(editor.json.skipped.map((s) => `${s.class}.${s.field}`)).toEqual(['Editor.open']);

    const watcher = analyzeJson(['src/files/watcher.ts'], path.join(repoRoot, app));
    expect(fields(watcher.json)).toEqual([]);
    expect(watcher.json.skipped.map((s) => s.reason)).toEqual(['already-weak', 'ignored']);

    const text = runCli(['analyze', 'src/editor/toolbar.ts'], { cwd: path.join(repoRoot, app) });
    expect(text.stdout.split('\n').at(-2)).toBe('1 back-pointer in 1 cycle across 2 files');
  });

  it('a positional glob that matches no file of the project is a warning, not a silent "nothing found"', () => {
    // The globs are relative to the working folder: from the repository root, `src/scene/**` is
    // weakify's own src/scene (which does not exist), not the example app's.
    const typo = analyzeJson(['-p', app, 'src/scene/**', `${app}/src/files/folder.ts`]);
    expect(typo.status).toBe(0);
    expect(fields(typo.json)).toEqual(['Folder.parent']);
    expect(typo.json.warnings).toEqual([
      { kind: 'config', message: 'no file of the project matches src/scene/**; nothing is reported for it' },
    ]);
  });

  it('a positional path without glob characters that does not exist exits 2 (a typo CI would not read as a warning)', () => {
    const run = runCli(['analyze', '-p', app, `${app}/src/sence/shape.ts`, '--fail-on-candidates']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `weakify: error: no such file or folder: ${app}/src/sence/shape.ts\n` +
        '  Positional arguments narrow the report to these files, folders or globs (relative to the current folder); check the path.\n',
    );
  });
});

describe('weakify analyze on a solution tsconfig', () => {
  // fixtures/analyze/solution-tsconfig: tsconfig.json has no files, only references (Vite's
  // layout): tsconfig.app.json (src/, which references shared/) and tsconfig.node.json (tools/,
  // another module resolution). Each of the three projects has one parent/children pair.
  const solution = 'fixtures/analyze/solution-tsconfig';

  it('analyses every project it reaches, with paths from the solution folder, and says how', () => {
    const run = analyzeJson(['-p', solution]);
    expect(run.status).toBe(0);
    expect(run.json.project).toEqual({ tsconfig: 'tsconfig.json', files: 4, classes: 6 });
    expect(run.json.candidates.map((candidate) => `${candidate.file} ${candidate.class}.${candidate.field}`)).toEqual([
      'shared/src/registry.ts Entry.registry',
      'src/panel.ts Panel.editor',
      'tools/build-graph.ts Step.graph',
    ]);
    expect(run.json.warnings).toEqual([
      {
        kind: 'config',
        message:
          `${solution}/tsconfig.json has no files of its own: analysed the 3 projects it references ` +
          `(${solution}/tsconfig.app.json, ${solution}/shared/tsconfig.json, ${solution}/tsconfig.node.json) ` +
          `as one program with the options of ${solution}/tsconfig.app.json (imports and null checking per project)`,
      },
    ]);
  });
});

describe('weakify analyze on a monorepo whose packages import each other by name', () => {
  // fixtures/analyze/workspace-packages: App (packages/app) keeps Plugins; Plugin (packages/core)
  // keeps its Host, an interface App implements. App imports `@acme/core` by name, through the
  // workspace link, whose package.json points at dist/index.d.ts.
  const pairs = (json: Json) => json.candidates.map((candidate) => `${candidate.file} ${candidate.class}.${candidate.field} <- ${candidate.inverse.map((inverse) => `${inverse.file} ${inverse.class}.${inverse.field}`).join(', ')}`);
  const expected = ['packages/core/src/plugin.ts Plugin.host <- packages/app/src/app.ts App.plugins'];

  it('reads the other package from its sources before it is built', () => {
    const run = analyzeJson(['-p', 'fixtures/analyze/workspace-packages']);
    expect(run.status).toBe(0);
    expect(run.json.project).toEqual({ tsconfig: 'tsconfig.json', files: 4, classes: 2 });
    expect(pairs(run.json)).toEqual(expected);
  });

  it('and after it is built, not from the declarations of the build', () => {
    const dir = copyFixture('fixtures/analyze/workspace-packages');
    const build = spawnSync(path.join(repoRoot, 'node_modules/.bin/tsc'), ['-b', dir], { encoding: 'utf8' });
    expect(build.status).toBe(0);
    expect(existsSync(path.join(dir, 'packages/core/dist/index.d.ts'))).toBe(true);
    const run = analyzeJson(['-p', dir]);
    expect(run.status).toBe(0);
    expect(run.json.project).toEqual({ tsconfig: 'tsconfig.json', files: 4, classes: 2 });
    expect(pairs(run.json)).toEqual(expected);
  });
});

describe('weakify analyze reads weakify.config.json and package.json "weakify"', () => {
  // min-confidence 0.9 keeps Folder.parent (0.95), Layer.scene (0.95) and Shape.layer (0.92) and
  // drops the two 0.85 one-to-one pairs; format json proves the file set a non-numeric option too.
  const expected = ['Folder.parent', 'Layer.scene', 'Shape.layer'];

  for (const [spelling, options] of [
    ['camelCase', { minConfidence: 0.9, format: 'json', failOnCandidates: true }],
    ['kebab-case', { 'min-confidence': 0.9, format: 'json', 'fail-on-candidates': true }],
  ] as const) {
    it(`weakify.config.json with ${spelling} keys`, () => {
      const dir = copyFixture(app);
      writeFileSync(path.join(dir, 'weakify.config.json'), JSON.stringify(options));
      const run = runCli(['analyze'], { cwd: dir });
      expect(run.status).toBe(1);
      expect(fields(JSON.parse(run.stdout) as Json)).toEqual(expected);
    });

    it(`package.json "weakify" with ${spelling} keys`, () => {
      const dir = copyFixture(app);
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, weakify: options }));
      const run = runCli(['analyze'], { cwd: dir });
      expect(run.status).toBe(1);
      expect(fields(JSON.parse(run.stdout) as Json)).toEqual(expected);
    });
  }

  it('the command line wins over the file', () => {
    const dir = copyFixture(app);
    writeFileSync(path.join(dir, 'weakify.config.json'), JSON.stringify({ 'min-confidence': 0.9, format: 'json' }));
    const run = runCli(['analyze', '--min-confidence', '0.5'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(fields(JSON.parse(run.stdout) as Json)).toHaveLength(5);
  });

  it('the file is found from a subfolder, and its "project" is relative to the file', () => {
    const dir = copyFixture(app);
    writeFileSync(path.join(dir, 'weakify.config.json'), JSON.stringify({ project: 'tsconfig.json', format: 'json', minConfidence: 0.9 }));
    const run = runCli(['analyze'], { cwd: path.join(dir, 'src', 'scene') });
    expect(run.status).toBe(0);
    expect(fields(JSON.parse(run.stdout) as Json)).toEqual(expected);
  });

  it('--config names the file explicitly; a missing one exits 2', () => {
    const dir = copyFixture(app);
    writeFileSync(path.join(dir, 'strict.json'), JSON.stringify({ 'min-confidence': 0.9, format: 'json' }));
    const run = runCli(['analyze', '--config', 'strict.json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(fields(JSON.parse(run.stdout) as Json)).toEqual(expected);
    const missing = runCli(['analyze', '--config', 'nope.json'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('weakify: error: config file not found: nope.json\n  Check the --config path.\n');
    expect(existsSync(path.join(dir, 'nope.json'))).toBe(false);
  });
});
