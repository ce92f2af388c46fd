import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jscodeshift, { type API } from 'jscodeshift';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import transform from '../../transforms/weakref-accessor.js';

/**
 * The point of the migration: after it, keeping one leaf (or one item) no longer keeps its whole
 * tree (or owner) alive. The fixture app is compiled before and after the transform and run under
 * `node --expose-gc`; a FinalizationRegistry reports what was collected.
 */
const APP = path.resolve(import.meta.dirname, '../../fixtures/runtime/weakref-app');
const REPO = path.resolve(import.meta.dirname, '../..');

/** Transpile `source` (a module, with its driver appended) and run it in a node process of its own; its stdout, with no stderr. */
function runModule(source: string, name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weakify-runtime-'));
  const { outputText } = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 } });
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, outputText);
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout;
}

/** `private`: ES `#` storage, compiled for ES2022. `weakmap`: module-level WeakMap storage, compiled for ES5. */
type Storage = 'private' | 'weakmap';
const TARGET: Record<Storage, ts.ScriptTarget> = { private: ts.ScriptTarget.ES2022, weakmap: ts.ScriptTarget.ES5 };

function transformed(source: string, storage: Storage): string {
  const j = jscodeshift.withParser('ts');
  const reports: string[] = [];
  const api: API = { j, jscodeshift: j, stats: () => {}, report: (message: string) => reports.push(message) };
  const output = transform({ path: 'app.ts', source }, api, { fields: 'TreeNode.parent,Item.owner', storage });
  expect(reports).toEqual([]);
  expect(typeof output).toBe('string');
  return output as string;
}

