import { WeakifyError } from '../weakify-error.js';

// Options whose tsconfig value is a list: `--compiler-option types=node,jest` means ["node", "jest"].
const LIST_OPTIONS = new Set(['lib', 'types', 'typeRoots', 'rootDirs', 'moduleSuffixes', 'customConditions']);

/**
 * `--compiler-option name=value` pairs to tsconfig-JSON compiler options. Values are read as JSON
 * when they look like JSON (`true`, `3`, `["a"]`, `{"@/*": ["src/*"]}`), as lists for list options,
 * and as strings otherwise. TypeScript validates the result.
 */
export function parseCompilerOptionPairs(pairs: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) {
      throw new WeakifyError('USAGE', `--compiler-option expects name=value, got "${pair}"`, {
        hint: 'For example: --compiler-option types=node --compiler-option strict=false',
      });
    }
    const name = pair.slice(0, equals).trim();
    const raw = pair.slice(equals + 1).trim();
    options[name] = parseValue(name, raw);
  }
  return options;
}

function parseValue(name: string, raw: string): unknown {
  if (/^(true|false|null|-?\d+(\.\d+)?)$/.test(raw) || /^[[{"]/.test(raw)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new WeakifyError('USAGE', `--compiler-option ${name}: "${raw}" is not valid JSON`, {
        hint: 'Quote JSON values for the shell, e.g. --compiler-option \'paths={"@/*":["src/*"]}\'',
      });
    }
  }
  if (LIST_OPTIONS.has(name)) return raw === '' ? [] : raw.split(',').map((item) => item.trim());
  return raw;
}
