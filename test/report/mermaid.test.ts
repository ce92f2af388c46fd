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

describe('cycle picture', () => {
  it('marks as back-pointer only the field of the reported class, not a same-named class elsewhere', () => {
    const result = richResult();
    // A second TreeNode, in another file, with the same field names: its cycle is not reported.
    result.cycles.push({ members: ['TreeNode.children', 'TreeNode.parent'], fieldIds: ['src/other.ts#TreeNode.children', 'src/other.ts#TreeNode.parent'] });
    const output = mermaid(result, { color: false });
    expect(output).toContain('  n2["TreeNode (src/tree.ts)"]\n');
    expect(output).toContain('  n5["TreeNode (src/other.ts)"]\n');
    expect(output).toContain('  n2 -.->|"parent"| n2\n');
    expect(output).toContain('  n5 -->|"parent"| n5\n');
  });

  it('falls back to `Class.field` names for cycles without field ids', () => {
    const result = richResult();
    result.cycles = [{ members: ['Scene.nodes', 'SceneNode.scene'], fieldIds: [] }];
    expect(mermaid(result, { color: false })).toBe(
      'graph LR\n  %% Scene.nodes -> SceneNode.scene\n  n0["Scene"]\n  n1["SceneNode"]\n  n0 -->|"nodes"| n1\n  n1 -.->|"scene"| n0\n',
    );
  });
});
