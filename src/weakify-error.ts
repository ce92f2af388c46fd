/**
 * Exit codes shared by every command. Documented in the README; CI scripts rely on them.
 */
export const ExitCode = {
  /** The run completed (with or without findings). */
  Ok: 0,
  /** Findings with `--fail-on-*`, or verification failed after a change. */
  Findings: 1,
  /** Usage or configuration error: bad flag, missing tsconfig, invalid plan, dirty tree. */
  Usage: 2,
  /** Internal error: a bug in weakify. */
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type WeakifyErrorCode =
  | 'TSCONFIG_NOT_FOUND'
  | 'TSCONFIG_INVALID'
  | 'PATH_NOT_FOUND'
  | 'NO_FILES'
  | 'CONFIG_INVALID'
  | 'PLAN_INVALID'
  | 'PLAN_VERSION'
  | 'RESULT_INVALID'
  | 'USAGE'
  | 'DIRTY_TREE'
  | 'GIT_FAILED'
  | 'NO_WEAKREF_LIB'
  | 'TARGET_TOO_OLD'
  | 'VERIFY_FAILED'
  | 'WRITE_FAILED'
  | 'GITHUB_FAILED';

/**
 * A known error the user can act on: a one-line title, what to do about it, and the exit code
 * the CLI maps it to. Anything that is not a WeakifyError is a bug and keeps its stack.
 */
export class WeakifyError extends Error {
  readonly code: WeakifyErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;

  constructor(code: WeakifyErrorCode, title: string, options: { hint?: string; exitCode?: ExitCode; cause?: unknown } = {}) {
    super(title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WeakifyError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.Usage;
  }
}

export function isWeakifyError(error: unknown): error is WeakifyError {
  return error instanceof WeakifyError;
}
