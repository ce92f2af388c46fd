import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { suggest } from '../../src/suggest/suggest.js';
import { buildGithubReview } from '../../src/suggest/github-review.js';
import { suggestFormats } from '../../src/suggest/suggest-formats.js';
import { createRepo, type TestRepo } from '../git/git-repo.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/suggest/basic/', import.meta.url));

/** The fixture project, under `app/` in the repository, with some files replaced. */
function project(overrides: Record<string, string | null> = {}): Record<string, string | null> {
  const files: Record<string, string | null> = {};
  files['app/tsconfig.json'] = readFileSync(path.join(FIXTURE, 'tsconfig.json'), 'utf8');
  for (const name of readdirSync(path.join(FIXTURE, 'src'))) files[`app/src/${name}`] = readFileSync(path.join(FIXTURE, 'src', name), 'utf8');
  return { ...files, 'README.md': 'docs\n', ...overrides };
}

const fixtureFile = (name: string) => readFileSync(path.join(FIXTURE, name), 'utf8');

// The base of case (a): no back-pointer yet.
const CHILD_WITHOUT_PARENT = [
  'export class Child {',
  '  name: string;',
  '',
  '  constructor(name: string) {',
  '    this.name = name;',
  '  }',
  '}',
  '',
].join('\n');
const PARENT_CREATING_WITHOUT_THIS = fixtureFile('src/parent.ts').replace('new Child(this, name)', 'new Child(name)');

// The base of case (b): the back-pointer exists, the owner keeps no collection yet.
const PARENT_WITHOUT_CHILDREN = [
  "import { Child } from './child.js';",
  '',
  'export class Parent {',
  '  add(name: string): Child {',
  '    return new Child(this, name);',
  '  }',
  '}',
  '',
].join('\n');

let repo: TestRepo | undefined;
afterEach(() => repo?.remove());

function setUp(base: Record<string, string | null>, head: Record<string, string | null>): TestRepo {
  repo = createRepo();
  repo.commit('base', project(base));
  repo.write(head);
  return repo;
}

function gitApplyCheck(r: TestRepo, patch: string): void {
  const file = path.join(r.root, '..', `${path.basename(r.root)}.patch`);
  writeFileSync(file, patch);
  execFileSync('git', ['apply', '--check', file], { cwd: r.root });
}

