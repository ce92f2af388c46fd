import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// The same module runs from src/ (tests) and dist/src/ (the CLI): walk up to our package.json.
function readOwnPackageJson(): { name: string; version: string; root: string } {
  for (const relative of ['../package.json', '../../package.json']) {
    const url = new URL(relative, import.meta.url);
    if (!existsSync(url)) continue;
    const json = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    if (json.name === 'weakify' && json.version) return { name: json.name, version: json.version, root: path.dirname(fileURLToPath(url)) };
  }
  throw new Error('weakify: cannot find its own package.json');
}

const own = readOwnPackageJson();

export const TOOL = { name: 'weakify', version: own.version } as const;

/** The folder of weakify's package.json (the repository, or the installed package). */
export const PACKAGE_ROOT = own.root;
