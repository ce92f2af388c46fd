import { describe, expect, it } from 'vitest';
import { code, escapeText, markdown, tableRow } from '../../src/report/markdown.js';
import { emptyResult, richResult, withUnheadedCycle } from './analysis-fixtures.js';
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

describe('other cycles a back-pointer breaks', () => {
  it('spells out a cycle without a heading of its own, as the text report does', () => {
    const output = markdown(withUnheadedCycle(), {});
    expect(output).not.toContain('## Cycle 4');
    expect(output).toContain('Also breaks cycle 4 (`Scene.selection` → `SceneNode.scene`).\n');
  });

  it('writes runs of numbers as ranges (planck listed 160 one by one)', () => {
    const result = withUnheadedCycle();
    for (let i = 0; i < 6; i++) result.cycles.push({ members: [`Scene.extra${i}`, 'SceneNode.scene'], fieldIds: [] });
    result.candidates[0]!.cycles = [0, 1, 3, 4, 5, 6, 7, 8];
    expect(markdown(result, {})).toContain('Also breaks cycles 2, 4-9.\n');
  });
});
