import { ExitCode, isWeakifyError } from '../weakify-error.js';

/**
 * Known errors: one line saying what is wrong, one saying what to do, and their exit code.
 * Anything else is a bug in weakify: keep the stack so it can be reported.
 */
export function printError(error: unknown, stderr: NodeJS.WritableStream): number {
  if (isWeakifyError(error)) {
    stderr.write(`weakify: error: ${error.message}\n`);
    if (error.hint) stderr.write(`  ${error.hint}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`weakify: internal error (please report it with the command you ran):\n${stack}\n`);
  return ExitCode.Internal;
}
