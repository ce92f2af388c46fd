import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { WeakifyError } from '../weakify-error.js';

/**
 * The tsconfig a `-p` argument names: a file, or a folder holding tsconfig.json. Kept apart from
 * load-project, which loads TypeScript: commands that may not need the compiler (suggest on a
 * change that touches no class member) resolve paths without paying for it.
 */
export function resolveTsconfigPath(tsconfig: string, cwd: string): string {
  const absolute = path.resolve(cwd, tsconfig);
  if (!existsSync(absolute)) {
    throw new WeakifyError('TSCONFIG_NOT_FOUND', `tsconfig not found: ${tsconfig}`, {
      hint: 'Pass the project with -p <path/to/tsconfig.json> (or a folder that contains one).',
    });
  }
  if (statSync(absolute).isDirectory()) {
    const inFolder = path.join(absolute, 'tsconfig.json');
    if (!existsSync(inFolder)) {
      throw new WeakifyError('TSCONFIG_NOT_FOUND', `no tsconfig.json in folder ${tsconfig || '.'}`, {
        hint: 'Pass the project with -p <path/to/tsconfig.json>.',
      });
    }
    return inFolder;
  }
  return absolute;
}
