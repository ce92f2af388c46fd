import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

// The CLI caches V8 bytecode of the TypeScript bundle between runs (src/cli/compile-cache.ts).
// What must hold: the output never depends on the cache, a damaged cache is replaced rather than
// trusted, and the switch turns it off. On Node >= 22.1 Node's own cache is used instead, with
// its own file layout, so the file-level checks are for the Node 20 implementation.
const builtin = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const scratch = mkdtempSync(path.join(tmpdir(), 'weakify-compile-cache-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const analyzeArgs = ['analyze', '-p', 'fixtures/example-app', '--format', 'json'];
const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.bin')).sort() : []);

describe('compile cache', () => {
  it('is filled by the first run, used by the next, replaced when damaged; the output is the same each time', () => {
    const dir = path.join(scratch, 'cache');
    const env = { WEAKIFY_COMPILE_CACHE_DIR: dir, WEAKIFY_NO_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined };
    const uncached = runCli(analyzeArgs, { env: { WEAKIFY_NO_COMPILE_CACHE: '1' } });
    expect(uncached.status).toBe(0);

    const first = runCli(analyzeArgs, { env });
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(uncached.stdout);
    expect(existsSync(dir)).toBe(true);
    if (builtin) return;

    // TypeScript's bundle (9 MB of source; ts-morph's own module is not loaded by analyze): one
    // entry, holding the bytecode of the parser, binder and checker functions the run compiled.
    const files = cacheFiles(dir);
    expect(files.length).toBe(1);
    const sizes = files.map((name) => statSync(path.join(dir, name)).size);
    expect(Math.max(...sizes)).toBeGreaterThan(1_000_000);

    // Accepted data is not rewritten.
    const stamps = files.map((name) => statSync(path.join(dir, name)).mtimeMs);
    const second = runCli(analyzeArgs, { env });
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(uncached.stdout);
    expect(cacheFiles(dir)).toEqual(files);
    expect(files.map((name) => statSync(path.join(dir, name)).mtimeMs)).toEqual(stamps);

    // Damaged data: V8 rejects it, the run compiles from source, and the entry is rewritten.
    for (const name of files) writeFileSync(path.join(dir, name), 'not bytecode');
    const third = runCli(analyzeArgs, { env });
    expect(third.status).toBe(0);
    expect(third.stdout).toBe(uncached.stdout);
    expect(third.stderr).toBe('');
    for (const name of files) expect(statSync(path.join(dir, name)).size).toBeGreaterThan(1000);
  });

  it('WEAKIFY_NO_COMPILE_CACHE=1 writes nothing', () => {
    const dir = path.join(scratch, 'off');
    const run = runCli(analyzeArgs, { env: { WEAKIFY_COMPILE_CACHE_DIR: dir, WEAKIFY_NO_COMPILE_CACHE: '1' } });
    expect(run.status).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('an unwritable cache folder costs nothing but speed', () => {
    // A file where the folder should be: mkdir fails, the run does not.
    const blocked = path.join(scratch, 'blocked');
    writeFileSync(blocked, '');
    const run = runCli(analyzeArgs, { env: { WEAKIFY_COMPILE_CACHE_DIR: path.join(blocked, 'cache'), WEAKIFY_NO_COMPILE_CACHE: undefined } });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).candidates.length).toBeGreaterThan(0);
  });

  describe.skipIf(builtin)('the Node 20 loader', () => {
    // A stand-in for TypeScript's bundle at the path the cache takes (only ts-morph's bundles are
    // cached), in a scratch node_modules, loaded by a child process with and without the cache.
    const root = path.join(scratch, 'loader');
    const dist = path.join(root, 'node_modules/@ts-morph/common/dist');
    const bundle = path.join(dist, 'typescript.js');
    const cacheDir = path.join(scratch, 'loader-cache');
    const body = (value: string) =>
      [
        '#!/usr/bin/env node',
        `exports.value = '${value}';`,
        "exports.helper = require('./helper.js');",
        'exports.file = __filename;',
        'exports.dir = __dirname;',
        'exports.self = this === module.exports;',
        "exports.resolved = require.resolve('./helper.js');",
        'exports.children = module.children.map((child) => child.id);',
        // Enough functions for V8 to keep bytecode worth checking.
        ...Array.from({ length: 200 }, (_, index) => `exports.f${index} = (x) => x * ${index} + ${index};`),
        'exports.sum = Array.from({ length: 200 }, (_, i) => exports[`f${i}`](2)).reduce((a, b) => a + b, 0);',
      ].join('\n');
    mkdirSync(dist, { recursive: true });
    writeFileSync(path.join(dist, 'helper.js'), 'module.exports = 42;');
    writeFileSync(bundle, body('AAAA'));

    const load = (withCache: boolean) => {
      const script = [
        withCache ? `const { enableCompileCache } = await import(${JSON.stringify(path.join(repoRoot, 'dist/src/cli/compile-cache.js'))});` : '',
        withCache ? `enableCompileCache(${JSON.stringify(cacheDir)});` : '',
        `const { createRequire } = await import('node:module');`,
        `const loaded = createRequire(${JSON.stringify(path.join(root, 'index.js'))})('@ts-morph/common/dist/typescript.js');`,
        'const { value, helper, file, dir, self, resolved, children, sum } = loaded;',
        'console.log(JSON.stringify({ value, helper, file, dir, self, resolved, children, sum }));',
      ].join('\n');
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, WEAKIFY_NO_COMPILE_CACHE: undefined } });
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout) as { value: string; sum: number };
    };
    const entries = () => cacheFiles(cacheDir).map((name) => ({ name, size: statSync(path.join(cacheDir, name)).size }));

    it('runs the bundle as Node does: exports, this, __filename, require and its resolution, module.children', () => {
      const plain = load(false);
      expect(plain).toMatchObject({ value: 'AAAA', helper: 42, file: bundle, dir: dist, self: true, resolved: path.join(dist, 'helper.js') });
      expect(load(true)).toEqual(plain);
      expect(entries()).toHaveLength(1);
      // The second run uses the entry, with the same result.
      expect(load(true)).toEqual(plain);
    });

    it('never runs bytecode of other content: an edit of the same size and modification time gets a new entry', () => {
      load(true);
      const before = entries();
      const stat = statSync(bundle);
      writeFileSync(bundle, body('BBBB'));
      utimesSync(bundle, stat.atime, stat.mtime);
      expect(load(true).value).toBe('BBBB');
      const after = entries();
      expect(after).toHaveLength(1);
      expect(after[0]!.name).not.toBe(before[0]!.name);
      writeFileSync(bundle, body('AAAA'));
    });

    it('checks its entries: a flipped byte in the bytecode is caught before V8 sees it, and the entry is rewritten', () => {
      const expected = load(true);
      const [entry] = entries();
      const file = path.join(cacheDir, entry!.name);
      const bytes = readFileSync(file);
      for (const offset of [bytes.length - 1, Math.floor(bytes.length / 2), 60]) {
        const damaged = Buffer.from(bytes);
        damaged[offset] = damaged[offset]! ^ 0xff;
        writeFileSync(file, damaged);
        expect(load(true)).toEqual(expected);
        expect(readFileSync(file).equals(damaged)).toBe(false);
      }
    });

    it('is not used in a folder others can write to', () => {
      const shared = path.join(scratch, 'shared-cache');
      mkdirSync(shared, { mode: 0o777 });
      chmodSync(shared, 0o777);
      const script = [
        `const { enableCompileCache } = await import(${JSON.stringify(path.join(repoRoot, 'dist/src/cli/compile-cache.js'))});`,
        `enableCompileCache(${JSON.stringify(shared)});`,
        `const { createRequire } = await import('node:module');`,
        `console.log(createRequire(${JSON.stringify(path.join(root, 'index.js'))})('@ts-morph/common/dist/typescript.js').value);`,
      ].join('\n');
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, WEAKIFY_NO_COMPILE_CACHE: undefined } });
      expect(child.stdout.trim()).toBe('AAAA');
      expect(readdirSync(shared)).toEqual([]);
    });
  });
});
