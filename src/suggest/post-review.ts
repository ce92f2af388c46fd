import { readFileSync } from 'node:fs';
import { WeakifyError } from '../weakify-error.js';
import { findingIdOf, findingMarker, type GithubReview } from './github-review.js';
import { PR_COMMENT_MARKER } from './pr-comment.js';

export interface PostReviewOptions {
  token: string;
  /** `owner/name`, as in GITHUB_REPOSITORY. */
  repository: string;
  /** The webhook event file of a `pull_request` (or `pull_request_target`) run: GITHUB_EVENT_PATH. */
  eventPath: string;
  /** REST API root; GitHub Enterprise sets GITHUB_API_URL. Default https://api.github.com. */
  apiUrl?: string;
  /** The pull-request comment (markdown, starting with PR_COMMENT_MARKER). */
  comment: string;
  /** The review (buildGithubReview); its commit_id defaults to the event's head sha. */
  review: GithubReview;
}

export interface PostReviewOutcome {
  pullNumber: number;
  comment: { id: number; action: 'created' | 'updated' };
  /** The review created for findings not commented on before (undefined: none was needed). */
  reviewId: number | undefined;
  /** Inline comments: posted new, edited in place (finding still reported), marked as gone. */
  inline: { created: number; updated: number; resolved: number };
}

/**
 * Post the results on the pull request without piling up duplicates on every push: the summary
 * comment is found by its hidden marker and edited; an inline comment whose finding was commented
 * on before is edited in place (GitHub cannot move comments between reviews), one whose finding
 * is gone says so, and only findings new to the pull request go into a new review.
 */
export async function postReview(options: PostReviewOptions): Promise<PostReviewOutcome> {
  const [owner, repo, ...rest] = options.repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new WeakifyError('GITHUB_FAILED', `GITHUB_REPOSITORY must be owner/name, got: ${options.repository}`);
  }
  const event = readPullRequestEvent(options.eventPath);
  // Loaded on use: only --post needs it, and it costs every other suggest run its start-up time.
  const { Octokit } = await import('@octokit/rest');
  const octokit = new Octokit({ auth: options.token, baseUrl: (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, ''), log: quietLog });
  const where = { owner, repo };

  return github(async () => {
    const issueComments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, issue_number: event.number, per_page: 100 });
    const earlier = issueComments.find((comment) => comment.body?.startsWith(PR_COMMENT_MARKER));
    const comment = earlier
      ? { id: (await octokit.rest.issues.updateComment({ ...where, comment_id: earlier.id, body: options.comment })).data.id, action: 'updated' as const }
      : { id: (await octokit.rest.issues.createComment({ ...where, issue_number: event.number, body: options.comment })).data.id, action: 'created' as const };

    const reviewComments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...where, pull_number: event.number, per_page: 100 });
    const ours = new Map<string, { id: number; body: string }>();
    for (const existing of reviewComments) {
      const id = findingIdOf(existing.body);
      // Replies quoting our marker are not ours to edit: only top-level comments count.
      if (id && !existing.in_reply_to_id && !ours.has(id)) ours.set(id, { id: existing.id, body: existing.body });
    }

    const inline = { created: 0, updated: 0, resolved: 0 };
    const fresh = [];
    const reported = new Set<string>();
    for (const draft of options.review.comments) {
      const id = findingIdOf(draft.body);
      const existing = id === undefined ? undefined : ours.get(id);
      if (id) reported.add(id);
      if (existing === undefined) {
        fresh.push(draft);
      } else if (existing.body !== draft.body) {
        await octokit.rest.pulls.updateReviewComment({ ...where, comment_id: existing.id, body: draft.body });
        inline.updated++;
      }
    }
    for (const [id, existing] of ours) {
      if (reported.has(id) || existing.body.includes(RESOLVED)) continue;
      await octokit.rest.pulls.updateReviewComment({
        ...where,
        comment_id: existing.id,
        body: `**weakify**: no longer reported at \`${event.headSha.slice(0, 12)}\`. ${RESOLVED}\n\n${findingMarker(id)}`,
      });
      inline.resolved++;
    }

    let reviewId: number | undefined;
    if (fresh.length > 0) {
      const created = await octokit.rest.pulls.createReview({
        ...where,
        pull_number: event.number,
        commit_id: options.review.commit_id ?? event.headSha,
        body: options.review.body,
        event: 'COMMENT',
        comments: fresh,
      });
      reviewId = created.data.id;
      inline.created = fresh.length;
    }
    return { pullNumber: event.number, comment, reviewId, inline };
  });
}

/** postReview from the variables GitHub Actions sets; a missing one is named in the error. */
export function postReviewOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  bodies: Pick<PostReviewOptions, 'comment' | 'review'>,
): PostReviewOptions {
  const need = (name: string) => {
    const value = env[name];
    if (!value) {
      throw new WeakifyError('GITHUB_FAILED', `--post needs the environment variable ${name}`, {
        hint: 'Run it in a GitHub Actions pull_request workflow, or set GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_EVENT_PATH.',
      });
    }
    return value;
  };
  return {
    token: need('GITHUB_TOKEN'),
    repository: need('GITHUB_REPOSITORY'),
    eventPath: need('GITHUB_EVENT_PATH'),
    apiUrl: env.GITHUB_API_URL || undefined,
    ...bodies,
  };
}

interface PullRequestEvent {
  number: number;
  headSha: string;
}

function readPullRequestEvent(eventPath: string): PullRequestEvent {
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (error) {
    throw new WeakifyError('GITHUB_FAILED', `cannot read the event file ${eventPath}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const pull = (event as { pull_request?: { number?: unknown; head?: { sha?: unknown } } } | null)?.pull_request;
  if (typeof pull?.number !== 'number' || typeof pull.head?.sha !== 'string') {
    throw new WeakifyError('GITHUB_FAILED', 'the event is not a pull request: --post needs a pull_request workflow event', {
      hint: 'Trigger the workflow with `on: pull_request`, or write the review with --format github-review instead.',
    });
  }
  return { number: pull.number, headSha: pull.head.sha };
}

async function github<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== 'number') throw error;
    const message = (error as Error).message.split('\n')[0];
    throw new WeakifyError('GITHUB_FAILED', `GitHub API request failed (${status}): ${message}`, {
      hint:
        status === 401 || status === 403 || status === 404
          ? 'The token needs write access to pull requests: add `permissions: pull-requests: write` to the workflow (pull requests from forks get a read-only token).'
          : undefined,
      cause: error,
    });
  }
}

const RESOLVED = '(resolved)';

// Octokit logs deprecation notices and failed requests on the console; a library must not print.
const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
