/** The pre-merge mode (`weakify suggest`): library functions the CLI wires. */
export { suggest, type SuggestOptions, type SuggestResult, type SuggestProgressEvent } from './suggest.js';
export { suggestFormats, type SuggestFormat, type SuggestFormatter, type SuggestFormatOptions } from './suggest-formats.js';
export { prComment, PR_COMMENT_MARKER, applyCommand, repoPath } from './pr-comment.js';
export { githubReview, buildGithubReview, REVIEW_MARKER, type GithubReview, type ReviewComment } from './github-review.js';
export { sarifFixes } from './sarif-fixes.js';
export { selectChanged, type TouchedSide } from './select-changed.js';
export { postReview, postReviewOptionsFromEnv, type PostReviewOptions, type PostReviewOutcome } from './post-review.js';
