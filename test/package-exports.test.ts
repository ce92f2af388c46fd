import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from './cli/run-cli.js';

// The README's library example imports these entry points: each must resolve in the built package
// and export what the README uses. Run in a child process, as a user's code would load them.
test('the package entry points resolve and export what the README shows', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  expect(Object.keys(pkg.exports).sort()).toEqual(['.', './apply', './plan', './report', './suggest', './transforms/*']);
  const script = `
    const [main, plan, apply, report, suggest, transform] = await Promise.all([
      import('weakify'), import('weakify/plan'), import('weakify/apply'), import('weakify/report'),
      import('weakify/suggest'), import('weakify/transforms/weakref-accessor'),
    ]);
    console.log(JSON.stringify([typeof main.analyze, typeof main.loadProject, typeof plan.createPlan, typeof apply.applyPlan,
      typeof report.reporters.markdown, typeof suggest.suggest, typeof transform.default]));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual(['function', 'function', 'function', 'function', 'function', 'function', 'function']);
});
