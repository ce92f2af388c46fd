import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ts } from '../typescript.js';
import { PACKAGE_ROOT } from '../version.js';

/**
 * Where programs find TypeScript's lib .d.ts files. The TypeScript that ts-morph bundles ships
 * them inside @ts-morph/common's module (3 MB of strings), not on disk, and loading that module
 * took 0.15 s (a whole 100k-line run got 0.09 s faster without it). `npm run build` writes them to dist/typescript-lib (writeLibFolder),
 * stamped with the TypeScript version, and a program reads from there the few it needs. Without
 * that folder, or with a stamp of another version, they are served from memory as ts-morph does.
 */
export interface LibFiles {
  /** The folder TypeScript is told its libs are in. */
  location: string;
  /** The texts by full path when served from memory; undefined when they are files on disk. */
  inMemory?: ReadonlyMap<string, string>;
}

const STAMP = '.typescript-version';

export const LIB_FOLDER = path.join(PACKAGE_ROOT, 'dist', 'typescript-lib');

let cached: LibFiles | undefined;

/** The libs for every program of this process: the build's folder, else memory. */
export function libFiles(): LibFiles {
  return (cached ??= libFilesIn(LIB_FOLDER));
}

/** The libs in `folder` if it was written for this TypeScript version, else from memory. */
export function libFilesIn(folder: string): LibFiles {
  try {
    if (readFileSync(path.join(folder, STAMP), 'utf8') === ts.version) return { location: folder };
  } catch {
    // No folder (a build without the step, a copied dist/): memory serves.
  }
  return inMemory();
}

function inMemory(): LibFiles {
  const common = loadTsMorphCommon();
  const location = common.libFolderInMemoryPath;
  return { location, inMemory: new Map(common.getLibFiles().map((file) => [`${location}/${file.fileName}`, file.text])) };
}

interface TsMorphLibs {
  libFolderInMemoryPath: string;
  getLibFiles(): Array<{ fileName: string; text: string }>;
}

function loadTsMorphCommon(): TsMorphLibs {
  return createRequire(import.meta.url)('@ts-morph/common') as TsMorphLibs;
}

/**
 * Write the lib files of the bundled TypeScript to `folder` (the build does, for LIB_FOLDER):
 * into a fresh folder beside it, stamped last, then moved into place, so a reader sees either the
 * old folder or the complete new one.
 */
export function writeLibFolder(folder = LIB_FOLDER): number {
  const files = loadTsMorphCommon().getLibFiles();
  const staging = `${folder}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of files) writeFileSync(path.join(staging, file.fileName), file.text);
  writeFileSync(path.join(staging, STAMP), ts.version);
  if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
  renameSync(staging, folder);
  return files.length;
}
