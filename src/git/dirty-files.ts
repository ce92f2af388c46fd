import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isWeakifyError } from '../weakify-error.js';
import { runGit } from './run-git.js';

// Keeps each git command line far below the OS argument limit (a plan can touch thousands of files).
const PATHSPECS_PER_CALL = 500;

/**
 * Which of `files` (absolute, or relative to `cwd`) have uncommitted changes: modified, staged,
 * untracked, deleted or in conflict, as `git status` sees them. `--write` refuses to overwrite
 * those, as `cargo fix` does, because the user could not get their version back from git.
 * Returns the dirty files as they were given, in the given order.
 *
 * Outside a git repository there is nothing git could restore either way, so nothing is
 * reported dirty: that is the documented behaviour, not a failure. Files git ignores count as
 * clean. Any other git failure is WeakifyError GIT_FAILED.
 */
export async function dirtyFiles(cwd: string, files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  let topLevel: string;
  try {
    topLevel = (await runGit(['rev-parse', '--show-toplevel'], { cwd })).trim();
  } catch (error) {
    // run-git maps git's "not a git repository" to this title.
    if (isWeakifyError(error) && error.code === 'GIT_FAILED' && error.message === 'not inside a git repository') return [];
    throw error;
  }

  const absolute = files.map((file) => canonical(path.resolve(cwd, file)));
  const dirty = new Set<string>();
  for (let start = 0; start < absolute.length; start += PATHSPECS_PER_CALL) {
    // `:(literal)`: a file named `[id].ts` is a path, not a glob.
    const pathspecs = absolute.slice(start, start + PATHSPECS_PER_CALL).map((file) => `:(literal)${file}`);
    const output = await runGit(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...pathspecs], { cwd: topLevel });
    for (const file of parsePorcelainZ(output)) dirty.add(canonical(path.join(topLevel, file)));
  }
  return files.filter((_, index) => dirty.has(absolute[index]!));
}

/**
 * Paths in `git status --porcelain=v1 -z` output (relative to the repository root): records
 * `XY path\0`, and for renames and copies `XY new\0old\0`. Both sides of a rename count.
 */
export function parsePorcelainZ(output: string): string[] {
  const records = output.split('\0');
  const paths: string[] = [];
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    if (record.length < 4) continue;
    paths.push(record.slice(3));
    if (record[0] === 'R' || record[0] === 'C') {
      const original = records[++index];
      if (original) paths.push(original);
    }
  }
  return paths;
}

// git reports real paths (the top level is resolved); /tmp on macOS is a symlink, for example.
function canonical(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    // A deleted file has no real path; its folder may still have one.
    try {
      return path.join(realpathSync(path.dirname(file)), path.basename(file));
    } catch {
      return file;
    }
  }
}
