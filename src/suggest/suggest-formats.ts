import { github } from '../report/github.js';
import { sarif } from '../report/sarif.js';
import { githubReview } from './github-review.js';
import { prComment } from './pr-comment.js';
import { sarifFixes } from './sarif-fixes.js';
import type { SuggestResult } from './suggest.js';

export interface SuggestFormatOptions {
  /** The pull request's head sha for `github-review` when head is the working tree. */
  commitId?: string;
}

/** Turns a suggest result into text; never prints. */
export type SuggestFormatter = (s: SuggestResult, options?: SuggestFormatOptions) => string;

/**
 * Every `weakify suggest --format`. Paths are relative to the repository root in all of them:
 * that is where CI runs, where GitHub anchors comments and annotations, and where `git apply` runs.
 */
export const suggestFormats = {
  markdown: (s) => prComment(s),
  'github-review': (s, options) => githubReview(s, options),
  patch: (s) => s.patch,
  sarif: (s) => sarif(s.result, { color: false, pathPrefix: s.projectDir || undefined, fixes: sarifFixes(s) }),
  github: (s) => github(s.result, { color: false, pathPrefix: s.projectDir || undefined }),
} satisfies Record<string, SuggestFormatter>;

export type SuggestFormat = keyof typeof suggestFormats;
