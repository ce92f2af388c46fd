import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jscodeshift, { type API } from 'jscodeshift';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import type { MigrationPlan } from '../../src/plan/migration-plan.js';
import transform from '../../transforms/inject-dispose.js';

/**
 * Runtime proof that the injected dispose breaks the cycle: a Child kept alive after its Parent
 * was disposed must not keep the Parent alive. Each variant runs in its own `node --expose-gc`
 * process, so no test-runner state keeps anything reachable; a FinalizationRegistry reports
 * whether the Parent was collected.
 */
const APP = fileURLToPath(new URL('../../fixtures/runtime/dispose-app/', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'weakify-dispose-runtime-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DRIVER = `
import { Parent, Child } from './app.mjs';

let collected = false;
const registry = new FinalizationRegistry(() => { collected = true; });
let kept;
(() => {
  const parent = new Parent();
  kept = new Child();
  parent.add(kept);
  parent.add(new Child());
  registry.register(parent, 'parent');
  // The original app has no dispose: calling it only when present keeps one driver for both.
  if (typeof parent.dispose === 'function') parent.dispose();
})();
// FinalizationRegistry callbacks run in a later task: turn the event loop around each gc().
for (let round = 0; round < 10 && !collected; round++) {
  await new Promise((resolve) => setTimeout(resolve, 0));
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
process.stdout.write(JSON.stringify({ collected, keptHasParent: kept.parent !== undefined }));
`;

function runApp(name: string, source: string): { collected: boolean; keptHasParent: boolean } {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  writeFileSync(path.join(dir, 'app.mjs'), js);
  writeFileSync(path.join(dir, 'driver.mjs'), DRIVER);
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(dir, 'driver.mjs')], { encoding: 'utf8' });
  return JSON.parse(out) as { collected: boolean; keptHasParent: boolean };
}

describe('inject-dispose at runtime', () => {
  const before = readFileSync(path.join(APP, 'app.ts'), 'utf8');
  const plan = JSON.parse(readFileSync(path.join(APP, 'plan.json'), 'utf8')) as MigrationPlan;
  const j = jscodeshift.withParser('ts');
  const api: API = { j, jscodeshift: j, stats: () => {}, report: (message: string) => { throw new Error(message); } };
  const after = transform({ path: path.join(APP, 'app.ts'), source: before }, api, { entries: plan.entries, disposable: false });

  it('the transform changes the app', () => {
    expect(typeof after).toBe('string');
    expect(after).not.toBe(before);
  });

  it('before: a kept child still pins its owner', () => {
    expect(runApp('before', before)).toEqual({ collected: false, keptHasParent: true });
  });

  it('after owner.dispose(): the kept child no longer retains its owner, which is collected', () => {
    expect(runApp('after', after as string)).toEqual({ collected: true, keptHasParent: false });
  });
});

// Regression (fifth sweep, deck.gl's ComponentState.finalize()): an existing method that already
// clears the back-pointer got a once-only guard, so the second of the project's own calls (one per
// reset) did nothing. An existing method keeps its semantics; only a method the transform writes is guarded.
describe('inject-dispose at runtime: an existing method the project calls again', () => {
  const SOURCE = `
export class Layer {
  state: LayerState | null = null;
  initialize(): void {
    this.state = new LayerState(this);
  }
  reset(): void {
    this.state?.dispose();
  }
}

export class LayerState {
  component: Layer | null;
  readonly values: number[] = [];
  constructor(component: Layer) {
    this.component = component;
  }
  dispose(): void {
    this.values.length = 0;
    this.component = null;
  }
}
`;
  const DRIVER = `
const layer = new Layer();
layer.initialize();
layer.state!.values.push(1);
layer.reset();
layer.state!.values.push(2);
layer.reset();
console.log(layer.state!.values.length);
`;
  const entry = {
    id: 'LayerState.component',
    action: 'dispose' as const,
    file: 'layer.ts',
    class: 'LayerState',
    field: 'component',
    typeText: 'Layer | null',
    nullable: 'null' as const,
    owners: [{ file: 'layer.ts', class: 'Layer', field: 'state', container: 'single' as const }],
    confidence: 0.9,
    reason: 'test',
    disposeMethod: 'dispose',
  };

  it('runs it again, as before', () => {
    const j = jscodeshift.withParser('ts');
    const api: API = { j, jscodeshift: j, stats: () => {}, report: () => {} };
    const after = transform({ path: 'layer.ts', source: SOURCE }, api, { entries: [entry], disposable: false }) as string;
    // The owner gets a new, guarded dispose() that disposes its state; the state's own is left as it was.
    expect(after).toContain('    if (this.#disposed) return;\n    this.#disposed = true;\n    this.state?.dispose();\n');
    expect(after).toContain('  dispose(): void {\n    this.values.length = 0;\n    this.component = null;\n  }\n');
    const dir = path.join(work, 'called-again');
    mkdirSync(dir, { recursive: true });
    for (const [name, source] of [['before', SOURCE], ['after', after]] as const) {
      const js = ts.transpileModule(source + DRIVER, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
      writeFileSync(path.join(dir, `${name}.mjs`), js);
      expect(execFileSync(process.execPath, [path.join(dir, `${name}.mjs`)], { encoding: 'utf8' })).toBe('0\n');
    }
  });
});

// Eighth sweep (@jupyterlab/application): a subclass's new dispose() cleared its back-pointer and
// then called super.dispose(), whose hooks (lumino's onBeforeDetach) read it: a TypeError at run
// time, verified clean. The clear now comes after the super call.
describe('inject-dispose: a subclass back-pointer cleared after super.dispose()', () => {
  const FIXTURE = fileURLToPath(new URL('../../fixtures/inject-dispose/clear-after-super/', import.meta.url));
  const DRIVER = `
const shell = new Shell();
shell.title.dispose();
console.log(shell.title.detachedFrom);
`;

  it("runs the base class's dispose hooks with the back-pointer still set, before and after the change", () => {
    const dir = path.join(work, 'clear-after-super');
    mkdirSync(dir, { recursive: true });
    for (const name of ['input', 'output']) {
      const source = readFileSync(path.join(FIXTURE, name, 'widgets.ts'), 'utf8');
      const js = ts.transpileModule(source + DRIVER, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
      writeFileSync(path.join(dir, `${name}.mjs`), js);
      expect(execFileSync(process.execPath, [path.join(dir, `${name}.mjs`)], { encoding: 'utf8' })).toBe('main\n');
    }
  });
});
