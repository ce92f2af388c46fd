import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { MigrationPlan } from '../../src/plan/migration-plan.js';
import { parsePlan, readPlanFile } from '../../src/plan/read-plan.js';
import { loadProject } from '../../src/project/load-project.js';
import { createRepo, type TestRepo } from '../git/git-repo.js';

// The `basic` fixture of each transform, run through the whole apply pipeline with the real
// module loaded from transforms/: the plan file is read as `apply --plan` reads it, verification
// runs, and the written file must equal the fixture's expected output byte for byte.
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

function fixturePlan(transform: string): MigrationPlan | undefined {
  const dir = path.join(FIXTURES, transform, 'basic');
  if (existsSync(path.join(dir, 'plan.json'))) return readPlanFile(path.join(dir, 'plan.json'));
  const options = path.join(dir, 'options.json');
  if (!existsSync(options)) return undefined;
  const { entries } = JSON.parse(readFileSync(options, 'utf8')) as { entries?: unknown[] };
  if (!entries) return undefined;
  const plan = { schemaVersion: 1, tool: { name: 'weakify', version: '0.1.0' }, project: { tsconfig: 'tsconfig.json' }, entries };
  return parsePlan(JSON.stringify(plan), options);
}

describe('applyPlan with the real transforms', () => {
  let repo: TestRepo | undefined;
  afterEach(() => repo?.remove());

  for (const transform of ['weakref-accessor', 'inject-dispose', 'reset-back-pointer']) {
    const plan = existsSync(path.join(FIXTURES, transform, 'basic')) ? fixturePlan(transform) : undefined;
    it.skipIf(!plan || !existsSync(path.join(FIXTURES, transform, 'basic/output/tree.ts')))(`${transform}/basic: writes the expected output`, async () => {
      repo = createRepo();
      cpSync(path.join(FIXTURES, transform, 'basic/input'), repo.root, { recursive: true });
      repo.commit('input');
      const loaded = loadProject({ tsconfig: repo.root });
      const result = await applyPlan({ plan: plan!, loaded, write: true, verify: true, allowDirty: false });
      expect(result.skipped).toEqual([]);
      expect(result.verify).toMatchObject({ ok: true, newDiagnostics: [] });
      expect(result.written).toEqual(['tree.ts']);
      expect(readFileSync(path.join(repo.root, 'tree.ts'), 'utf8')).toBe(readFileSync(path.join(FIXTURES, transform, 'basic/output/tree.ts'), 'utf8'));
    });
  }
});
