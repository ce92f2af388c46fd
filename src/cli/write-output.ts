import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WeakifyError } from '../weakify-error.js';

/** Write a report or plan file whole or not at all: a temp file beside it, then a rename. */
export function writeOutputFile(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new WeakifyError('WRITE_FAILED', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'Check that the folder exists and is writable.',
      cause: error,
    });
  }
}
