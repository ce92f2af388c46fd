import { describe, expect, it } from 'vitest';
import { mermaid } from '../../src/report/mermaid.js';
import { emptyResult, richResult } from './analysis-fixtures.js';
import { expected } from './expected-output.js';

describe('mermaid reporter', () => {
  it('draws every cycle once: owning fields solid, back-pointers dashed, labels escaped', () => {
    expect(mermaid(richResult(), { color: false })).toBe(expected('mermaid.mmd'));
  });

  it('prints nothing when there is no cycle', () => {
    expect(mermaid(emptyResult(), { color: false })).toBe(expected('mermaid-empty.mmd'));
  });

  it('tells two classes of the same name apart by their file', () => {
    const result = richResult();
    result.cycles[2] = { members: ['Editor.view', 'Editor.#editor'], fieldIds: ['src/a.ts#Editor.view', 'src/b.ts#Editor.#editor'] };
    const output = mermaid(result, { color: false });
    expect(output).toContain('  n3["Editor (src/a.ts)"]\n  n4["Editor (src/b.ts)"]\n');
    expect(output).toContain('  n3 -->|"view"| n4\n  n4 -->|"#35;editor"| n3\n');
  });
});
