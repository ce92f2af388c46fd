import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.join(repoRoot, 'bin/weakify.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Spawn the real, built CLI (npm test builds first), as a user would run it. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Copy a fixture project to a fresh temporary folder so a test can change it freely. */
export function copyFixture(relative: string): string {
  const target = mkdtempSync(path.join(tmpdir(), 'weakify-cli-'));
  // Symlinks as they are (a workspace link, relative): not re-pointed at the original's files.
  cpSync(path.join(repoRoot, relative), target, { recursive: true, verbatimSymlinks: true });
  return target;
}
