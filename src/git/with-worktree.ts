import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGit } from './run-git.js';

export interface WithWorktreeOptions {
  /**
   * Untracked folders (relative to the repository root, e.g. `node_modules`) to link from the
   * main checkout into the temporary one when they exist there.
   */
  borrow?: string[];
}

/**
 * Run `fn` in a temporary detached checkout of `commit` (`git worktree add --detach`), so a ref
 * can be analysed without touching the user's working tree; the checkout is removed afterwards,
 * also when `fn` throws.
 */
export async function withWorktree<T>(
  repoRoot: string,
  commit: string,
  fn: (worktreeRoot: string) => Promise<T>,
  options: WithWorktreeOptions = {},
): Promise<T> {
  const parent = mkdtempSync(path.join(tmpdir(), 'weakify-head-'));
  const worktreeRoot = path.join(parent, 'head');
  try {
    await runGit(['worktree', 'add', '--detach', '--quiet', worktreeRoot, commit], { cwd: repoRoot });
    // Type resolution needs the dependencies, which are not committed: borrow the main checkout's.
    for (const folder of new Set(options.borrow ?? [])) {
      const source = path.join(repoRoot, folder);
      const target = path.join(worktreeRoot, folder);
      if (existsSync(source) && !existsSync(target) && existsSync(path.dirname(target))) symlinkSync(source, target, 'junction');
    }
    return await fn(worktreeRoot);
  } finally {
    await runGit(['worktree', 'remove', '--force', worktreeRoot], { cwd: repoRoot }).catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    // A checkout that could not be removed leaves an administrative entry; prune it.
    await runGit(['worktree', 'prune'], { cwd: repoRoot }).catch(() => undefined);
  }
}
