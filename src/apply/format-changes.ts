import { existsSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import type { ChangeSet, FileChange, SkippedEntry } from './change-set.js';
import { restoreReprintedLines } from './restore-reprinted-lines.js';
import { followSemicolonStyle } from './semicolon-style.js';

export interface FormatChangesOptions {
  /** The folder ChangeSet paths are relative to. */
  rootDir: string;
}

/**
 * Format the changed files with the project's own prettier settings, when the project uses
 * prettier: a config file (or a "prettier" key in package.json, which resolveConfigFile also
 * finds) governs the file. Otherwise the transform output is kept, its added lines in the file's
 * semicolon style (semicolon-style.ts): reformatting a whole file of a project that does not use
 * prettier would bury the change in noise.
 * Files listed in the .prettierignore next to the config are left alone, as prettier would, and so
 * are files that were not prettier-formatted before the change.
 */
export async function formatChanges(changes: ChangeSet, options: FormatChangesOptions): Promise<ChangeSet> {
  // Long-lived callers (an editor, the bot) must see config edits between runs.
  await prettier.clearConfigCache();
  const files: FileChange[] = [];
  const skipped: SkippedEntry[] = [...changes.skipped];
  for (const transformed of changes.files) {
    // What recast reprinted without a change of substance keeps the author's text (see there).
    const change = { ...transformed, after: restoreReprintedLines(transformed.before, transformed.after) };
    let after: string;
    try {
      after = await formatFile(change, options.rootDir);
    } catch (error) {
      // A plugin the config names but that is not installed, or output prettier cannot parse
      // (verification reports that one at file:line): keep the change, unformatted, and say so.
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      skipped.push({ entryId: FORMAT_ENTRY_ID, file: change.file, reason: `prettier could not format the file; left as the transform wrote it: ${message}` });
      after = change.after;
    }
    if (after !== change.before) files.push({ ...change, after });
  }
  return { ...changes, files, skipped };
}

/** The `entryId` of a skipped formatting step: it concerns a file, not a plan entry. */
export const FORMAT_ENTRY_ID = 'prettier';

async function formatFile(change: FileChange, rootDir: string): Promise<string> {
  const filepath = path.resolve(rootDir, change.file);
  // Where prettier does not govern the file, the transform's output follows the file's own style.
  const unformatted = () => followSemicolonStyle(change.before, change.after);
  const configFile = await prettier.resolveConfigFile(filepath);
  if (!configFile) return unformatted();

  const ignorePath = path.join(path.dirname(configFile), '.prettierignore');
  const info = await prettier.getFileInfo(filepath, existsSync(ignorePath) ? { ignorePath } : {});
  if (info.ignored || !info.inferredParser) return unformatted();

  // editorconfig: true is what the prettier CLI does, so the result matches `prettier --write`.
  const config = (await prettier.resolveConfig(filepath, { config: configFile, editorconfig: true })) ?? {};
  // A file this prettier would already change (the project pins another prettier version, or does
  // not format every file) keeps the transform's output, which follows the file's own style:
  // formatting it would rewrite unrelated lines too (fabric 6.9.1, prettier 3.10).
  if (!(await prettier.check(change.before, { ...config, filepath }))) return unformatted();
  return prettier.format(change.after, { ...config, filepath });
}
