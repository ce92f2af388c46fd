import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import injectDispose from '../../transforms/inject-dispose.js';
import resetBackPointer from '../../transforms/reset-back-pointer.js';
import weakrefAccessor from '../../transforms/weakref-accessor.js';
import { runTransform } from './fixture-support.js';

// The plan a transform reads when the jscodeshift CLI passes --plan (transforms/lib/plan-file.ts):
// each of the three refuses the same bad plans with the same sentence.
const transforms = { 'weakref-accessor': weakrefAccessor, 'inject-dispose': injectDispose, 'reset-back-pointer': resetBackPointer };
const source = 'export class Parent { children: Child[] = []; }\nexport class Child { parent?: Parent; }\n';

function planFile(text: string): { dir: string; planPath: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'weakify-plan-file-'));
  const planPath = path.join(dir, 'weakify-plan.json');
  writeFileSync(planPath, text);
  return { dir, planPath };
}

describe.each(Object.entries(transforms))('%s with --plan', (id, transform) => {
  it('refuses a plan of another schema version', () => {
    const { dir, planPath } = planFile(JSON.stringify({ schemaVersion: 2, project: { tsconfig: 'tsconfig.json' }, entries: [] }));
    expect(() => runTransform(transform, path.join(dir, 'tree.ts'), source, { plan: planPath })).toThrow(
      `${id}: ${planPath} has plan schema version 2, this transform reads version 1; re-run weakify analyze --plan`,
    );
  });

  it('says which plan it cannot read, and how to get one', () => {
    const { dir, planPath } = planFile('{ "schemaVersion": 1, ');
    expect(() => runTransform(transform, path.join(dir, 'tree.ts'), source, { plan: planPath })).toThrow(
      new RegExp(`^${id}: cannot read the plan ${planPath.replace(/[.\\]/g, '\\$&')}: .*JSON.*; write one with weakify analyze --plan$`),
    );
  });

  it('says a JSON file that is no plan is none', () => {
    for (const text of ['null', '{ "schemaVersion": 1, "entries": {} }']) {
      const { dir, planPath } = planFile(text);
      expect(() => runTransform(transform, path.join(dir, 'tree.ts'), source, { plan: planPath })).toThrow(
        `${id}: ${planPath} is no migration plan (an object with an "entries" list); write one with weakify analyze --plan`,
      );
    }
  });

  it('changes nothing in a file the plan does not name', () => {
    const { dir, planPath } = planFile(
      JSON.stringify({ schemaVersion: 1, project: { tsconfig: 'tsconfig.json' }, entries: [] }),
    );
    expect(runTransform(transform, path.join(dir, 'tree.ts'), source, { plan: planPath }).output).toBeUndefined();
  });
});
