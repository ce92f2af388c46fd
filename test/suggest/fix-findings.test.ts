import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalysisResult, Candidate } from '../../src/detect/analysis-result.js';
import { changedLines, rebaseChangedRanges } from '../../src/git/changed-lines.js';
import { loadProject } from '../../src/project/load-project.js';
import { fixFindings } from '../../src/suggest/fix-findings.js';
import { buildGithubReview } from '../../src/suggest/github-review.js';
import { createRepo, type TestRepo } from '../git/git-repo.js';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', types: [] }, include: ['src'] });
const PARENT = [
  "import { Child } from './child.js';",
  '',
  'export class Parent {',
  '  children: Child[] = [];',
  '  add(): Child {',
  '    const child = new Child(this);',
  '    this.children.push(child);',
  '    return child;',
  '  }',
  '}',
  '',
].join('\n');
const CHILD_BASE = ["import type { Parent } from './parent.js';", '', 'export class Child {', '  constructor(owner: Parent) {}', '}', ''].join('\n');
const CHILD_HEAD = [
  "import type { Parent } from './parent.js';",
  '',
  'export class Child {',
  '  parent: Parent | undefined;',
  '  constructor(owner: Parent) {',
  '    this.parent = owner;',
  '  }',
  '}',
  '',
].join('\n');

// The analysis of CHILD_HEAD, written by hand while detection is being built.
const candidate: Candidate = {
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
  evidence: [],
  risks: [],
  typeText: 'Parent | undefined',
  nullable: 'undefined',
  cycles: [0],
};
const result: AnalysisResult = {
  schemaVersion: 1,
  tool: { name: 'weakify', version: '0' },
  project: { tsconfig: 'tsconfig.json', files: 2, classes: 2 },
  candidates: [candidate],
  unlinkBugs: [],
  skipped: [],
  cycles: [{ members: ['Parent.children', 'Child.parent'], fieldIds: ['src/parent.ts#Parent.children', 'src/child.ts#Child.parent'] }],
  warnings: [],
};

let repo: TestRepo | undefined;
afterEach(() => repo?.remove());

async function setUp(head: Record<string, string>) {
  repo = createRepo({ 'app/tsconfig.json': TSCONFIG, 'app/src/parent.ts': PARENT, 'app/src/child.ts': CHILD_BASE, 'README.md': 'x\n' });
  repo.write(head);
  const changed = await changedLines({ cwd: repo.root, base: 'HEAD' });
  const loaded = loadProject({ cwd: repo.root, tsconfig: 'app' });
  const changedInProject = rebaseChangedRanges(changed, loaded.rootDir);
  return { changed, loaded, changedInProject };
}

describe('fixFindings over a real repository and the real transforms', () => {
  it('a change adding a back-pointer: selected, patch applies with git apply on head, suggestion inside the change', async () => {
    const { changed, loaded, changedInProject } = await setUp({ 'app/src/child.ts': CHILD_HEAD });
    expect(changedInProject).toEqual(new Map([['src/child.ts', [{ start: 4, end: 7 }]]]));
    const findings = await fixFindings({ loaded, graph: { disposeConventions: {}, classes: [] }, result }, changedInProject, { projectDir: 'app' });
    expect(findings.result.candidates.map((c) => c.id)).toEqual([candidate.id]);
    expect(findings.introducesCandidates).toBe(true);
    expect(findings.plan.project.tsconfig).toBe('app/tsconfig.json');
    expect(findings.patch.startsWith('diff --git a/app/src/child.ts b/app/src/child.ts\n')).toBe(true);
    expect(findings.verify?.ok).toBe(true);

    const patchFile = path.join(repo!.root, '..', `${path.basename(repo!.root)}.patch`);
    writeFileSync(patchFile, findings.patch);
    execFileSync('git', ['apply', '--check', patchFile], { cwd: repo!.root });

    const review = buildGithubReview({
      ...findings,
      changed,
      changedInProject,
      projectDir: 'app',
      base: { ref: 'HEAD', sha: changed.baseSha },
      head: { ref: undefined, sha: undefined },
      mergeBaseSha: changed.mergeBaseSha,
      analysed: true,
    });
    expect(review.comments).toHaveLength(1);
    const comment = review.comments[0]!;
    expect(comment.path).toBe('app/src/child.ts');
    expect(comment.body).toContain('```suggestion\n');
    // The fix rewrites the field declaration alone: a one-line suggestion on line 4, which the change added.
    expect(comment.line).toBe(4);
    expect(comment.start_line).toBeUndefined();
    const after = findings.fixes.get(candidate.id)![0]!.after;
    const replacement = /```suggestion\n([\s\S]*?)\n```/.exec(comment.body)![1]!;
    // Accepting the suggestion gives exactly the fixed file.
    const lines = CHILD_HEAD.split('\n');
    expect([...lines.slice(0, 3), replacement, ...lines.slice(4)].join('\n')).toBe(after);
  });

  it('a change to unrelated code: nothing selected, no patch', async () => {
    const { loaded, changedInProject } = await setUp({ 'app/src/parent.ts': PARENT.replace('return child;', 'return child; // same') });
    const findings = await fixFindings({ loaded, graph: { disposeConventions: {}, classes: [] }, result }, changedInProject, { projectDir: 'app' });
    expect(findings.result.candidates).toEqual([]);
    expect(findings.introducesCandidates).toBe(false);
    expect(findings.patch).toBe('');
    expect(findings.verify).toBeUndefined();
  });
});

