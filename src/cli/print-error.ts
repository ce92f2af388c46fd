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
  stderr.write(`weakify: internal error (please report it with the command you ran):\n${stackOf(error)}\n`);
  // `transform inject-dispose failed on src/a.ts` says where; its cause says what.
  for (let cause = (error as { cause?: unknown }).cause, depth = 0; cause !== undefined && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    stderr.write(`Caused by: ${stackOf(cause)}\n`);
  }
  return ExitCode.Internal;
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
