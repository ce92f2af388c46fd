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

function transformed(source: string): string {
  const j = jscodeshift.withParser('ts');
  const reports: string[] = [];
  const api: API = { j, jscodeshift: j, stats: () => {}, report: (message: string) => reports.push(message) };
  const output = transform({ path: 'app.ts', source }, api, { fields: 'TreeNode.parent,Item.owner' });
  expect(reports).toEqual([]);
  expect(typeof output).toBe('string');
  return output as string;
}

/** Type errors of the app's text under the app's own tsconfig (types resolved from this repo). */
function typeErrors(source: string, dir: string): string[] {
  const file = path.join(dir, 'app.ts');
  writeFileSync(file, source);
  const config = ts.readConfigFile(path.join(APP, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, APP);
  const program = ts.createProgram([file], { ...parsed.options, typeRoots: [path.join(REPO, 'node_modules/@types')] });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function runApp(source: string, dir: string, name: string): string {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 },
  });
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, outputText);
  const result = spawnSync(process.execPath, ['--expose-gc', file], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('weakref-accessor at run time', () => {
  const before = readFileSync(path.join(APP, 'app.ts'), 'utf8');
  const after = transformed(before);
  const dir = mkdtempSync(path.join(tmpdir(), 'weakref-app-'));

  it('the app type-checks before and after the transform', () => {
    expect(typeErrors(before, dir)).toEqual([]);
    expect(typeErrors(after, dir)).toEqual([]);
  });

  it('behaves the same while the owners are alive; after the change, the owners are collected', () => {
    const alive = ['alive: root/left/leaf', 'alive: root/left, root/right', 'alive: second of box (2/2)'];
    expect(runApp(before, dir, 'before').split('\n')).toEqual([
      ...alive,
      'collected: root=false left=false owner=false',
      'kept: leaf under left',
      'kept: item of box',
      '',
    ]);
    expect(runApp(after, dir, 'after').split('\n')).toEqual([
      ...alive,
      'collected: root=true left=true owner=true',
      'kept: leaf without parent',
      'kept: item, reading its owner threw ReferenceError: Item.owner was read after its Owner was garbage-collected, or before it was set',
      '',
    ]);
  });
});
