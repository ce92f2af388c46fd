import { parse, type ParserOptions, type ParserPlugin } from '@babel/parser';
import type { Parser } from 'jscodeshift';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// jscodeshift's own options for its `ts` parser, so the AST is the one its builders and recast expect.
const BASE: ParserOptions = require('jscodeshift/parser/tsOptions.js');
const plugins = (BASE.plugins ?? []).map(
  (plugin): ParserPlugin => (plugin === 'importAttributes' ? ['importAttributes', { deprecatedAssertSyntax: true }] : plugin),
);
const TS_OPTIONS: ParserOptions = { ...BASE, plugins };
const TSX_OPTIONS: ParserOptions = { ...BASE, plugins: ['jsx', ...plugins] };

/**
 * The parser the transforms get for a file: jscodeshift's `ts` or `tsx` (`<T>x` is a cast in .ts
 * and JSX in .tsx and .jsx), with import attributes also read in their older `assert` form. TypeScript
 * still accepts `import data from './x.json' assert { type: 'json' }`, so the analysis finds
 * cycles in such files, and Babel's default refusal of it left every fix in them unapplied
 * (@hocuspocus/server). recast prints the import anew only if a transform changes it, so the file
 * keeps the `assert` it was written with.
 */
export function sourceParserFor(file: string): Parser {
  const options = /\.[cm]?[jt]sx$/.test(file) ? TSX_OPTIONS : TS_OPTIONS;
  return { parse: (code) => parse(code, options) as unknown as ReturnType<Parser['parse']> };
}