describe('fixFindings: where each fix keeps its state', () => {
  // Child's base constructor calls reset(), which Child overrides to write `parent`: `#` storage
  // would not exist yet (WeakMaps from the start, touchedBeforeStorage). Leaf is used as an object
  // literal, which has no `#` members (WeakMaps once verification says so). Regression: the second
  // list replaced the first for the per-entry fixes, so Child's suggestion used `#parent`.
  const BASE = ['export class Base {', '  constructor() {', '    this.reset();', '  }', '', '  reset(): void {}', '}', ''].join('\n');
  const CHILD = [
    "import { Base } from './base.js';",
    "import type { Parent } from './parent.js';",
    '',
    'export class Child extends Base {',
    '  parent: Parent | undefined;',
    '',
    '  reset(): void {',
    '    this.parent = undefined;',
    '  }',
    '}',
    '',
  ].join('\n');
  const LEAF = ["import type { Parent } from './parent.js';", '', 'export class Leaf {', '  owner: Parent | undefined;', '}', '', 'export const spare: Leaf = { owner: undefined };', ''].join('\n');
  const pointer = (file: string, className: string, field: string, line: number): Candidate => ({
    ...candidate,
    id: `${file}#${className}.${field}`,
    file,
    line,
    class: className,
    field,
  });
  const both: AnalysisResult = { ...result, candidates: [pointer('src/child.ts', 'Child', 'parent', 5), pointer('src/leaf.ts', 'Leaf', 'owner', 4)] };

  it("a class its base constructor reaches keeps WeakMaps in its own fix too, beside a class moved to WeakMaps by verification", async () => {
    const { loaded, changedInProject } = await setUp({ 'app/src/base.ts': BASE, 'app/src/child.ts': CHILD, 'app/src/leaf.ts': LEAF });
    const findings = await fixFindings({ loaded, graph: { disposeConventions: {}, classes: [] }, result: both }, changedInProject, { projectDir: 'app' });
    expect(findings.verify?.ok).toBe(true);
    expect(findings.weakmapClasses).toEqual([{ file: 'src/leaf.ts', class: 'Leaf' }]);
    // Regression: the suggestion named the classes verification moved, not those a base constructor reaches.
    expect(findings.earlyTouched).toEqual([
      { file: 'src/child.ts', class: 'Child', reason: "Base's constructor calls `this.reset` (src/base.ts:3), which Child overrides, before Child's `#` fields exist" },
    ]);
    const childFix = findings.fixes.get('src/child.ts#Child.parent')![0]!.after;
    expect(childFix).toContain('new WeakMap');
    expect(childFix).not.toContain('#parent');
    expect(findings.fixes.get('src/leaf.ts#Leaf.owner')![0]!.after).toContain('new WeakMap');
  });
});
