import { describe, expect, it } from 'vitest';
import { code, escapeText, markdown, tableRow } from '../../src/report/markdown.js';
import { emptyResult, richResult } from './analysis-fixtures.js';
import { expected } from './expected-output.js';

describe('markdown reporter', () => {
  it('prints a summary table, a diagram per cycle, evidence, risks, unlink bugs and skipped fields', () => {
    expect(markdown(richResult(), { color: false })).toBe(expected('markdown.md'));
  });

  it('says plainly when nothing was found', () => {
    expect(markdown(emptyResult(), { color: false })).toBe(expected('markdown-empty.md'));
  });

  it('escapes prose outside code spans only', () => {
    expect(escapeText('Store<T> uses $a and $b, see `a_b<T>` and @Input *x*')).toBe(
      'Store\\<T\\> uses \\$a and \\$b, see `a_b<T>` and \\@Input \\*x\\*',
    );
    expect(escapeText('two\nlines')).toBe('two lines');
  });

  it('fences code spans around backticks and escapes pipes in table cells', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x')).toBe('`` `x ``');
    expect(tableRow([code('A | B'), 'c|d'])).toBe('| `A \\| B` | c\\|d |');
  });
});
