import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../src/apply/change-set.js';
import { writeChanges } from '../../src/apply/write-changes.js';
import { createTempProject, type TempProject } from './temp-project.js';

const files = { 'src/a.ts': 'a\n', 'src/b.ts': 'b\n', 'lib/c.ts': 'c\n' };
const changes: ChangeSet = {
  files: [
    { file: 'lib/c.ts', before: 'c\n', after: 'C\n' },
    { file: 'src/a.ts', before: 'a\n', after: 'A\n' },
    { file: 'src/b.ts', before: 'b\n', after: 'B\n' },
  ],
  skipped: [],
};

describe('writeChanges', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  const contents = () => Object.fromEntries(Object.keys(files).map((file) => [file, readFileSync(project.path(file), 'utf8')]));
  const leftovers = () => [...readdirSync(project.path('src')), ...readdirSync(project.path('lib'))].filter((name) => name.endsWith('.tmp'));

  it('writes every file, keeps each file mode, and leaves no temporary file', async () => {
    project = createTempProject(files);
    chmodSync(project.path('src/a.ts'), 0o755);
    chmodSync(project.path('src/b.ts'), 0o600);
    expect(await writeChanges(changes, { rootDir: project.root })).toEqual(['lib/c.ts', 'src/a.ts', 'src/b.ts']);
    expect(contents()).toEqual({ 'src/a.ts': 'A\n', 'src/b.ts': 'B\n', 'lib/c.ts': 'C\n' });
    expect(statSync(project.path('src/a.ts')).mode & 0o777).toBe(0o755);
    expect(statSync(project.path('src/b.ts')).mode & 0o777).toBe(0o600);
    expect(leftovers()).toEqual([]);
  });

  it('writes through a symlink and keeps the link', async () => {
    project = createTempProject({ 'shared/real.ts': 'a\n' });
    mkdirSync(project.path('src'));
    symlinkSync('../shared/real.ts', project.path('src/a.ts'));
    expect(await writeChanges({ files: [{ file: 'src/a.ts', before: 'a\n', after: 'A\n' }], skipped: [] }, { rootDir: project.root })).toEqual(['src/a.ts']);
    expect(lstatSync(project.path('src/a.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(project.path('shared/real.ts'), 'utf8')).toBe('A\n');
    expect(readdirSync(project.path('shared'))).toEqual(['real.ts']);
  });

  it('writes nothing when one file cannot be staged', async () => {
    project = createTempProject(files);
    // Something already sits at src/b.ts's temporary name (works as root, unlike a read-only folder).
    mkdirSync(project.path(`src/.b.ts.weakify-${process.pid}.tmp`));
    const run = writeChanges(changes, { rootDir: project.root });
    await expect(run).rejects.toMatchObject({ code: 'WRITE_FAILED', message: expect.stringMatching(/^cannot write src\/b\.ts: EEXIST .*; nothing was written$/) });
    expect(contents()).toEqual(files);
    // lib/c.ts and src/a.ts were staged first: their temporary files are gone; the obstacle is not ours to remove.
    expect(leftovers()).toEqual([`.b.ts.weakify-${process.pid}.tmp`]);
  });

  it('writes nothing when a file changed since it was read', async () => {
    project = createTempProject({ ...files, 'src/a.ts': 'edited in the editor\n' });
    await expect(writeChanges(changes, { rootDir: project.root })).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: 'src/a.ts changed since weakify read it; nothing was written',
    });
    expect(contents()).toEqual({ ...files, 'src/a.ts': 'edited in the editor\n' });
    expect(leftovers()).toEqual([]);
  });

  it('writes nothing when a file is missing', async () => {
    project = createTempProject({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n', 'lib/keep.ts': '' });
    await expect(writeChanges(changes, { rootDir: project.root })).rejects.toMatchObject({ message: expect.stringMatching(/^cannot write lib\/c\.ts: ENOENT/) });
    expect(readFileSync(project.path('src/a.ts'), 'utf8')).toBe('a\n');
  });

  it('puts back the files already renamed when a later rename fails', async () => {
    project = createTempProject(files);
    let calls = 0;
    const failing = async (from: string, to: string) => {
      if (++calls === 3) throw Object.assign(new Error('EROFS: read-only file system, rename'), { code: 'EROFS' });
      await rename(from, to);
    };
    await expect(writeChanges(changes, { rootDir: project.root, rename: failing })).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: 'cannot write src/b.ts: EROFS (read-only file system, rename)',
      hint: 'Nothing was changed. Fix the problem and run again.',
    });
    expect(contents()).toEqual(files);
    expect(leftovers()).toEqual([]);
  });
});
