import { describe, expect, it } from 'vitest';
import { applyCommand, prComment, PR_COMMENT_MARKER } from '../../src/suggest/pr-comment.js';
import { suggestResult } from './suggest-result.js';

describe('prComment', () => {
  it('renders the summary, the cycle, the evidence, the folded patch and the command', () => {
    const s = suggestResult({ 'app/src/child.ts': [{ start: 4, end: 4 }] });
    expect(prComment(s)).toBe(
      [
        PR_COMMENT_MARKER,
        '### weakify: 1 strong back-pointer in this change',
        '',
        'Each of these fields points back at an object that also holds it strongly, so neither can be garbage-collected while the other is reachable.',
        '',
        '| Back-pointer | Held by | Kind | Confidence | Proposed fix | Changed here |',
        '| --- | --- | --- | --- | --- | --- |',
        '| `Child.parent` at `app/src/child.ts:4` | `Parent.children` (array) | one-to-many | 0.90 | hold `parent` in a WeakRef behind a getter/setter | back-pointer |',
        '',
        '#### Cycle: Parent.children → Child.parent',
        '',
        '```mermaid',
        'graph LR',
        '  %% Parent.children -> Child.parent',
        '  n0["Parent"]',
        '  n1["Child"]',
        '  n0 -->|"children"| n1',
        '  n1 -.->|"parent"| n0',
        '```',
        '',
        'Evidence for `Child.parent`:',
        '',
        // Paths inside messages are made repository-relative like the rest of the comment.
        '- Parent.add constructs Child passing `this` (app/src/parent.ts:6).',
        '',
        '<details><summary>Proposed patch (1 file, type-checks clean)</summary>',
        '',
        '```diff',
        s.patch.trimEnd(),
        '```',
        '',
        '</details>',
        '',
        'Apply it on your checkout of this branch:',
        '',
        '```sh',
        'npx weakify suggest --base origin/main -p app/tsconfig.json --format patch | git apply',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is found, so an updated comment drops stale findings', () => {
    const s = suggestResult({}, { result: { ...suggestResult({}).result, candidates: [], cycles: [] } });
    expect(prComment(s)).toBe(
      `${PR_COMMENT_MARKER}\n### weakify: no new strong back-pointers\n\nThis change introduces or touches no back-pointer cycles (2 files analysed at \`hhhhhhhhhhhh\`).\n`,
    );
  });

  it('leaves out a patch too large for a GitHub comment, keeping the command', () => {
    const text = prComment(suggestResult({}), { maxPatchChars: 10 });
    expect(text).not.toContain('```diff');
    expect(text).toContain('The patch is too large to show here (6 lines); the command below produces it.');
  });

  it('names the entries left out of the patch because their fix does not type-check, with the first error', () => {
    const s = suggestResult(
      {},
      {
        dropped: [
          {
            entryId: 'e1',
            file: 'src/leaf.ts',
            field: 'Leaf.branch',
            action: 'weakref',
            diagnostics: [{ file: 'src/double.ts', line: 5, column: 14, code: 2741, message: "Property '#branch' is missing.", sourceLine: '' }],
          },
        ],
      },
    );
    const listed =
      'These findings were left out of the patch because their fix does not type-check; fix them by hand or mark them `// weakify-ignore`:\n\n' +
      "- `Leaf.branch` (weakref): `app/src/double.ts:5`: TS2741: Property '#branch' is missing.\n\n";
    expect(prComment(s)).toContain(`</details>\n\n${listed}Apply it on your checkout`);
    // Regression: when nothing else had a fix, the comment said only that there was none.
    // The table's fix column says so too, for the finding whose entry was left out.
    const left = suggestResult({}, { dropped: [{ ...s.dropped[0]!, entryId: s.result.candidates[0]!.id }] });
    expect(prComment(left)).toContain('| hold `parent` in a WeakRef behind a getter/setter (left out of the patch: it does not type-check) |');
    const nothingLeft = { ...s, patch: '', changes: { files: [], skipped: [] } };
    expect(prComment(nothingLeft).endsWith(`${listed}weakify has no automatic fix for these findings.\n`)).toBe(true);
  });

  it('says which classes the patch keeps in WeakMaps, and why, below the patch', () => {
    const s = suggestResult(
      {},
      {
        weakmapClasses: [{ file: 'src/leaf.ts', class: 'Leaf' }],
        earlyTouched: [{ file: 'src/child.ts', class: 'Child', reason: 'Base\'s constructor calls reset(), which Child overrides' }],
      },
    );
    const notes =
      'Leaf (`app/src/leaf.ts`) keeps its weak fields in module-level WeakMaps, not `#` fields: the project uses an object literal, a Readonly<T> or a class of the same shape in place of an instance, which lacks its `#` members (--storage private refuses instead).\n\n' +
      "Child (`app/src/child.ts`) keeps its weak fields in module-level WeakMaps, not `#` fields: Base's constructor calls reset(), which Child overrides.\n\n";
    expect(prComment(s)).toContain(`</details>\n\n${notes}Apply it on your checkout`);
    // Regression: only the classes verification moved were named; a base constructor's reason was left to the patch.
    expect(prComment(suggestResult({}, { earlyTouched: s.earlyTouched }))).toContain(`</details>\n\n${notes.split('\n\n')[1]}\n\nApply it`);
  });

  it('quotes shell arguments that need it', () => {
    const s = suggestResult({}, { base: { ref: "origin/it's", sha: 'b' } });
    expect(applyCommand(s)).toBe(`npx weakify suggest --base 'origin/it'\\''s' -p app/tsconfig.json --format patch | git apply`);
  });
});
