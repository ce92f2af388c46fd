import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot, runCli } from './cli/run-cli.js';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

function block(name: string): string {
  const match = new RegExp(`<!-- example:${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n<!-- /example:${name} -->`).exec(readme);
  if (!match) throw new Error(`README has no example block ${name}`);
  return match[1]!;
}

describe('README', () => {
  test('starts with the two commands: set up and analyse the bundled example, run the tests', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const commands = firstBlock.split('\n').filter(Boolean).map((line) => line.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['npm ci && npx weakify analyze -p fixtures/example-app', 'npm test']);
    expect(readFileSync(path.join(repoRoot, '.ci/run'), 'utf8')).toMatch(/\nnpm ci\nnpm test\n$/);
  });

  test('the analyze example is what the command prints', () => {
    const run = runCli(['analyze', '-p', 'fixtures/example-app']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(block('analyze-text'));
  });

  test('every transform has a module, fixtures starting with `basic`, and a README section', () => {
    const ids = readdirSync(path.join(repoRoot, 'transforms'))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => name.replace(/\.ts$/, ''));
    expect(ids.sort()).toEqual(['inject-dispose', 'reset-back-pointer', 'weakref-accessor']);
    for (const id of ids) {
      expect(existsSync(path.join(repoRoot, 'fixtures', id, 'basic'))).toBe(true);
      expect(readme).toContain(`\n### ${id}\n`);
    }
  });

  test('documents every WEAKIFY_* environment variable the code reads', () => {
    const sources = (dir: string): string[] =>
      readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(path.join(dir, entry.name)) : /\.[jt]s$/.test(entry.name) ? [path.join(dir, entry.name)] : [],
      );
    const read = new Set(
      [...sources('src'), ...sources('bin')].flatMap((file) => readFileSync(path.join(repoRoot, file), 'utf8').match(/\bWEAKIFY_[A-Z_]+/g) ?? []),
    );
    expect(read.size).toBeGreaterThan(0);
    for (const name of read) expect([name, readme.includes(`\`${name}`)]).toEqual([name, true]);
  });
});
