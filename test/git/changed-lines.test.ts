import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changedLines, parseHunkRanges, parseNameStatus, rebaseChangedRanges } from '../../src/git/changed-lines.js';
import { withWorktree } from '../../src/git/with-worktree.js';
import { createRepo, type TestRepo } from './git-repo.js';

const lines = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}\n`).join('');

let repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos) repo.remove();
  repos = [];
});
function repo(files: Record<string, string>): TestRepo {
  const created = createRepo(files);
  repos.push(created);
  return created;
}

describe('parseHunkRanges', () => {
  it('reads added ranges from --unified=0 hunk headers, ignoring pure deletions', () => {
    const patch = ['@@ -3 +3 @@ class A {', '-x', '+y', '@@ -5,0 +6,2 @@', '+a', '+b', '@@ -8,2 +9,0 @@', '-c', '-d', '@@ -20,1 +20,3 @@', ''].join('\n');
    expect(parseHunkRanges(patch)).toEqual([
      { start: 3, end: 3 },
      { start: 6, end: 7 },
      { start: 20, end: 22 },
    ]);
  });

  it('merges adjacent ranges', () => {
    expect(parseHunkRanges('@@ -1 +1 @@\n@@ -2,0 +2,2 @@\n')).toEqual([{ start: 1, end: 3 }]);
  });
});

describe('parseNameStatus', () => {
  it('reads renames with old and new paths', () => {
    expect(parseNameStatus('M\0a.ts\0R087\0old name.ts\0new name.ts\0D\0gone.ts\0')).toEqual([
      { status: 'modified', path: 'a.ts' },
      { status: 'renamed', oldPath: 'old name.ts', path: 'new name.ts' },
      { status: 'deleted', path: 'gone.ts' },
    ]);
  });
});

describe('changedLines between two refs', () => {
  it('compares head with the merge base, with renames, deletions, additions and odd paths', async () => {
    const r = repo({ 'src/a.ts': lines('a', 5), 'src/b.ts': lines('b', 10), 'src/d.ts': 'd\n', 'src/z.ts': 'z\n' });
    const baseAtBranchPoint = r.git('rev-parse', 'HEAD').trim();
    r.git('checkout', '--quiet', '-b', 'feature');
    r.write({
      // line 3 changed, two lines appended after line 5
      'src/a.ts': 'a1\na2\nCHANGED\na4\na5\nnew6\nnew7\n',
      'src/b.ts': null,
      // renamed with line 10 changed
      'src/c.ts': lines('b', 9) + 'b10 changed\n',
      'src/d.ts': null,
      'src/dir with space/ü.ts': 'one\ntwo',
    });
    const head = r.commit('feature');
    // main moves on after the branch point: not part of the change.
    r.git('checkout', '--quiet', 'main');
    const mainTip = r.commit('main moves', { 'src/z.ts': 'z changed\n' });

    const changed = await changedLines({ cwd: path.join(r.root, 'src'), base: 'main', head: 'feature' });
    expect(changed.repoRoot).toBe(r.root);
    expect(changed.baseSha).toBe(mainTip);
    expect(changed.headSha).toBe(head);
    expect(changed.mergeBaseSha).toBe(baseAtBranchPoint);
    expect([...changed.files.values()]).toEqual([
      { status: 'modified', path: 'src/a.ts', ranges: [{ start: 3, end: 3 }, { start: 6, end: 7 }] },
      { status: 'renamed', oldPath: 'src/b.ts', path: 'src/c.ts', ranges: [{ start: 10, end: 10 }] },
      { status: 'deleted', path: 'src/d.ts', ranges: [] },
      { status: 'added', path: 'src/dir with space/ü.ts', ranges: [{ start: 1, end: 2 }] },
    ]);
  });

  it('defaults head to the working tree: uncommitted, staged and untracked files count', async () => {
    const r = repo({ 'a.ts': lines('a', 4), '.gitignore': 'ignored.ts\n' });
    r.write({ 'a.ts': 'a1\nX\na3\na4\n', 'staged.ts': 's1\ns2\ns3\n', 'untracked.ts': 'u\n', 'ignored.ts': 'i\n', 'empty.ts': '', 'dir/x.ts': 'x\n' });
    r.git('add', 'staged.ts');
    symlinkSync(path.join(r.root, 'dir'), path.join(r.root, 'link-to-dir'));
    const changed = await changedLines({ cwd: r.root, base: 'HEAD' });
    expect(changed.headSha).toBeUndefined();
    expect(Object.fromEntries([...changed.files].map(([file, change]) => [file, change.ranges]))).toEqual({
      'a.ts': [{ start: 2, end: 2 }],
      'staged.ts': [{ start: 1, end: 3 }],
      'empty.ts': [],
      'untracked.ts': [{ start: 1, end: 1 }],
      'dir/x.ts': [{ start: 1, end: 1 }],
      'link-to-dir': [],
    });
  });

  it('re-bases paths to the tsconfig folder and drops files outside it', async () => {
    const r = repo({ 'packages/app/src/a.ts': 'a\n', 'other/b.ts': 'b\n' });
    r.write({ 'packages/app/src/a.ts': 'a\nb\n', 'other/b.ts': 'b\nc\n' });
    const changed = await changedLines({ cwd: r.root, base: 'HEAD' });
    expect(rebaseChangedRanges(changed, path.join(r.root, 'packages/app'))).toEqual(new Map([['src/a.ts', [{ start: 2, end: 2 }]]]));
  });
});

describe('git errors', () => {
  it('outside a repository: a clear GIT_FAILED error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weakify-nogit-'));
    await expect(changedLines({ cwd: dir, base: 'main' })).rejects.toMatchObject({
      code: 'GIT_FAILED',
      message: 'not inside a git repository',
    });
  });

  it('an unknown base ref names the ref', async () => {
    const r = repo({ 'a.ts': 'a\n' });
    await expect(changedLines({ cwd: r.root, base: 'origin/nope' })).rejects.toMatchObject({
      code: 'GIT_FAILED',
      message: 'unknown git ref: origin/nope',
    });
  });

  it('a ref that looks like an option is not read as one', async () => {
    const r = repo({ 'a.ts': 'a\n' });
    await expect(changedLines({ cwd: r.root, base: '--output=/tmp/x' })).rejects.toMatchObject({
      code: 'GIT_FAILED',
      message: 'unknown git ref: --output=/tmp/x',
    });
  });
});

describe('withWorktree', () => {
  it('checks out the commit in a temporary folder and removes it afterwards, also on error', async () => {
    const r = repo({ 'a.ts': 'old\n' });
    const first = r.git('rev-parse', 'HEAD').trim();
    r.commit('second', { 'a.ts': 'new\n' });
    let seen = '';
    const { readFileSync } = await import('node:fs');
    const text = await withWorktree(r.root, first, async (root) => {
      seen = root;
      return readFileSync(path.join(root, 'a.ts'), 'utf8');
    });
    expect(text).toBe('old\n');
    expect(existsSync(seen)).toBe(false);
    await expect(
      withWorktree(r.root, first, async (root) => {
        seen = root;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(seen)).toBe(false);
    expect(r.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(readFileSync(path.join(r.root, 'a.ts'), 'utf8')).toBe('new\n');
  });

  it('borrows untracked dependency folders from the main checkout, and removing the worktree keeps them', async () => {
    const r = repo({ '.gitignore': 'node_modules\n', 'pkg/a.ts': 'a\n' });
    r.write({ 'node_modules/dep/index.d.ts': 'export {};\n', 'pkg/node_modules/inner/index.d.ts': 'export {};\n' });
    const { readFileSync } = await import('node:fs');
    const seen = await withWorktree(
      r.root,
      'HEAD',
      async (root) => [
        readFileSync(path.join(root, 'node_modules/dep/index.d.ts'), 'utf8'),
        readFileSync(path.join(root, 'pkg/node_modules/inner/index.d.ts'), 'utf8'),
        existsSync(path.join(root, 'missing')),
      ],
      { borrow: ['node_modules', 'pkg/node_modules', 'missing', 'node_modules'] },
    );
    expect(seen).toEqual(['export {};\n', 'export {};\n', false]);
    expect(existsSync(path.join(r.root, 'node_modules/dep/index.d.ts'))).toBe(true);
    expect(existsSync(path.join(r.root, 'pkg/node_modules/inner/index.d.ts'))).toBe(true);
  });
});
