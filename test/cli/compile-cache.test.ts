import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

    // TypeScript's bundle (9 MB of source) and ts-morph's: one entry each, the largest holding
    // the bytecode of the parser, binder and checker functions the run compiled.
    const files = cacheFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(2);
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

  it.skipIf(builtin)('loads large CommonJS files as Node would, and leaves "type": "module" packages to Node', () => {
    // Two packages with a 300 kB module each (over the size the cache takes): one CommonJS, one ESM.
    const root = path.join(scratch, 'packages');
    const padding = `/*${' '.repeat(300 * 1024)}*/`;
    const write = (dir: string, type: string | undefined, main: string) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify(type ? { name: path.basename(dir), type } : { name: path.basename(dir) }));
      writeFileSync(path.join(dir, 'big.js'), `#!/usr/bin/env node\n${padding}\n${main}\n`);
    };
    write(path.join(root, 'node_modules/cjs-pkg/lib'), undefined, "module.exports = { file: __filename, dir: __dirname, helper: require('./helper.js'), self: module.exports === exports };");
    writeFileSync(path.join(root, 'node_modules/cjs-pkg/lib/helper.js'), 'module.exports = 42;');
    write(path.join(root, 'node_modules/esm-pkg'), 'module', 'export const x = 1;');
    const script = (withCache: boolean) =>
      [
        withCache ? `const { enableCompileCache } = await import(${JSON.stringify(path.join(repoRoot, 'dist/src/cli/compile-cache.js'))});` : '',
        withCache ? `enableCompileCache(${JSON.stringify(path.join(scratch, 'packages-cache'))});` : '',
        `const { createRequire } = await import('node:module');`,
        `const require = createRequire(${JSON.stringify(path.join(root, 'index.js'))});`,
        `const cjs = require('cjs-pkg/lib/big.js');`,
        // Node 20.19 loads an ES module through require; older Node 20 refuses with ERR_REQUIRE_ESM.
        `let esm; try { esm = require('esm-pkg/big.js').x; } catch (error) { esm = error.code; }`,
        `console.log(JSON.stringify({ cjs, esm }));`,
      ].join('\n');
    const run = (withCache: boolean) => {
      const child = spawnSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script(withCache)], { encoding: 'utf8', env: { ...process.env, WEAKIFY_NO_COMPILE_CACHE: undefined } });
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout) as unknown;
    };
    const dir = path.join(root, 'node_modules/cjs-pkg/lib');
    const plain = run(false);
    expect(plain).toMatchObject({ cjs: { file: path.join(dir, 'big.js'), dir, helper: 42, self: true } });
    expect(run(true)).toEqual(plain);
    expect(cacheFiles(path.join(scratch, 'packages-cache'))).toHaveLength(1);
  });
});
