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
