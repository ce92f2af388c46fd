import { existsSync, readFileSync } from 'node:fs';

// The same module runs from src/ (tests) and dist/src/ (the CLI): walk up to our package.json.
function readOwnPackageJson(): { name: string; version: string } {
  for (const relative of ['../package.json', '../../package.json']) {
    const url = new URL(relative, import.meta.url);
    if (!existsSync(url)) continue;
    const json = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    if (json.name === 'weakify' && json.version) return { name: json.name, version: json.version };
  }
  throw new Error('weakify: cannot find its own package.json');
}

export const TOOL = { name: 'weakify', version: readOwnPackageJson().version } as const;
