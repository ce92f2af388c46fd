import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
// A user's own compiler (the typescript package), with its lib files on disk.
import ts from 'typescript';
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

// The library's declarations must type-check for a strict user (skipLibCheck off): src/typescript.ts
// loads TypeScript from ts-morph's bundle path, which only our own src/ts-morph-bundle.d.ts types,
// so no public declaration may depend on it (LoadedProject.program is typed from @ts-morph/common).
test('the public declarations type-check in a strict project without skipLibCheck', () => {
  const consumer = mkdtempSync(path.join(tmpdir(), 'weakify-consumer-'));
  try {
    mkdirSync(path.join(consumer, 'node_modules'));
    symlinkSync(repoRoot, path.join(consumer, 'node_modules', 'weakify'), 'dir');
    symlinkSync(path.join(repoRoot, 'node_modules', '@ts-morph'), path.join(consumer, 'node_modules', '@ts-morph'), 'dir');
    writeFileSync(path.join(consumer, 'package.json'), '{ "type": "module" }');
    const main = path.join(consumer, 'main.ts');
    writeFileSync(
      main,
      [
        "import { analyzeProject, loadProject } from 'weakify';",
        "import { applyPlan } from 'weakify/apply';",
        "const loaded = loadProject({ tsconfig: 'tsconfig.json' });",
        'const checker = loaded.program.getTypeChecker();',
        "const files: string[] = loaded.program.getSourceFiles().map((file) => file.fileName);",
        'export { analyzeProject, applyPlan, checker, files };',
      ].join('\n'),
    );
    const program = ts.createProgram({
      rootNames: [main],
      options: { strict: true, skipLibCheck: false, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [] },
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    // TypeScript's own lib and @types/node are not the user's concern here; ours and ts-morph's are.
    expect(problems.filter((problem) => !/node_modules\/@types\/node|\/lib\.[\w.]+\.d\.ts/.test(problem))).toEqual([]);
  } finally {
    rmSync(consumer, { recursive: true, force: true });
  }
});
