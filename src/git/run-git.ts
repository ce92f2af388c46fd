import { execFile } from 'node:child_process';
import { WeakifyError } from '../weakify-error.js';

export interface RunGitOptions {
  /** Folder git runs in (it finds the repository from there). */
  cwd: string;
  /** Accept these exit codes as success besides 0 (`git diff --exit-code` style commands). */
  okExitCodes?: number[];
}

// Diffs of large pull requests are big; the default 1 MB buffer would cut them off.
const MAX_BUFFER = 512 * 1024 * 1024;

// Settings that change git's output format for scripts: fixed here so a user's config
// (color.ui=always, diff.noprefix, core.quotePath, an external diff tool) cannot break parsing.
const STABLE_CONFIG = ['-c', 'core.quotePath=false', '-c', 'color.ui=false', '-c', 'diff.noprefix=false', '-c', 'diff.relative=false'];

/**
 * Run git with an argument vector (never a shell: refs and paths come from users and CI) and
 * return its stdout. A failure becomes WeakifyError GIT_FAILED carrying the first line of git's
 * stderr, so the user sees git's own words.
 */
export function runGit(args: readonly string[], options: RunGitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...STABLE_CONFIG, ...args],
      {
        cwd: options.cwd,
        maxBuffer: MAX_BUFFER,
        encoding: 'utf8',
        // English messages, so the 'not a git repository' check below works in any locale.
        env: { ...process.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0' },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof error.code === 'number' && options.okExitCodes?.includes(error.code)) return resolve(stdout);
        reject(gitError(args, code, stderr, error));
      },
    );
  });
}

function gitError(args: readonly string[], code: unknown, stderr: string, cause: Error): WeakifyError {
  if (code === 'ENOENT') {
    return new WeakifyError('GIT_FAILED', 'git is not installed or not on PATH', {
      hint: 'Install git; the pre-merge mode runs git itself to find what changed.',
      cause,
    });
  }
  const firstLine = stderr.split('\n').find((line) => line.trim() !== '')?.trim() ?? cause.message.split('\n')[0]!;
  if (/not a git repository/i.test(firstLine)) {
    return new WeakifyError('GIT_FAILED', 'not inside a git repository', {
      hint: 'Run weakify suggest from a clone of the repository (in CI: check out with full history, e.g. fetch-depth: 0).',
      cause,
    });
  }
  return new WeakifyError('GIT_FAILED', `git ${args[0] ?? ''} failed: ${firstLine.replace(/^(fatal|error): /, '')}`, {
    hint: /unknown revision|bad revision|ambiguous argument|no merge base|not a valid object/i.test(firstLine)
      ? 'Check that the ref exists locally; in CI fetch the base branch too (actions/checkout with fetch-depth: 0).'
      : undefined,
    cause,
  });
}