describe('suggest on real repositories', () => {
  it('(a) a change that adds a back-pointer: reported with a patch that applies and an inline suggestion', async () => {
    const r = setUp({ 'app/src/child.ts': CHILD_WITHOUT_PARENT, 'app/src/parent.ts': PARENT_CREATING_WITHOUT_THIS }, project());
    const s = await suggest({ cwd: r.root, tsconfig: 'app', base: 'HEAD' });
    expect(s.analysed).toBe(true);
    expect(s.projectDir).toBe('app');
    expect(s.result.candidates.map((c) => `${c.class}.${c.field}`)).toEqual(['Child.parent']);
    expect([...s.touched.values()]).toEqual([['back-pointer']]);
    expect(s.introducesCandidates).toBe(true);
    expect(s.patch).toMatch(/^diff --git a\/app\/src\/child\.ts b\/app\/src\/child\.ts\n/);
    expect(s.verify?.ok).toBe(true);
    gitApplyCheck(r, s.patch);
    const review = buildGithubReview(s, { commitId: 'f'.repeat(40) });
    expect(review.comments.map((c) => [c.path, c.line])).toEqual([['app/src/child.ts', 4]]);
    expect(review.comments[0]!.body).toContain('```suggestion\n');
  });

  it('(b) a change that adds only the owning side still reports the cycle it closes', async () => {
    const r = setUp({ 'app/src/parent.ts': PARENT_WITHOUT_CHILDREN }, { 'app/src/parent.ts': fixtureFile('src/parent.ts') });
    const s = await suggest({ cwd: r.root, tsconfig: 'app', base: 'HEAD' });
    expect(s.result.candidates.map((c) => `${c.class}.${c.field}`)).toEqual(['Child.parent']);
    expect([...s.touched.values()]).toEqual([['inverse']]);
    gitApplyCheck(r, s.patch);
    // The back-pointer's line is not in the diff: the comment goes on the owning field, without a suggestion.
    const review = buildGithubReview(s);
    expect(review.comments.map((c) => [c.path, c.line])).toEqual([['app/src/parent.ts', 4]]);
    expect(review.comments[0]!.body).not.toContain('```suggestion');
  });

  it('(c) a change to a method body that removes nothing is not analysed and reports nothing; --all reports the existing cycle as untouched', async () => {
    const r = setUp({}, { 'app/src/parent.ts': fixtureFile('src/parent.ts').replace('return child;', 'return child; // the new child') });
    const s = await suggest({ cwd: r.root, tsconfig: 'app', base: 'HEAD' });
    expect(s.analysed).toBe(false);
    expect(s.result.candidates).toEqual([]);
    expect(s.introducesCandidates).toBe(false);
    expect(s.patch).toBe('');
    expect(suggestFormats['github-review'](s, { commitId: 'f'.repeat(40) })).toContain('"comments": []');

    const all = await suggest({ cwd: r.root, tsconfig: 'app', base: 'HEAD', all: true });
    expect(all.result.candidates.map((c) => `${c.class}.${c.field}`)).toEqual(['Child.parent']);
    expect([...all.touched.values()]).toEqual([[]]);
    expect(all.introducesCandidates).toBe(false);
  });

  it('(c) a change to code outside any class is not analysed at all', async () => {
    const r = setUp({}, { 'app/src/util.ts': fixtureFile('src/util.ts').replace('toUpperCase', 'toLocaleUpperCase') });
    const s = await suggest({ cwd: r.root, tsconfig: 'app', base: 'HEAD' });
    expect(s.analysed).toBe(false);
    expect(s.result.candidates).toEqual([]);
  });

  it('(c) a change outside the project does not load it at all', async () => {
    const r = setUp({}, { 'README.md': 'more docs\n' });
    const s = await suggest({ cwd: r.root, tsconfig: 'app', base: 'HEAD' });
    expect(s.analysed).toBe(false);
    expect(s.result.candidates).toEqual([]);
    expect(suggestFormats.markdown(s)).toContain('This change does not touch the TypeScript project');
  });

  it('(d) a change that fixes a cycle reports nothing', async () => {
    const fixed = fixtureFile('src/child.ts').replace('  parent: Parent | undefined;', '  parent: WeakRef<Parent> | undefined;').replace('this.parent = parent;', 'this.parent = new WeakRef(parent);');
    const r = setUp({}, { 'app/src/child.ts': fixed });
    const s = await suggest({ cwd: r.root, tsconfig: 'app', base: 'HEAD' });
    expect(s.result.candidates).toEqual([]);
    expect(s.introducesCandidates).toBe(false);
  });

  it('--head analyses a commit in a temporary worktree and leaves the working tree alone', async () => {
    const r = setUp({ 'app/src/child.ts': CHILD_WITHOUT_PARENT, 'app/src/parent.ts': PARENT_CREATING_WITHOUT_THIS }, {});
    r.git('checkout', '--quiet', '-b', 'feature');
    const head = r.commit('add a back-pointer', project());
    r.git('checkout', '--quiet', 'main');
    const s = await suggest({ cwd: path.join(r.root, 'app'), tsconfig: '.', base: 'main', head: 'feature' });
    expect(s.head).toEqual({ ref: 'feature', sha: head });
    expect(s.result.candidates.map((c) => `${c.class}.${c.field}`)).toEqual(['Child.parent']);
    expect(readFileSync(path.join(r.root, 'app/src/child.ts'), 'utf8')).toBe(CHILD_WITHOUT_PARENT);
    expect(r.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    r.git('checkout', '--quiet', 'feature');
    gitApplyCheck(r, s.patch);
    expect(existsSync(path.join(r.root, 'app/node_modules'))).toBe(false);
  });
});
