import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dirtyFiles, parsePorcelainZ } from '../../src/git/dirty-files.js';
import { createRepo, type TestRepo } from './git-repo.js';

describe('dirtyFiles', () => {
  let repo: TestRepo | undefined;
  afterEach(() => repo?.remove());

  it('lists modified, staged, untracked and deleted files among those given, as given', async () => {
    repo = createRepo({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n', 'src/c.ts': 'c\n', 'src/d.ts': 'd\n', 'src/[id].ts': 'x\n', 'other.ts': 'o\n' });
    repo.write({ 'src/a.ts': 'a2\n', 'src/new.ts': 'n\n', 'src/d.ts': null, 'other.ts': 'o2\n', 'src/[id].ts': 'y\n' });
    repo.write({ 'src/b.ts': 'b2\n' });
    repo.git('add', 'src/b.ts');
    const given = ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'src/new.ts', path.join(repo.root, 'src/[id].ts'), 'src/i.ts'];
    // other.ts is dirty too but was not asked about; src/c.ts is clean.
    expect(await dirtyFiles(repo.root, given)).toEqual(['src/a.ts', 'src/b.ts', 'src/d.ts', 'src/new.ts', path.join(repo.root, 'src/[id].ts')]);
  });

  it('resolves relative paths from cwd, in a subfolder of the repository', async () => {
    repo = createRepo({ 'pkg/src/a.ts': 'a\n', 'pkg/src/b.ts': 'b\n' });
    repo.write({ 'pkg/src/b.ts': 'b2\n' });
    expect(await dirtyFiles(path.join(repo.root, 'pkg'), ['src/a.ts', 'src/b.ts'])).toEqual(['src/b.ts']);
  });

  it('reports a clean tree as clean and ignored files as clean', async () => {
    repo = createRepo({ '.gitignore': 'gen/\n', 'a.ts': 'a\n' });
    repo.write({ 'gen/out.ts': 'x\n' });
    expect(await dirtyFiles(repo.root, ['a.ts', 'gen/out.ts'])).toEqual([]);
  });

  it('finds nothing to protect outside a git repository', async () => {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'weakify-nogit-')));
    try {
      writeFileSync(path.join(dir, 'a.ts'), 'a\n');
      expect(await dirtyFiles(dir, ['a.ts'])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns other git failures into GIT_FAILED', async () => {
    repo = createRepo({ 'a.ts': 'a\n' });
    const outside = path.join(path.dirname(repo.root), 'elsewhere.ts');
    await expect(dirtyFiles(repo.root, [outside])).rejects.toMatchObject({ code: 'GIT_FAILED' });
  });
});

describe('parsePorcelainZ', () => {
  it('reads both paths of a rename and paths with spaces', () => {
    expect(parsePorcelainZ(' M a b.ts\0R  new.ts\0old.ts\0?? x.ts\0')).toEqual(['a b.ts', 'new.ts', 'old.ts', 'x.ts']);
    expect(parsePorcelainZ('')).toEqual([]);
  });
});
