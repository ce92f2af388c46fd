import { constants } from 'node:fs';
import { open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { WeakifyError } from '../weakify-error.js';
import type { ChangeSet, FileChange } from './change-set.js';

export interface WriteChangesOptions {
  /** The folder ChangeSet paths are relative to. */
  rootDir: string;
  /** Replaces fs.rename (tests inject a failure half way). */
  rename?: (from: string, to: string) => Promise<void>;
}

interface Staged {
  change: FileChange;
  target: string;
  temp: string;
  mode: number;
}

/**
 * Write every changed file, or none. Each new text goes to a temporary file in the target's own
 * folder (same file system, so the final rename is atomic), is fsynced, and takes the original
 * file's mode; only when every temporary file is in place are they renamed over the originals.
 * Any failure before that removes the temporary files and leaves the project as it was.
 *
 * The caller writes only after verification passed and the dirty-tree check: this function
 * checks nothing about the code, only that each file still holds the text the change was made
 * from (an editor may have saved it meanwhile, and its edits would be lost).
 *
 * Returns the written paths (relative, as in the ChangeSet). Throws WeakifyError WRITE_FAILED.
 */
export async function writeChanges(changes: ChangeSet, options: WriteChangesOptions): Promise<string[]> {
  const renameFile = options.rename ?? rename;
  const staged: Staged[] = [];
  try {
    for (const change of changes.files) staged.push(await stage(change, options.rootDir));
  } catch (error) {
    await removeTemps(staged);
    throw error;
  }

  const renamed: Staged[] = [];
  for (const file of staged) {
    try {
      await renameFile(file.temp, file.target);
      renamed.push(file);
    } catch (error) {
      // Rare (the folder became read-only between two renames): put back what was already
      // replaced, so the project is not left half migrated.
      await removeTemps(staged.filter((s) => !renamed.includes(s)));
      const notRestored = await restore(renamed);
      throw new WeakifyError('WRITE_FAILED', `cannot write ${file.change.file}: ${reason(error)}`, {
        hint:
          notRestored.length === 0
            ? 'Nothing was changed. Fix the problem and run again.'
            : `These files keep the new text and could not be restored: ${notRestored.join(', ')}. Restore them with git.`,
        cause: error,
      });
    }
  }
  await syncFolders(staged.map((s) => path.dirname(s.target)));
  return staged.map((s) => s.change.file);
}

async function stage(change: FileChange, rootDir: string): Promise<Staged> {
  let target = path.resolve(rootDir, change.file);
  let mode: number;
  try {
    // Renaming over a symlink would replace the link with a plain file: write where it points.
    target = await realpath(target);
    mode = (await stat(target)).mode & 0o7777;
    if ((await readFile(target, 'utf8')) !== change.before) {
      throw new WeakifyError('WRITE_FAILED', `${change.file} changed since weakify read it; nothing was written`, {
        hint: 'Run the command again on the current files.',
      });
    }
  } catch (error) {
    if (error instanceof WeakifyError) throw error;
    throw writeFailed(change.file, error);
  }

  const temp = path.join(path.dirname(target), `.${path.basename(target)}.weakify-${process.pid}.tmp`);
  let staged = false;
  try {
    // `wx`: never follow or overwrite something already there under the temporary name.
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    staged = true;
    try {
      await handle.writeFile(change.after, 'utf8');
      // open()'s mode is filtered by the umask; the original's mode is what the user chose.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (staged) await rm(temp, { force: true });
    throw writeFailed(change.file, error);
  }
  return { change, target, temp, mode };
}

async function restore(renamed: Staged[]): Promise<string[]> {
  const failed: string[] = [];
  for (const file of renamed) {
    try {
      const handle = await open(file.target, constants.O_WRONLY | constants.O_TRUNC);
      try {
        await handle.writeFile(file.change.before, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      failed.push(file.change.file);
    }
  }
  return failed;
}

async function removeTemps(staged: Staged[]): Promise<void> {
  await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
}

// Make the renames themselves durable. Not every platform can open a folder (Windows): best effort.
async function syncFolders(folders: string[]): Promise<void> {
  for (const folder of new Set(folders)) {
    try {
      const handle = await open(folder, constants.O_RDONLY);
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // The data itself was fsynced before the rename; losing this is only a crash-window risk.
    }
  }
}

function writeFailed(file: string, error: unknown): WeakifyError {
  return new WeakifyError('WRITE_FAILED', `cannot write ${file}: ${reason(error)}; nothing was written`, {
    hint: 'Fix the problem (permissions, disk space) and run again.',
    cause: error,
  });
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code} (${message.replace(/^\w+: /, '')})` : message;
}
