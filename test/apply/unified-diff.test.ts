import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/apply/unified-diff.js';
import { createRepo, type TestRepo } from '../git/git-repo.js';

describe('unifiedDiff', () => {
  let repo: TestRepo | undefined;
  afterEach(() => repo?.remove());

  it('is empty when nothing changes', () => {
    expect(unifiedDiff({ files: [], skipped: [] })).toBe('');
  });

  it('writes a git-style patch with a/ b/ prefixes and three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n';
    const after = 'a\nb\nc\nD\ne\nf\ng\n';
    expect(unifiedDiff({ files: [{ file: 'src/x.ts', before, after }], skipped: [] })).toBe(
      'diff --git a/src/x.ts b/src/x.ts\n--- a/src/x.ts\n+++ b/src/x.ts\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n',
    );
  });

  it('marks a missing final newline', () => {
    expect(unifiedDiff({ files: [{ file: 'x.ts', before: 'a', after: 'b' }], skipped: [] })).toBe(
      'diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n',
    );
  });

  it('is accepted by git apply and produces the new text', () => {
    const parent = 'export class Parent {\n  children: Child[] = [];\n}\n';
    const child = 'export class Child {\n  parent: Parent;\n}\n'.repeat(3);
    repo = createRepo({ 'src/parent.ts': parent, 'src/child.ts': child, 'README.md': 'x\n' });
    const files = [
      { file: 'src/child.ts', before: child, after: child.replace('parent: Parent;', '#parent: WeakRef<Parent>;\n  get parent() { return this.#parent.deref()!; }') },
      { file: 'src/parent.ts', before: parent, after: parent.replace(/\n$/, '') },
    ];
    const patch = unifiedDiff({ files, skipped: [] });
    execFileSync('git', ['apply', '--check', '-'], { cwd: repo.root, input: patch });
    execFileSync('git', ['apply', '-'], { cwd: repo.root, input: patch });
    expect(readFileSync(`${repo.root}/src/child.ts`, 'utf8')).toBe(files[0]!.after);
    expect(readFileSync(`${repo.root}/src/parent.ts`, 'utf8')).toBe(files[1]!.after);
  });
});
