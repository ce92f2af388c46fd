import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { realpathSync } from 'node:fs';
import { WeakifyError } from '../weakify-error.js';
import { runGit } from './run-git.js';

/** 1-based inclusive range of lines in the head version of a file. */
export interface LineRange {
  start: number;
  end: number;
}

export type ChangeStatus = 'added' | 'modified' | 'renamed' | 'copied' | 'deleted' | 'type-changed';

export interface ChangedFile {
  /** Path at head, relative to the repository root with `/` (for deleted files: the old path). */
  path: string;
  /** Path at the merge base when it differs (renames, copies). */
  oldPath?: string;
  status: ChangeStatus;
  /** Lines added or changed at head, merged and sorted. Empty for deletions and pure renames. */
  ranges: LineRange[];
}

export interface ChangedLines {
  /** Absolute, real path of the repository's top-level folder. */
  repoRoot: string;
  /** The base ref resolved to a commit. */
  baseSha: string;
  /** Merge base of base and head: what the change is compared against (a pull request's view). */
  mergeBaseSha: string;
  /** The head ref resolved to a commit; undefined when head is the working tree. */
  headSha: string | undefined;
  /** Changed files keyed by their head path (deleted files by their old path). */
  files: Map<string, ChangedFile>;
}

export interface ChangedLinesOptions {
  /** Any folder inside the repository. */
  cwd: string;
  base: string;
  /** A ref; omitted: the working tree, with uncommitted and untracked files. */
  head?: string;
}

/**
 * What changed between `base` and `head` with pull-request semantics: head is compared with the
 * merge base of base and head (`git diff base...head`), so commits that landed on base after the
 * branch point are not attributed to the change.
 */
export async function changedLines(options: ChangedLinesOptions): Promise<ChangedLines> {
  const { cwd } = options;
  const repoRoot = (await runGit(['rev-parse', '--show-toplevel'], { cwd })).trim();
  const baseSha = await resolveCommit(options.base, cwd);
  const headSha = options.head === undefined ? undefined : await resolveCommit(options.head, cwd);
  const mergeBaseSha = (await runGit(['merge-base', baseSha, headSha ?? 'HEAD'], { cwd: repoRoot })).trim();

  const range = headSha === undefined ? [mergeBaseSha] : [mergeBaseSha, headSha];
  const common = ['--no-color', '--no-ext-diff', '--no-textconv', '-M', '--'];
  const [nameStatus, patch] = await Promise.all([
    runGit(['diff', '--name-status', '-z', ...range, ...common], { cwd: repoRoot }),
    runGit(['diff', '--unified=0', ...range, ...common], { cwd: repoRoot }),
  ]);
  const files = pairWithHunks(parseNameStatus(nameStatus), patch);

  if (headSha === undefined) {
    const untracked = await runGit(['ls-files', '--others', '--exclude-standard', '-z'], { cwd: repoRoot });
    for (const file of untracked.split('\0').filter(Boolean)) {
      // A symlink (possibly to a folder) has no lines of its own.
      const stats = await lstat(path.join(repoRoot, file));
      const count = stats.isFile() ? lineCount(await readFile(path.join(repoRoot, file), 'utf8')) : 0;
      files.set(file, { path: file, status: 'added', ranges: count === 0 ? [] : [{ start: 1, end: count }] });
    }
  }
  return { repoRoot, baseSha, mergeBaseSha, headSha, files };
}

async function resolveCommit(ref: string, cwd: string): Promise<string> {
  // `--end-of-options` keeps a ref that starts with '-' from being read as an option.
  const sha = (await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd, okExitCodes: [1] })).trim();
  if (sha === '') {
    throw new WeakifyError('GIT_FAILED', `unknown git ref: ${ref}`, {
      hint: 'Check the ref; in CI fetch the base branch too (actions/checkout with fetch-depth: 0), e.g. --base origin/main.',
    });
  }
  return sha;
}

interface NameStatusEntry {
  status: ChangeStatus;
  path: string;
  oldPath?: string;
}

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', R: 'renamed', C: 'copied', D: 'deleted', T: 'type-changed' };

/** Parse `git diff --name-status -z`: `X\0path\0`, or `R100\0old\0new\0` for renames and copies. */
export function parseNameStatus(output: string): NameStatusEntry[] {
  const fields = output.split('\0');
  const entries: NameStatusEntry[] = [];
  for (let i = 0; i < fields.length && fields[i] !== ''; ) {
    const letter = fields[i]![0]!;
    const status = STATUS[letter] ?? 'modified';
    if (letter === 'R' || letter === 'C') {
      entries.push({ status, oldPath: fields[i + 1]!, path: fields[i + 2]! });
      i += 3;
    } else {
      entries.push({ status, path: fields[i + 1]! });
      i += 2;
    }
  }
  return entries;
}

/**
 * Each file of the name-status list has one `diff --git` section in the patch, in the same order
 * (binary files and pure renames included, with no hunks). Pairing them by position avoids
 * parsing paths out of patch headers, which git quotes and escapes.
 */
function pairWithHunks(entries: NameStatusEntry[], patch: string): Map<string, ChangedFile> {
  const sections = patch.split(/^diff --git /m).slice(1);
  if (sections.length !== entries.length) {
    throw new Error(`git diff listed ${entries.length} files but the patch has ${sections.length} sections`);
  }
  const files = new Map<string, ChangedFile>();
  entries.forEach((entry, index) => {
    const ranges = entry.status === 'deleted' ? [] : parseHunkRanges(sections[index]!);
    files.set(entry.path, { ...entry, ranges });
  });
  return files;
}

/**
 * Added/changed line ranges at head from the hunk headers of a `--unified=0` patch:
 * `@@ -a,b +c,d @@` adds lines c..c+d-1 (d defaults to 1; d = 0 is a pure deletion).
 */
export function parseHunkRanges(patch: string): LineRange[] {
  const ranges: LineRange[] = [];
  for (const match of patch.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(match[1]);
    const count = match[2] === undefined ? 1 : Number(match[2]);
    if (count > 0) ranges.push({ start, end: start + count - 1 });
  }
  return mergeRanges(ranges);
}

export function mergeRanges(ranges: readonly LineRange[]): LineRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: LineRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end + 1) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

export function inRanges(line: number, ranges: readonly LineRange[] | undefined): boolean {
  return ranges?.some((range) => line >= range.start && line <= range.end) ?? false;
}

function lineCount(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

/**
 * Re-base changed paths from the repository root to a project folder (the tsconfig's), the
 * form analysis results use; files outside the folder are dropped.
 */
export function rebaseChangedRanges(changed: ChangedLines, projectRoot: string): Map<string, LineRange[]> {
  const rebased = new Map<string, LineRange[]>();
  // git prints the real path of the repository; the project folder may be reached via a symlink.
  const root = realpathSync(projectRoot);
  for (const file of changed.files.values()) {
    const relative = path.relative(root, path.join(changed.repoRoot, file.path)).split(path.sep).join('/');
    if (relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) continue;
    rebased.set(relative, file.ranges);
  }
  return rebased;
}
