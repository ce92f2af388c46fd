import { existsSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import type { ChangeSet, FileChange } from './change-set.js';

export interface FormatChangesOptions {
  /** The folder ChangeSet paths are relative to. */
  rootDir: string;
}

/**
 * Format the changed files with the project's own prettier settings, when the project uses
 * prettier: a config file (or a "prettier" key in package.json, which resolveConfigFile also
 * finds) governs the file. Otherwise the transform output is returned as it is: reformatting a
 * whole file of a project that does not use prettier would bury the change in noise.
 * Files listed in the .prettierignore next to the config are left alone, as prettier would.
 */
export async function formatChanges(changes: ChangeSet, options: FormatChangesOptions): Promise<ChangeSet> {
  // Long-lived callers (an editor, the bot) must see config edits between runs.
  await prettier.clearConfigCache();
  const files: FileChange[] = [];
  for (const change of changes.files) {
    const after = await formatFile(change, options.rootDir);
    if (after !== change.before) files.push({ ...change, after });
  }
  return { files, skipped: changes.skipped };
}

async function formatFile(change: FileChange, rootDir: string): Promise<string> {
  const filepath = path.resolve(rootDir, change.file);
  const configFile = await prettier.resolveConfigFile(filepath);
  if (!configFile) return change.after;

  const ignorePath = path.join(path.dirname(configFile), '.prettierignore');
  const info = await prettier.getFileInfo(filepath, existsSync(ignorePath) ? { ignorePath } : {});
  if (info.ignored || !info.inferredParser) return change.after;

  // editorconfig: true is what the prettier CLI does, so the result matches `prettier --write`.
  const config = (await prettier.resolveConfig(filepath, { config: configFile, editorconfig: true })) ?? {};
  return prettier.format(change.after, { ...config, filepath });
}
