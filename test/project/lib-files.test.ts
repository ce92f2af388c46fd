import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { libFilesIn, writeLibFolder } from '../../src/project/lib-files.js';
import { ts } from '../../src/typescript.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'weakify-lib-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The lib texts ts-morph serves from memory: what the folder must hold, byte for byte.
const common = createRequire(import.meta.url)('@ts-morph/common') as { getLibFiles(): Array<{ fileName: string; text: string }>; libFolderInMemoryPath: string };
const expected = common.getLibFiles();

describe('TypeScript lib files', () => {
  it('writeLibFolder writes every lib file as ts-morph has it, stamped with the TypeScript version', () => {
    const folder = path.join(scratch, 'written');
    expect(writeLibFolder(folder)).toBe(expected.length);
    expect(readdirSync(folder).filter((name) => name.endsWith('.d.ts')).sort()).toEqual(expected.map((file) => file.fileName).sort());
    for (const file of expected) expect([file.fileName, readFileSync(path.join(folder, file.fileName), 'utf8') === file.text]).toEqual([file.fileName, true]);
    expect(readFileSync(path.join(folder, '.typescript-version'), 'utf8')).toBe(ts.version);
    // Written again over itself: replaced whole, no staging folder left beside it.
    writeLibFolder(folder);
    expect(readdirSync(scratch).filter((name) => name.startsWith('written'))).toEqual(['written']);
  });

  it('a folder written for this TypeScript is used from disk', () => {
    const folder = path.join(scratch, 'current');
    writeLibFolder(folder);
    expect(libFilesIn(folder)).toEqual({ location: folder });
  });

  it('a folder of another TypeScript version, or none, falls back to the texts in memory', () => {
    const stale = path.join(scratch, 'stale');
    writeLibFolder(stale);
    writeFileSync(path.join(stale, '.typescript-version'), '5.0.0');
    for (const folder of [stale, path.join(scratch, 'missing')]) {
      const libs = libFilesIn(folder);
      expect(libs.location).toBe(common.libFolderInMemoryPath);
      expect(libs.inMemory?.get(`${common.libFolderInMemoryPath}/lib.es5.d.ts`)).toBe(expected.find((file) => file.fileName === 'lib.es5.d.ts')!.text);
    }
    expect(existsSync(path.join(scratch, 'missing'))).toBe(false);
  });
});
