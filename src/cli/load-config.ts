import path from 'node:path';
import { lilconfig } from 'lilconfig';
import { WeakifyError } from '../weakify-error.js';
import { BOOLEAN_OPTIONS, NUMBER_OPTIONS, STRING_LIST_OPTIONS, STRING_OPTIONS } from './option-kinds.js';

/**
 * Options from weakify.config.json or the `weakify` key of package.json, found the usual way
 * (from the working folder upwards, stopping at the first). Keys are the long option names
 * (camelCase or kebab-case); the command line wins over the file. Paths in the file are relative
 * to the file's folder (as in other tools' config files), so it works from any subfolder.
 */
export interface LoadedConfig {
  filepath: string;
  options: Record<string, unknown>;
}

const SEARCH_PLACES = ['weakify.config.json', '.weakifyrc.json', 'package.json'];

export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig | undefined> {
  const explorer = lilconfig('weakify', { searchPlaces: SEARCH_PLACES, loaders: { '.json': parseJson, noExt: parseJson } });
  try {
    const found = explicitPath ? await explorer.load(path.resolve(cwd, explicitPath)) : await explorer.search(cwd);
    if (!found || found.isEmpty) return undefined;
    if (typeof found.config !== 'object' || found.config === null || Array.isArray(found.config)) {
      throw new WeakifyError('CONFIG_INVALID', `${path.relative(cwd, found.filepath) || found.filepath}: expected an object of options`, {
        hint: 'Write options as { "project": "tsconfig.json", "minConfidence": 0.6 }.',
      });
    }
    const options = toCamelCase(found.config as Record<string, unknown>);
    checkTypes(options, path.relative(cwd, found.filepath) || found.filepath);
    return { filepath: found.filepath, options: resolvePaths(options, path.dirname(found.filepath)) };
  } catch (error) {
    if (error instanceof WeakifyError) throw error;
    const where = explicitPath ?? 'weakify configuration';
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WeakifyError('CONFIG_INVALID', `config file not found: ${where}`, { hint: 'Check the --config path.' });
    }
    throw new WeakifyError('CONFIG_INVALID', `cannot read ${where}: ${(error as Error).message.split('\n')[0]}`, {
      hint: 'Fix the JSON of the configuration file.',
    });
  }
}

function parseJson(filepath: string, content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    throw new Error(`${filepath}: ${withLineAndColumn((error as Error).message, content)}`);
  }
}

/** `... in JSON at position 30` as the tsconfig's and the plan's errors say it: `(line 2, column 3)`. */
function withLineAndColumn(message: string, content: string): string {
  const match = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
  if (!match) return message;
  const before = content.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.slice(0, match.index)} (line ${line}, column ${column})`;
}

// Options that name a file; include/exclude globs are relative to the tsconfig, not rebased here.
const PATH_OPTIONS = ['project', 'output', 'plan'];

function resolvePaths(options: Record<string, unknown>, folder: string): Record<string, unknown> {
  const result = { ...options };
  for (const key of PATH_OPTIONS) {
    const value = result[key];
    if (typeof value === 'string' && value !== '') result[key] = path.resolve(folder, value);
  }
  return result;
}

// The file's values against what each option holds (see option-kinds.ts): a number where a path
// belongs reached path.resolve and stopped the run with a stack trace. An unknown key yargs reports,
// and main.ts names as the file's.
function checkTypes(options: Record<string, unknown>, shown: string): void {
  const fail = (key: string, expected: string, value: unknown) => {
    throw new WeakifyError('CONFIG_INVALID', `${shown}: "${key}" must be ${expected}, got ${JSON.stringify(value)}`, { hint: `Fix "${key}" in ${shown}.` });
  };
  for (const [key, value] of Object.entries(options)) {
    if (STRING_OPTIONS.includes(key) && typeof value !== 'string') fail(key, 'a string', value);
    if (STRING_LIST_OPTIONS.includes(key) && typeof value !== 'string' && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) {
      fail(key, 'a string or a list of strings', value);
    }
    if (NUMBER_OPTIONS.includes(key) && typeof value !== 'number') fail(key, 'a number', value);
    if (BOOLEAN_OPTIONS.includes(key) && typeof value !== 'boolean') fail(key, 'true or false', value);
    if (key === 'compilerOptions' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      fail(key, 'an object of tsconfig compiler options (`{ "types": ["node"] }`)', value);
    }
  }
}

function toCamelCase(options: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    result[key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  return result;
}
