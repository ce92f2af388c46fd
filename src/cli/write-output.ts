import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WeakifyError } from '../weakify-error.js';

/** Write a report or plan file whole or not at all: a temp file beside it, then a rename. */
export function writeOutputFile(file: string, text: string): void {
  writeOutputFiles([{ file, text }]);
}

/**
 * Write several files all or none (a report and a plan): every temp file is written first, and
 * only when all of them are does any replace its file. A folder that does not exist for the second
 * leaves the first untouched.
 */
export function writeOutputFiles(outputs: ReadonlyArray<{ file: string; text: string }>): void {
  const temps: Array<{ file: string; temp: string }> = [];
  let failed = '';
  try {
    // A folder in a file's place fails only at its rename: found before anything is written.
    for (const { file } of outputs) {
      failed = file;
      if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    }
    for (const { file, text } of outputs) {
      failed = file;
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
      temps.push({ file, temp });
      writeFileSync(temp, text);
    }
    for (const { file, temp } of temps) {
      failed = file;
      renameSync(temp, file);
    }
  } catch (error) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new WeakifyError('WRITE_FAILED', `cannot write ${failed}: ${code ?? (error as Error).message}`, {
      hint: code === 'EISDIR' ? 'That is a folder: name a file to write.' : 'Check that the folder exists and is writable.',
      cause: error,
    });
  }
}
