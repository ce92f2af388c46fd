import path from 'node:path';
import type { Candidate } from '../detect/analysis-result.js';
import { inRanges, type LineRange } from '../git/changed-lines.js';
import { candidateMessage, memberName, plural, unlinkBugTitle } from '../report/finding-text.js';
import { displayMessage } from '../report/reporter.js';
import { anchorHunk, lineHunks, splitLines, type LineHunk } from './line-hunks.js';
import type { SuggestResult } from './suggest.js';

/** Hidden first line of the review body: how `--post` recognises its own earlier review. */
export const REVIEW_MARKER = '<!-- weakify:review -->';

/** Hidden last line of each inline comment, naming its finding, so `--post` can update it later. */
export function findingMarker(id: string): string {
  return `<!-- weakify:finding ${id} -->`;
}

/** The finding id of a comment body written by weakify, if it is one. */
export function findingIdOf(body: string): string | undefined {
  return /<!-- weakify:finding (\S+) -->/.exec(body)?.[1];
}

/** One inline comment of GitHub's "create a review for a pull request" request body. */
export interface ReviewComment {
  /** Relative to the repository root. */
  path: string;
  /** The last line the comment covers, in the head version of the file. */
  line: number;
  side: 'RIGHT';
  /** First line of a multi-line comment (a suggestion that replaces several lines). */
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

/** The body of POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews. */
export interface GithubReview {
  /** The head commit reviewed; omitted when head is the working tree and no sha was given. */
  commit_id?: string;
  body: string;
  event: 'COMMENT';
  comments: ReviewComment[];
}

export interface GithubReviewOptions {
  /** The pull request's head sha, when `s.head` is the working tree (CI checkouts). */
  commitId?: string;
}

/** `--format github-review`: the review as JSON, ready for `gh api --input`. */
export function githubReview(s: SuggestResult, options: GithubReviewOptions = {}): string {
  return `${JSON.stringify(buildGithubReview(s, options), null, 2)}\n`;
}

/**
 * One comment per finding on its line. GitHub rejects comments on lines outside the pull
 * request's diff, so a finding is commented inline only where the change touched it (for a
 * change that added only the owning side: on that side), and listed in the review body
 * otherwise. A comment carries a ```suggestion when the finding's whole fix is one edit of
 * lines the change itself added or changed, so accepting it in the browser applies the full fix.
 */
export function buildGithubReview(s: SuggestResult, options: GithubReviewOptions = {}): GithubReview {
  const comments: ReviewComment[] = [];
  const outside: string[] = [];
  const repoPath = (file: string) => path.posix.join(s.projectDir, file);
  const rangesOf = (file: string) => s.changed.files.get(repoPath(file))?.ranges;

  for (const candidate of s.result.candidates) {
    const comment = candidateComment(s, candidate, rangesOf);
    if (comment) comments.push({ ...comment, path: repoPath(comment.path), body: `${comment.body}\n\n${findingMarker(candidate.id)}` });
    else outside.push(`- \`${repoPath(candidate.file)}:${candidate.line}\`: ${candidateMessage(candidate)}`);
  }
  for (const bug of s.result.unlinkBugs) {
    const ranges = rangesOf(bug.file);
    const message = `${unlinkBugTitle(bug)}. ${displayMessage(bug.message, [bug.file, bug.backPointer.file], { pathPrefix: s.projectDir || undefined })}`;
    if (inRanges(bug.line, ranges)) {
      const suggestion = suggestionFor(s, bug.id, bug.file, bug.line, bug.endLine ?? bug.line, ranges);
      const inline = comment(repoPath(bug.file), bug.line, `**weakify**: ${message}`, suggestion);
      comments.push({ ...inline, body: `${inline.body}\n\n${findingMarker(bug.id)}` });
    } else {
      outside.push(`- \`${repoPath(bug.file)}:${bug.line}\`: ${message}`);
    }
  }
  comments.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));

  const review: GithubReview = { body: reviewBody(s, comments.length, outside), event: 'COMMENT', comments };
  const commitId = s.head.sha ?? options.commitId;
  return commitId ? { commit_id: commitId, ...review } : review;
}

function candidateComment(
  s: SuggestResult,
  candidate: Candidate,
  rangesOf: (file: string) => LineRange[] | undefined,
): ReviewComment | undefined {
  const message = `**weakify**: ${candidateMessage(candidate)}`;
  const ranges = rangesOf(candidate.file);
  if (inRanges(candidate.line, ranges)) {
    return comment(candidate.file, candidate.line, message, suggestionFor(s, candidate.id, candidate.file, candidate.line, candidate.line, ranges));
  }
  // Only the owning side is in the diff: that is the line that closed the cycle.
  const inverse = candidate.inverse.find((side) => inRanges(side.line, rangesOf(side.file)));
  if (!inverse) return undefined;
  const where = `\`${path.posix.join(s.projectDir, candidate.file)}:${candidate.line}\``;
  return comment(
    inverse.file,
    inverse.line,
    `**weakify**: this closes a cycle with the back-pointer ${memberName(candidate.class, candidate.field)} (${where}). ${candidateMessage(candidate)}`,
  );
}

interface Suggestion {
  hunk: LineHunk;
}

/**
 * The fix as one suggestion, or undefined when it is not a single edit of the file the comment
 * is on (a dispose fix edits the owner too), does not cover the finding's lines, or reaches
 * lines the change did not touch (GitHub only accepts suggestions inside the diff).
 */
function suggestionFor(
  s: SuggestResult,
  id: string,
  file: string,
  from: number,
  to: number,
  ranges: readonly LineRange[] | undefined,
): Suggestion | undefined {
  const fix = s.fixes.get(id);
  if (!fix || fix.length !== 1 || fix[0]!.file !== file) return undefined;
  const hunks = lineHunks(fix[0]!.before, fix[0]!.after);
  if (hunks.length !== 1) return undefined;
  const hunk = anchorHunk(hunks[0]!, splitLines(fix[0]!.before));
  if (hunk.end < from || hunk.start > to) return undefined;
  const inside = ranges?.some((range) => range.start <= hunk.start && hunk.end <= range.end) ?? false;
  return inside ? { hunk } : undefined;
}

function comment(file: string, line: number, message: string, suggestion?: Suggestion): ReviewComment {
  if (!suggestion) return { path: file, line, side: 'RIGHT', body: message };
  const { hunk } = suggestion;
  const replacement = hunk.lines.join('').replace(/\n$/, '');
  const fence = fenceFor(replacement);
  const body = `${message}\n\n${fence}suggestion\n${replacement}\n${fence}`;
  return hunk.start === hunk.end
    ? { path: file, line: hunk.end, side: 'RIGHT', body }
    : { path: file, line: hunk.end, side: 'RIGHT', start_line: hunk.start, start_side: 'RIGHT', body };
}

function reviewBody(s: SuggestResult, inline: number, outside: string[]): string {
  const findings = s.result.candidates.length + s.result.unlinkBugs.length;
  const lines = [REVIEW_MARKER];
  if (findings === 0) {
    lines.push('**weakify**: this change introduces no strong back-pointers.');
  } else {
    lines.push(`**weakify** found ${plural(findings, 'finding')} this change introduces or touches (${inline} commented inline).`);
  }
  if (outside.length > 0) {
    lines.push('', 'Outside the lines this pull request changes (GitHub cannot comment there):', ...outside);
  }
  return `${lines.join('\n')}\n`;
}

/** A code fence longer than any run of backticks in the text. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}
