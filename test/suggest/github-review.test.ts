import { describe, expect, it } from 'vitest';
import { buildGithubReview, findingMarker, REVIEW_MARKER } from '../../src/suggest/github-review.js';
import { candidateMessage } from '../../src/report/finding-text.js';
import { CHILD_AFTER, CHILD_BEFORE, childCandidate, suggestResult } from './suggest-result.js';

const message = `**weakify**: ${candidateMessage(childCandidate)}`;
const marker = findingMarker(childCandidate.id);
const replacement = CHILD_AFTER.split('\n').slice(3, 10).join('\n');

describe('buildGithubReview', () => {
  it('puts a suggestion on the back-pointer line when the change added it', () => {
    const review = buildGithubReview(suggestResult({ 'app/src/child.ts': [{ start: 1, end: 6 }] }));
    expect(review).toEqual({
      commit_id: 'h'.repeat(40),
      body: `${REVIEW_MARKER}\n**weakify** found 1 finding this change introduces or touches (1 commented inline).\n`,
      event: 'COMMENT',
      comments: [{ path: 'app/src/child.ts', line: 4, side: 'RIGHT', body: `${message}\n\n\`\`\`suggestion\n${replacement}\n\`\`\`\n\n${marker}` }],
    });
  });

  it('comments without a suggestion when the fix reaches lines the change did not touch', () => {
    // Only line 4 changed: the replaced range is line 4 alone, so the suggestion still fits.
    expect(buildGithubReview(suggestResult({ 'app/src/child.ts': [{ start: 4, end: 4 }] })).comments[0]!.body).toContain('```suggestion');
    // A fix over lines 4-5 with only line 4 changed: no suggestion.
    const wider = suggestResult({ 'app/src/child.ts': [{ start: 4, end: 4 }] });
    const after = CHILD_AFTER.replace("  name = '';", "  name = 'x';");
    wider.fixes = new Map([[childCandidate.id, [{ file: 'src/child.ts', before: CHILD_BEFORE, after }]]]);
    expect(buildGithubReview(wider).comments).toEqual([{ path: 'app/src/child.ts', line: 4, side: 'RIGHT', body: `${message}\n\n${marker}` }]);
  });

  it('comments on the owning side when the change added only that side', () => {
    const review = buildGithubReview(suggestResult({ 'app/src/parent.ts': [{ start: 4, end: 4 }] }));
    expect(review.comments).toEqual([
      {
        path: 'app/src/parent.ts',
        line: 4,
        side: 'RIGHT',
        body: `**weakify**: this closes a cycle with the back-pointer Child.parent (\`app/src/child.ts:4\`). ${candidateMessage(childCandidate)}\n\n${marker}`,
      },
    ]);
  });

  it('lists findings outside the diff in the body, and uses the given sha for a working-tree head', () => {
    const s = suggestResult({ 'app/src/other.ts': [{ start: 1, end: 9 }] }, { head: { ref: undefined, sha: undefined } });
    const review = buildGithubReview(s, { commitId: 'c'.repeat(40) });
    expect(review.comments).toEqual([]);
    expect(review.commit_id).toBe('c'.repeat(40));
    expect(review.body).toBe(
      `${REVIEW_MARKER}\n**weakify** found 1 finding this change introduces or touches (0 commented inline).\n\n` +
        `Outside the lines this pull request changes (GitHub cannot comment there):\n- \`app/src/child.ts:4\`: ${candidateMessage(childCandidate)}\n`,
    );
  });

  it('no suggestion when the fix also edits another file', () => {
    const s = suggestResult({ 'app/src/child.ts': [{ start: 1, end: 6 }] });
    s.fixes = new Map([[childCandidate.id, [...s.changes.files, { file: 'src/parent.ts', before: 'a\n', after: 'b\n' }]]]);
    expect(buildGithubReview(s).comments[0]!.body).toBe(`${message}\n\n${marker}`);
  });
});