/** Type errors of the app's text under the app's own tsconfig (types resolved from this repo). */
function typeErrors(source: string, dir: string, storage: Storage): string[] {
  const file = path.join(dir, 'app.ts');
  writeFileSync(file, source);
  const config = ts.readConfigFile(path.join(APP, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, APP);
  const options = { ...parsed.options, target: TARGET[storage], ignoreDeprecations: '6.0', typeRoots: [path.join(REPO, 'node_modules/@types')] };
  const program = ts.createProgram([file], options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function runApp(source: string, dir: string, name: string, storage: Storage): string {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: TARGET[storage], module: ts.ModuleKind.ES2022, ignoreDeprecations: '6.0' },
  });
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, outputText);
  const result = spawnSync(process.execPath, ['--expose-gc', file], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe.each(['private', 'weakmap'] as const)('weakref-accessor at run time, %s storage', (storage) => {
  const before = readFileSync(path.join(APP, 'app.ts'), 'utf8');
  const after = transformed(before, storage);
  const dir = mkdtempSync(path.join(tmpdir(), 'weakref-app-'));

  it('the app type-checks before and after the transform', () => {
    // The app's top-level await (the test's own GC loop) is the one thing ES5 rejects, before as after.
    const expected =
      storage === 'private'
        ? []
        : [
            "Top-level 'await' expressions are only allowed when the 'module' option is set to 'es2022', 'esnext', 'system', 'node16', 'node18', 'node20', 'nodenext', or 'preserve', and the 'target' option is set to 'es2017' or higher.",
          ];
    expect(typeErrors(before, dir, storage)).toEqual(expected);
    expect(typeErrors(after, dir, storage)).toEqual(expected);
  });

  it(storage === 'private' ? 'stores the WeakRef in an ES private field' : 'stores the WeakRef in a module-level WeakMap, and compiles to ES5 without it', () => {
    if (storage === 'private') expect(after).toContain('#parent: WeakRef<TreeNode> | undefined;');
    else {
      expect(after).toContain('const treeNodeParentRefs = new WeakMap<object, WeakRef<object> | undefined>();');
      expect(after).not.toMatch(/#\w/);
      expect(ts.transpileModule(after, { compilerOptions: { target: ts.ScriptTarget.ES5, ignoreDeprecations: '6.0' } }).outputText).toContain('Object.defineProperty(TreeNode.prototype, "parent", {');
    }
  });

  it('behaves the same while the owners are alive; after the change, the owners are collected', () => {
    const alive = ['alive: root/left/leaf', 'alive: root/left, root/right', 'alive: second of box (2/2)'];
    expect(runApp(before, dir, `before-${storage}`, storage).split('\n')).toEqual([
      ...alive,
      'collected: root=false left=false owner=false',
      'kept: leaf under left',
      'kept: item of box',
      '',
    ]);
    expect(runApp(after, dir, `after-${storage}`, storage).split('\n')).toEqual([
      ...alive,
      'collected: root=true left=true owner=true',
      'kept: leaf without parent',
      'kept: item, reading its owner threw ReferenceError: Item.owner was read after its Owner was garbage-collected',
      '',
    ]);
  });
});

// Without strictNullChecks a field typed `Entry` holds null at the head of zrender's LRU list: the
// accessor has to give the null (and an unset undefined) back as the plain field did. Before,
// `if (entry.prev)` on the head threw the ReferenceError meant for a collected target.
describe('weakref-accessor at run time, in a project without strictNullChecks', () => {
  const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/weakref-accessor/lax-null-checks');
  const DRIVER = `
const list = new List();
const [a, b, c] = ['a', 'b', 'c'].map((key) => new Entry(key));
for (const entry of [a, b, c]) list.insert(entry);
const seen = [String(a.prev), b.prev.key, c.prev.key, String(new Entry('x').prev)];
list.remove(a);
list.remove(c);
seen.push(String(b.prev), list.head.key, list.tail.key, String(a.prev), String(c.prev));
console.log(seen.join(' '));
`;

  const run = (source: string, name: string) => runModule(source + DRIVER, name);

  it('reads null where null was written and undefined where nothing was, before and after', () => {
    const before = readFileSync(path.join(FIXTURE, 'input/lru.ts'), 'utf8');
    const options = JSON.parse(readFileSync(path.join(FIXTURE, 'options.json'), 'utf8'));
    const j = jscodeshift.withParser('ts');
    const api: API = { j, jscodeshift: j, stats: () => {}, report: () => {} };
    const after = transform({ path: path.join(FIXTURE, 'input/lru.ts'), source: before }, api, options) as string;
    expect(after).toBe(readFileSync(path.join(FIXTURE, 'output/lru.ts'), 'utf8'));
    const expected = 'null a b undefined null b b null null\n';
    expect(run(before, 'before')).toBe(expected);
    expect(run(after, 'after')).toBe(expected);
  });
});

// sprotty writes its readonly `parent` through a cast (`(child as { parent: ... }).parent = this`);
// with a getter alone that threw "Cannot set property parent ... which has only a getter", and 57
// of sprotty's 162 tests failed after the migration. The private setter takes the write.
describe('weakref-accessor at run time: a readonly field written through a cast', () => {
  const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/weakref-accessor/readonly');
  const DRIVER = `
const engine = new Engine();
const part = new Part(engine);
const other = new Engine();
(part as unknown as { engine: Engine }).engine = other;
console.log(part.engine === other, part.spare);
`;

  it('takes the write and reads it back', () => {
    expect(runModule(readFileSync(path.join(FIXTURE, 'output/engine.ts'), 'utf8') + DRIVER, 'readonly-cast')).toBe('true undefined\n');
  });
});

// G2's `parentNode: Node = null` without null checking, with WeakMap storage (a target before
// ES2022's `#` fields, or storage auto's fallback): the field initializer has nowhere to go, and a
// node whose pointer was never set must still read null (before, the transform refused the field).
describe('weakref-accessor at run time: a null initializer with WeakMap storage, without null checks', () => {
  const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/weakref-accessor/weakmap-lax-null');
  const DRIVER = `
const root = new Node();
const child = new Node();
root.append(child);
const loose = new Node();
loose.parentNode = undefined;
console.log(root.parentNode, root.isRoot(), child.parentNode === root, child.isRoot(), loose.parentNode, root.owner, child.owner === root);
`;

  const run = (source: string, name: string) => runModule(source + DRIVER, name);

  it('reads null before the pointer is set, undefined where undefined was written, before and after', () => {
    const expected = 'null true true false undefined undefined true\n';
    expect(run(readFileSync(path.join(FIXTURE, 'input/nodes.ts'), 'utf8'), 'before')).toBe(expected);
    expect(run(readFileSync(path.join(FIXTURE, 'output/nodes.ts'), 'utf8'), 'after')).toBe(expected);
  });
});

// Regression (fifth sweep, @tanstack/query-core's QueryObserver): a field declared `tree!: Tree`
// and read before its first assignment (from the constructor) gave undefined; the getter threw the
// ReferenceError meant for a collected target. A field never set reads undefined, as before.
describe('weakref-accessor at run time: a non-nullable field read before it is first set', () => {
  const SOURCE = `
export class Tree {
  readonly nodes: TreeNode[] = [];
  add(): TreeNode {
    const node = new TreeNode(this);
    this.nodes.push(node);
    return node;
  }
}

export class TreeNode {
  tree!: Tree;
  constructor(tree: Tree) {
    this.attach(tree);
  }
  attach(tree: Tree): void {
    if (this.tree === tree) return;
    this.tree = tree;
  }
}
`;
  const DRIVER = `
const tree = new Tree();
const node = tree.add();
console.log(node.tree === tree, tree.nodes.length);
`;

  it('reads undefined there, as the plain field did', () => {
    const j = jscodeshift.withParser('ts');
    const api: API = { j, jscodeshift: j, stats: () => {}, report: () => {} };
    const after = transform({ path: 'tree.ts', source: SOURCE }, api, { fields: 'TreeNode.tree' }) as string;
    expect(after).toContain('get tree(): Tree {');
    for (const [name, source] of [['before', SOURCE], ['after', after]] as const) expect(runModule(source + DRIVER, name)).toBe('true 1\n');
  });
});

// Regression (@jupyter-widgets, tenth sweep): `this._view = null!` released a non-nullable
// back-pointer; once migrated it read undefined, and a `=== null` test changed its answer.
describe.each(['private', 'weakmap'] as const)('weakref-accessor at run time: null written past a non-nullable type, %s storage', (storage) => {
  const SOURCE = `
export class View {
  widget: Widget;
  constructor() {
    this.widget = new Widget(this);
  }
}

export class Widget {
  private _view: View;
  spare: View = null!;
  constructor(view: View) {
    this._view = view;
  }
  get isDisposed(): boolean {
    return this._view === null;
  }
  dispose(): void {
    this._view = null!;
  }
}
`;
  const DRIVER = `
const view = new View();
const widget = view.widget;
const before = [widget.isDisposed, widget.spare];
widget.dispose();
console.log(...before, widget.isDisposed, (widget as any)._view, widget.spare);
`;

  it('reads null where null was written or given as the initializer, before and after', () => {
    const j = jscodeshift.withParser('ts');
    const api: API = { j, jscodeshift: j, stats: () => {}, report: () => {} };
    const after = transform({ path: 'view.ts', source: SOURCE }, api, { fields: 'Widget._view,Widget.spare', storage }) as string;
    expect(after).toContain('get _view(): View {');
    for (const [name, source] of [['before', SOURCE], ['after', after]] as const) {
      expect(runModule(source + DRIVER, `${name}-${storage}`)).toBe('false null true null null\n');
    }
  });
});
