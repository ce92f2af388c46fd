import type { AnalysisResult } from '../../src/detect/analysis-result.js';

/**
 * A hand-built result with every shape a reporter must handle: an owner/child cycle, a self-tree,
 * an ES private back-pointer to a class whose name has a `$`, a candidate below 0.8 (a SARIF
 * note), an unlink bug, skipped fields and a warning.
 */
export function richResult(): AnalysisResult {
  return {
    schemaVersion: 1,
    tool: { name: 'weakify', version: '0.1.0' },
    project: { tsconfig: 'tsconfig.json', files: 7, classes: 6 },
    candidates: [
      {
        id: 'bp-scene-node-scene',
        file: 'src/scene-node.ts',
        line: 4,
        column: 3,
        class: 'SceneNode',
        field: 'scene',
        target: ['Scene'],
        inverse: [{ file: 'src/scene.ts', line: 5, class: 'Scene', field: 'nodes', container: 'array' }],
        kind: 'one-to-many',
        confidence: 0.9,
        strategy: 'weakref',
        evidence: [
          { kind: 'owner-assigns-back-pointer', file: 'src/scene.ts', line: 9, message: 'Scene.add assigns `node.scene = this` (src/scene.ts:9).' },
          { kind: 'collection-side', file: 'src/scene.ts', line: 5, message: 'Scene.nodes holds many SceneNode; SceneNode.scene holds one Scene (src/scene.ts:5).' },
        ],
        risks: [{ kind: 'read-in-loop', message: 'SceneNode.scene is read in a loop in SceneNode.render (src/scene-node.ts:12).', file: 'src/scene-node.ts', line: 12 }],
        typeText: 'Scene | undefined',
        nullable: 'undefined',
        cycles: [0],
      },
      {
        id: 'bp-tree-node-parent',
        file: 'src/tree.ts',
        line: 3,
        column: 3,
        class: 'TreeNode',
        field: 'parent',
        target: ['TreeNode'],
        inverse: [{ file: 'src/tree.ts', line: 4, class: 'TreeNode', field: 'children', container: 'array' }],
        kind: 'self-tree',
        confidence: 0.85,
        strategy: 'weakref',
        evidence: [{ kind: 'owner-constructs-with-this', file: 'src/tree.ts', line: 8, message: 'TreeNode.add constructs TreeNode passing `this` (src/tree.ts:8).' }],
        risks: [],
        typeText: 'TreeNode<T> | null',
        nullable: 'null',
        cycles: [1],
      },
      {
        id: 'bp-view-editor',
        file: 'src/view.ts',
        line: 2,
        column: 3,
        class: 'View',
        field: '#editor',
        target: ['$Editor'],
        inverse: [{ file: 'src/editor.ts', line: 3, class: '$Editor', field: 'view', container: 'single' }],
        kind: 'one-to-one',
        confidence: 0.75,
        strategy: 'dispose',
        evidence: [{ kind: 'owner-constructs-with-this', file: 'src/editor.ts', line: 6, message: '$Editor constructor constructs View passing `this` (src/editor.ts:6).' }],
        risks: [{ kind: 'low-confidence-direction', message: 'Either side could own the other: check the direction before applying.' }],
        typeText: '$Editor',
        nullable: 'none',
        cycles: [2],
      },
    ],
    unlinkBugs: [
      {
        id: 'unlink-scene-remove',
        file: 'src/scene.ts',
        line: 12,
        column: 3,
        class: 'Scene',
        method: 'remove',
        collection: 'nodes',
        backPointer: { file: 'src/scene-node.ts', class: 'SceneNode', field: 'scene', nullable: 'undefined' },
        message: 'Scene.remove takes the node out of Scene.nodes but leaves SceneNode.scene pointing at the scene (src/scene.ts:12).',
      },
    ],
    skipped: [
      { file: 'src/entity.ts', line: 8, class: 'Entity', field: 'owner', reason: 'decorated', message: 'Decorated with @ManyToOne: rewriting it would change ORM semantics.' },
      { file: 'src/tree.ts', line: 5, class: 'TreeNode', field: 'root', reason: 'ignored', message: 'Marked `// weakify-ignore`.' },
    ],
    cycles: [
      { members: ['Scene.nodes', 'SceneNode.scene'], fieldIds: ['src/scene.ts#Scene.nodes', 'src/scene-node.ts#SceneNode.scene'] },
      { members: ['TreeNode.children', 'TreeNode.parent'], fieldIds: ['src/tree.ts#TreeNode.children', 'src/tree.ts#TreeNode.parent'] },
      { members: ['$Editor.view', 'View.#editor'], fieldIds: ['src/editor.ts#$Editor.view', 'src/view.ts#View.#editor'] },
    ],
    warnings: [{ kind: 'syntax-error', file: 'src/broken.ts', line: 3, message: "')' expected; the file was analysed as far as possible." }],
  };
}

/** A clean project: nothing found. */
export function emptyResult(): AnalysisResult {
  return {
    schemaVersion: 1,
    tool: { name: 'weakify', version: '0.1.0' },
    project: { tsconfig: 'tsconfig.json', files: 4, classes: 1 },
    candidates: [],
    unlinkBugs: [],
    skipped: [],
    cycles: [],
    warnings: [],
  };
}

/**
 * richResult with a fourth cycle, Scene.selection <-> SceneNode.scene, whose only back-pointer is
 * reported under cycle 1: it gets no heading of its own.
 */
export function withUnheadedCycle(): AnalysisResult {
  const result = richResult();
  result.cycles.push({ members: ['Scene.selection', 'SceneNode.scene'], fieldIds: ['src/scene.ts#Scene.selection', 'src/scene-node.ts#SceneNode.scene'] });
  result.candidates[0]!.cycles = [0, 3];
  return result;
}
