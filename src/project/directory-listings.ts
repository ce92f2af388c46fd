import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

/**
 * `fileExists` / `directoryExists` answered from one listing per folder instead of one `stat`
 * per question. Module resolution asks for every extension a specifier could have
 * (`./a.ts`, `./a.tsx`, `./a.d.ts`, `./a/index.ts`, ...): a 100k-line project made 12,400
 * stat calls over 900 folders, each a system call, where 900 listings answer them all.
 *
 * Only certain answers come from a listing: a plain file or folder, or a name no entry matches
 * even ignoring case. Everything else goes to the given functions: symbolic links and other
 * entries, unreadable folders, `.`/`..` and trailing separators, a name that matches an entry
 * only ignoring case (a case-insensitive mount on a case-sensitive system, where the listing's
 * spelling need not be the question's), and case-insensitive file systems altogether. The
 * program is built once, so the listings are not invalidated.
 *
 * The same listings answer the tsconfig's `include` globs (`entries`, what TypeScript's
 * `readDirectory` walks): reading the config lists every source folder, and module resolution
 * then asks about the same folders again (100k lines: 900 listings, 45 ms, made once instead of twice).
 */
export interface DirectoryListings {
  fileExists(fileName: string): boolean;
  directoryExists(directoryName: string): boolean;
  /** A folder's files and subfolders, links followed, each sorted: what `ts.sys` gives `matchFiles`. */
  entries(directoryName: string): DirectoryEntries;
}

export interface DirectoryEntries {
  files: string[];
  directories: string[];
}

type Questions = Pick<DirectoryListings, 'fileExists' | 'directoryExists'>;

type Kind = 'file' | 'directory' | 'ask';

interface Listing {
  entries: Map<string, Kind>;
  /** Lower-cased names, built when first needed. */
  folded?: Set<string>;
}

export function directoryListings(fallback: Questions, caseSensitive: boolean): DirectoryListings {
  if (!caseSensitive) return { ...fallback, entries: (directory) => sortedEntries(directory, readDirents(directory || '.')) };
  // null: the folder does not exist (or is not a folder); 'ask': it could not be read.
  const listings = new Map<string, Listing | null | 'ask'>();

  const listing = (directory: string): Listing | null | 'ask' => {
    let found = listings.get(directory);
    if (found !== undefined) return found;
    const dirents = readDirents(directory);
    found = Array.isArray(dirents) ? { entries: new Map(dirents.map((entry) => [entry.name, kindOf(entry)])) } : dirents;
    listings.set(directory, found);
    return found;
  };
  const lookup = (name: string): Kind | 'missing' => {
    const base = path.basename(name);
    if (base === '' || base === '.' || base === '..' || /[\\/]$/.test(name)) return 'ask';
    const found = listing(path.dirname(name));
    if (found === 'ask') return 'ask';
    if (found === null) return 'missing';
    const kind = found.entries.get(base);
    if (kind !== undefined) return kind;
    found.folded ??= new Set([...found.entries.keys()].map((entry) => entry.toLowerCase()));
    return found.folded.has(base.toLowerCase()) ? 'ask' : 'missing';
  };

  return {
    fileExists(fileName) {
      const kind = lookup(fileName);
      return kind === 'ask' ? fallback.fileExists(fileName) : kind === 'file';
    },
    directoryExists(directoryName) {
      // TypeScript asks for folders with and without a trailing separator.
      const trimmed = directoryName.length > 1 && /[\\/]$/.test(directoryName) ? directoryName.slice(0, -1) : directoryName;
      const kind = lookup(trimmed);
      return kind === 'ask' ? fallback.directoryExists(directoryName) : kind === 'directory';
    },
    entries(directoryName) {
      const found = listing(directoryName || '.');
      if (found === null || found === 'ask') return { files: [], directories: [] };
      return sortedEntries(directoryName, [...found.entries].map(([name, kind]) => ({ name, kind })));
    },
  };
}

/** A folder's entries, null when it does not exist (or is not a folder), 'ask' when it cannot be read. */
function readDirents(directory: string): Dirent[] | null | 'ask' {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? null : 'ask';
  }
}

/**
 * Entries split as TypeScript's `getAccessibleFileSystemEntries` splits them: a link (or anything
 * else the listing cannot classify) by what it points to, left out when that cannot be read;
 * an unreadable or missing folder has none.
 */
function sortedEntries(directory: string, listed: Array<Dirent | { name: string; kind: Kind }> | null | 'ask'): DirectoryEntries {
  const files: string[] = [];
  const directories: string[] = [];
  if (!Array.isArray(listed)) return { files, directories };
  for (const entry of listed) {
    const listedKind = 'kind' in entry ? entry.kind : kindOf(entry);
    const kind = listedKind === 'ask' ? statKind(path.join(directory || '.', entry.name)) : listedKind;
    if (kind === 'file') files.push(entry.name);
    else if (kind === 'directory') directories.push(entry.name);
  }
  return { files: files.sort(), directories: directories.sort() };
}

function statKind(name: string): Kind | 'neither' {
  try {
    const stat = statSync(name);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'neither';
  } catch {
    return 'neither';
  }
}

function kindOf(entry: Dirent): Kind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  return 'ask';
}
