import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, type TestRepo } from '../git/git-repo.js';
import { repoRoot, runCli } from './run-cli.js';

// `weakify suggest` as CI runs it: the real binary in a real repository, exit codes and outputs.
const FIXTURE = path.join(repoRoot, 'fixtures/suggest/basic');
const files = (): Record<string, string> => {
  const all: Record<string, string> = { 'tsconfig.json': readFileSync(path.join(FIXTURE, 'tsconfig.json'), 'utf8') };
  for (const name of readdirSync(path.join(FIXTURE, 'src'))) all[`src/${name}`] = readFileSync(path.join(FIXTURE, 'src', name), 'utf8');
  return all;
};
// The base: the child does not point back yet.
const CHILD_WITHOUT_PARENT = 'export class Child {\n  name: string;\n\n  constructor(name: string) {\n    this.name = name;\n  }\n}\n';

let repo: TestRepo | undefined;
afterEach(() => repo?.remove());

function repoWithNewBackPointer(): TestRepo {
  const base = files();
  repo = createRepo();
  repo.commit('base', {
    ...base,
    'src/child.ts': CHILD_WITHOUT_PARENT,
    'src/parent.ts': base['src/parent.ts']!.replace('new Child(this, name)', 'new Child(name)'),
  });
  repo.write(files());
  return repo;
}

describe('weakify suggest (CLI)', () => {
  it('--fail-on new exits 1 when the change adds a back-pointer, and the patch applies', () => {
    const r = repoWithNewBackPointer();
    const run = runCli(['suggest', '--base', 'HEAD', '--format', 'patch', '--fail-on', 'new'], { cwd: r.root });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^diff --git a\/src\/child\.ts b\/src\/child\.ts\n/);
    expect(run.stderr).toBe('weakify: 1 finding(s) touched by the change.\n');
    const patch = path.join(r.root, '..', `${path.basename(r.root)}.patch`);
    writeFileSync(patch, run.stdout);
    execFileSync('git', ['apply', '--check', patch], { cwd: r.root });
  });

  it('without --fail-on the same run exits 0; the markdown comment carries its marker', () => {
    const r = repoWithNewBackPointer();
    const run = runCli(['suggest', '--base', 'HEAD'], { cwd: r.root });
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith('<!-- weakify:pr-comment -->\n')).toBe(true);
    expect(run.stdout).toContain('Child.parent');
  });

  it('a change outside any class reports nothing and exits 0 even with --fail-on new', () => {
    repo = createRepo();
    repo.commit('base', files());
    repo.write({ 'src/util.ts': `${files()['src/util.ts']}\nexport const extra = 1;\n` });
    const run = runCli(['suggest', '--base', 'HEAD', '--format', 'patch', '--fail-on', 'new'], { cwd: repo.root });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('weakify: 0 finding(s) touched by the change.\n');
  });

  // fixtures/cli/verify-partly: Leaf.branch's weakref with a `#` field breaks leaf-double.ts's
  // object literal, Page.book's does not. The base has neither class; the change adds both.
  const verifyPartlyChange = (): TestRepo => {
    const dir = path.join(repoRoot, 'fixtures/cli/verify-partly');
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    const created = createRepo();
    created.commit('base', { 'tsconfig.json': read('tsconfig.json'), 'src/index.ts': 'export {};\n' });
    created.write({ 'src/tree.ts': read('src/tree.ts'), 'src/leaf-double.ts': read('src/leaf-double.ts'), 'src/book.ts': read('src/book.ts') });
    return created;
  };

  it('a fix that does not type-check is left out of the patch and named; the others are suggested', () => {
    repo = verifyPartlyChange();
    // With `#` storage required: by default Leaf's storage moves instead (next test).
    const run = runCli(['suggest', '--base', 'HEAD', '--format', 'patch', '--storage', 'private'], { cwd: repo.root });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^diff --git a\/src\/book\.ts b\/src\/book\.ts\n/);
    expect(run.stdout).not.toContain('tree.ts');
    expect(run.stderr).toBe('weakify: left Leaf.branch out of the patch: its fix adds type errors (src/leaf-double.ts:5: TS2741).\nweakify: 2 finding(s) touched by the change.\n');
    const patch = path.join(repo.root, '..', `${path.basename(repo.root)}.patch`);
    writeFileSync(patch, run.stdout);
    execFileSync('git', ['apply', '--check', patch], { cwd: repo.root });
  });

  it('by default the patch keeps Leaf.branch, in a WeakMap, and says so; its own suggestion does the same', () => {
    repo = verifyPartlyChange();
    const run = runCli(['suggest', '--base', 'HEAD', '--format', 'patch'], { cwd: repo.root });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^diff --git a\/src\/book\.ts b\/src\/book\.ts\n[\s\S]*^diff --git a\/src\/tree\.ts b\/src\/tree\.ts\n/m);
    expect(run.stdout).toContain('+const leafBranchRefs = new WeakMap<object, WeakRef<object> | undefined>();\n');
    expect(run.stderr).toBe(
      'weakify: Leaf (src/tree.ts) keeps its weak fields in module-level WeakMaps, not `#` fields: the project uses an object literal, a Readonly<T> or a class of the same shape in place of an instance, which lacks its `#` members (--storage private refuses instead).\n' +
        'weakify: 2 finding(s) touched by the change.\n',
    );
    // Leaf.branch's own fix (SARIF carries one per finding, made alone) keeps the same storage.
    const sarif = runCli(['suggest', '--base', 'HEAD', '--format', 'sarif'], { cwd: repo.root });
    expect(sarif.status).toBe(0);
    expect(sarif.stdout).toContain('leafBranchRefs');
    expect(sarif.stdout).not.toContain('#branch');
    // And the patch applies and type-checks.
    const patch = path.join(repo.root, '..', `${path.basename(repo.root)}.patch`);
    writeFileSync(patch, run.stdout);
    execFileSync('git', ['apply', patch], { cwd: repo.root });
    const tsc = spawnSync(path.join(repoRoot, 'node_modules/.bin/tsc'), ['--noEmit', '-p', repo.root], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('an unknown base is a one-line git error with exit code 2', () => {
    repo = createRepo();
    repo.commit('base', files());
    const run = runCli(['suggest', '--base', 'no-such-branch'], { cwd: repo.root });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^weakify: .*no-such-branch/);
  });
});
