import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directoryListings } from '../../src/project/directory-listings.js';
import { ts } from '../../src/typescript.js';

const root = mkdtempSync(path.join(tmpdir(), 'weakify-listings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'src/nested'), { recursive: true });
writeFileSync(path.join(root, 'src/a.ts'), '');
writeFileSync(path.join(root, 'src/nested/index.ts'), '');
symlinkSync(path.join(root, 'src/a.ts'), path.join(root, 'src/link.ts'));
symlinkSync(path.join(root, 'src/nested'), path.join(root, 'src/linked-dir'));
symlinkSync(path.join(root, 'missing.ts'), path.join(root, 'src/dangling.ts'));

/** TypeScript's own answers (a stat per question), counted. */
function counted() {
  const asked: string[] = [];
  return {
    asked,
    host: {
      fileExists: (name: string) => (asked.push(name), ts.sys.fileExists(name)),
      directoryExists: (name: string) => (asked.push(name), ts.sys.directoryExists(name)),
    },
  };
}

const questions = [
  'src/a.ts',
  'src/a.tsx',
  'src/a.d.ts',
  'src/nested',
  'src/nested/',
  'src/nested/index.ts',
  'src/nested/index.tsx',
  'src/link.ts',
  'src/linked-dir',
  'src/dangling.ts',
  'src/missing/index.ts',
  'src/a.ts/index.ts',
  'nowhere/deeper/x.ts',
  'src/.',
  'src/nested/..',
  'src/a.ts/',
  'src/A.ts',
].map((relative) => (/[./]$/.test(relative) ? `${root}/${relative}` : path.join(root, relative)));

describe('directoryListings', () => {
  it('answers exactly as stat does: files, folders, links, missing folders, a file used as a folder', () => {
    const { host } = counted();
    const listed = directoryListings(host, true);
    for (const question of questions) {
      expect([question, listed.fileExists(question)]).toEqual([question, ts.sys.fileExists(question)]);
      expect([question, listed.directoryExists(question)]).toEqual([question, ts.sys.directoryExists(question)]);
    }
  });

  it('asks the file system only about links, `.`/`..`, trailing separators and names that differ only in case', () => {
    const { host, asked } = counted();
    const listed = directoryListings(host, true);
    for (const question of questions) {
      listed.fileExists(question);
      listed.directoryExists(question);
    }
    expect(asked.map((name) => name.slice(root.length + 1)).sort()).toEqual([
      'src/.',
      'src/.',
      // A case-insensitive mount would find it; only the file system can say.
      'src/A.ts',
      'src/A.ts',
      // As a file: asked; as a folder: the listing says it is a file.
      'src/a.ts/',
      'src/dangling.ts',
      'src/dangling.ts',
      'src/link.ts',
      'src/link.ts',
      'src/linked-dir',
      'src/linked-dir',
      'src/nested/',
      'src/nested/..',
      'src/nested/..',
    ]);
  });

  it('leaves case-insensitive file systems to the given functions (a listing spells names one way)', () => {
    const { host, asked } = counted();
    const listed = directoryListings(host, false);
    expect(listed.fileExists(path.join(root, 'src/a.ts'))).toBe(true);
    expect(listed.directoryExists(path.join(root, 'src/nested'))).toBe(true);
    expect(asked).toEqual([path.join(root, 'src/a.ts'), path.join(root, 'src/nested')]);
  });

  // What a tsconfig's globs walk: links count as what they point to, a dangling link as nothing.
  const expectedSrc = { files: ['a.ts', 'link.ts'], directories: ['linked-dir', 'nested'] };

  it.each([true, false])('lists a folder as TypeScript does for `include` globs (case-sensitive listings: %s)', (caseSensitive) => {
    const listed = directoryListings(counted().host, caseSensitive);
    expect(listed.entries(path.join(root, 'src'))).toEqual(expectedSrc);
    expect(listed.entries(path.join(root, 'src/nested'))).toEqual({ files: ['index.ts'], directories: [] });
    expect(listed.entries(path.join(root, 'nowhere'))).toEqual({ files: [], directories: [] });
    expect(listed.entries(path.join(root, 'src/a.ts'))).toEqual({ files: [], directories: [] });
  });

  it('lists for the globs from the listing module resolution then reuses, without asking again', () => {
    const { host, asked } = counted();
    const listed = directoryListings(host, true);
    expect(listed.entries(path.join(root, 'src'))).toEqual(expectedSrc);
    expect(listed.fileExists(path.join(root, 'src/a.ts'))).toBe(true);
    expect(listed.directoryExists(path.join(root, 'src/nested'))).toBe(true);
    expect(asked).toEqual([]);
  });
});
