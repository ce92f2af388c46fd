import type { Candidate } from '../../src/detect/analysis-result.js';
import type { LineRange } from '../../src/git/changed-lines.js';
import type { SuggestResult } from '../../src/suggest/suggest.js';

export const CHILD_BEFORE = [
  "import type { Parent } from './parent.js';",
  '',
  'export class Child {',
  '  parent: Parent | undefined;',
  "  name = '';",
  '}',
  '',
].join('\n');

export const CHILD_AFTER = [
  "import type { Parent } from './parent.js';",
  '',
  'export class Child {',
  '  #parent: WeakRef<Parent> | undefined;',
  '  get parent(): Parent | undefined {',
  '    return this.#parent?.deref();',
  '  }',
  '  set parent(value: Parent | undefined) {',
  '    this.#parent = value === undefined ? undefined : new WeakRef(value);',
  '  }',
  "  name = '';",
  '}',
  '',
].join('\n');

export const childCandidate: Candidate = {
  id: 'src/child.ts#Child.parent',
  file: 'src/child.ts',
  line: 4,
  column: 3,
  class: 'Child',
  field: 'parent',
  target: ['Parent'],
  inverse: [{ file: 'src/parent.ts', line: 4, class: 'Parent', field: 'children', container: 'array' }],
  kind: 'one-to-many',
  confidence: 0.9,
  strategy: 'weakref',
  evidence: [{ kind: 'owner-constructs-with-this', file: 'src/parent.ts', line: 6, message: 'Parent.add constructs Child passing `this` (src/parent.ts:6).' }],
  risks: [],
  typeText: 'Parent | undefined',
  nullable: 'undefined',
  cycles: [0],
};

/** A suggest result for a project in `app/` of the repository, as suggest() would build it. */
export function suggestResult(changedRanges: Record<string, LineRange[]>, overrides: Partial<SuggestResult> = {}): SuggestResult {
  const changes = { files: [{ file: 'src/child.ts', before: CHILD_BEFORE, after: CHILD_AFTER }], skipped: [] };
  return {
    result: {
      schemaVersion: 1,
      tool: { name: 'weakify', version: '0.1.0' },
      project: { tsconfig: 'tsconfig.json', files: 2, classes: 2 },
      candidates: [childCandidate],
      unlinkBugs: [],
      skipped: [],
      cycles: [{ members: ['Parent.children', 'Child.parent'], fieldIds: ['src/parent.ts#Parent.children', 'src/child.ts#Child.parent'] }],
      warnings: [],
    },
    touched: new Map([[childCandidate.id, ['back-pointer']]]),
    plan: { schemaVersion: 1, tool: { name: 'weakify', version: '0.1.0' }, project: { tsconfig: 'app/tsconfig.json' }, entries: [] },
    changes,
    fixes: new Map([[childCandidate.id, changes.files]]),
    patch: 'diff --git a/app/src/child.ts b/app/src/child.ts\n--- a/app/src/child.ts\n+++ b/app/src/child.ts\n@@ -1 +1 @@\n-x\n+y\n',
    verify: { ok: true, before: 0, after: 0, newDiagnostics: [] },
    dropped: [],
    weakmapClasses: [],
    earlyTouched: [],
    changed: {
      repoRoot: '/repo',
      baseSha: 'b'.repeat(40),
      mergeBaseSha: 'm'.repeat(40),
      headSha: 'h'.repeat(40),
      files: new Map(Object.entries(changedRanges).map(([file, ranges]) => [file, { path: file, status: 'modified' as const, ranges }])),
    },
    changedInProject: new Map(),
    projectDir: 'app',
    base: { ref: 'origin/main', sha: 'b'.repeat(40) },
    head: { ref: 'HEAD', sha: 'h'.repeat(40) },
    mergeBaseSha: 'm'.repeat(40),
    analysed: true,
    introducesCandidates: true,
    ...overrides,
  };
}
