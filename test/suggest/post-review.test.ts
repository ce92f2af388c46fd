import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findingMarker, REVIEW_MARKER, type GithubReview } from '../../src/suggest/github-review.js';
import { PR_COMMENT_MARKER } from '../../src/suggest/pr-comment.js';
import { postReview, postReviewOptionsFromEnv } from '../../src/suggest/post-review.js';

interface Recorded {
  method: string;
  url: string;
  body: any;
}

/** Just enough of GitHub's REST API for postReview, in memory, recording every request. */
function fakeGithub(options: { failWith?: number } = {}) {
  const requests: Recorded[] = [];
  const issueComments: Array<{ id: number; body: string }> = [];
  const reviewComments: Array<{ id: number; body: string; path: string; line: number; in_reply_to_id?: number }> = [];
  const reviews: Array<{ id: number; body: string; commit_id: string }> = [];
  let nextId = 100;
  const send = (res: ServerResponse, status: number, data: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(data));
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: any) => {
    const url = new URL(req.url!, 'http://x');
    requests.push({ method: req.method!, url: url.pathname, body });
    if (requests.length > 50) return send(res, 500, { message: 'too many requests in one test' });
    if (options.failWith) return send(res, options.failWith, { message: 'Resource not accessible by integration' });
    const route = `${req.method} ${url.pathname}`;
    let match: RegExpExecArray | null;
    if (route === 'GET /repos/acme/app/issues/7/comments') return send(res, 200, issueComments);
    if (route === 'POST /repos/acme/app/issues/7/comments') {
      const comment = { id: nextId++, body: body.body };
      issueComments.push(comment);
      return send(res, 201, comment);
    }
    if ((match = /^PATCH \/repos\/acme\/app\/issues\/comments\/(\d+)$/.exec(route))) {
      const comment = issueComments.find((c) => c.id === Number(match![1]));
      if (!comment) return send(res, 404, { message: 'Not Found' });
      comment.body = body.body;
      return send(res, 200, comment);
    }
    if (route === 'GET /repos/acme/app/pulls/7/comments') return send(res, 200, reviewComments);
    if ((match = /^PATCH \/repos\/acme\/app\/pulls\/comments\/(\d+)$/.exec(route))) {
      const comment = reviewComments.find((c) => c.id === Number(match![1]));
      if (!comment) return send(res, 404, { message: 'Not Found' });
      comment.body = body.body;
      return send(res, 200, comment);
    }
    if (route === 'POST /repos/acme/app/pulls/7/reviews') {
      const review = { id: nextId++, body: body.body, commit_id: body.commit_id };
      reviews.push(review);
      for (const comment of body.comments ?? []) reviewComments.push({ id: nextId++, body: comment.body, path: comment.path, line: comment.line });
      return send(res, 200, review);
    }
    send(res, 404, { message: `no route ${route}` });
  };
  const server: Server = createServer((req, res) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1_000_000) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      handle(req, res, text ? JSON.parse(text) : undefined);
    });
  });
  return { server, requests, issueComments, reviewComments, reviews };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function eventFile(event: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'weakify-event-')), 'event.json');
  writeFileSync(file, JSON.stringify(event));
  return file;
}

const prEvent = { action: 'synchronize', pull_request: { number: 7, head: { sha: 'a'.repeat(40) } } };

function review(ids: string[]): GithubReview {
  return {
    body: `${REVIEW_MARKER}\n**weakify** found ${ids.length} findings.\n`,
    event: 'COMMENT',
    comments: ids.map((id, i) => ({ path: 'src/child.ts', line: 4 + i, side: 'RIGHT' as const, body: `**weakify**: finding ${id}\n\n${findingMarker(id)}` })),
  };
}

let gh: ReturnType<typeof fakeGithub>;
let apiUrl: string;
beforeEach(async () => {
  gh = fakeGithub();
  apiUrl = await listen(gh.server);
});
afterEach(() => new Promise<void>((resolve) => gh.server.close(() => resolve())));

describe('postReview against a local GitHub API', () => {
  it('creates on the first run and updates on the next ones, without duplicates', async () => {
    const base = { token: 't0k', repository: 'acme/app', eventPath: eventFile(prEvent), apiUrl };
    const first = await postReview({ ...base, comment: `${PR_COMMENT_MARKER}\nfirst\n`, review: review(['c1', 'c2']) });
    expect(first).toEqual({ pullNumber: 7, comment: { id: 100, action: 'created' }, reviewId: 101, inline: { created: 2, updated: 0, resolved: 0 } });
    expect(gh.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /repos/acme/app/issues/7/comments',
      'POST /repos/acme/app/issues/7/comments',
      'GET /repos/acme/app/pulls/7/comments',
      'POST /repos/acme/app/pulls/7/reviews',
    ]);
    expect(gh.requests[3]!.body).toEqual({ commit_id: 'a'.repeat(40), body: review(['c1', 'c2']).body, event: 'COMMENT', comments: review(['c1', 'c2']).comments });

    // Same findings again: the summary is edited, the inline comments are left as they are.
    gh.requests.length = 0;
    const second = await postReview({ ...base, comment: `${PR_COMMENT_MARKER}\nsecond\n`, review: review(['c1', 'c2']) });
    expect(second).toEqual({ pullNumber: 7, comment: { id: 100, action: 'updated' }, reviewId: undefined, inline: { created: 0, updated: 0, resolved: 0 } });
    expect(gh.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /repos/acme/app/issues/7/comments',
      'PATCH /repos/acme/app/issues/comments/100',
      'GET /repos/acme/app/pulls/7/comments',
    ]);
    expect(gh.issueComments).toEqual([{ id: 100, body: `${PR_COMMENT_MARKER}\nsecond\n` }]);

    // c1 fixed, c3 new: c1's comment says so, c3 goes into a new review, c2 is untouched.
    gh.requests.length = 0;
    const third = await postReview({ ...base, comment: `${PR_COMMENT_MARKER}\nthird\n`, review: review(['c2', 'c3']) });
    expect(third.inline).toEqual({ created: 1, updated: 0, resolved: 1 });
    expect(gh.reviewComments.map((c) => c.body)).toEqual([
      `**weakify**: no longer reported at \`aaaaaaaaaaaa\`. (resolved)\n\n${findingMarker('c1')}`,
      // c2's text is unchanged: no request for it.
      `**weakify**: finding c2\n\n${findingMarker('c2')}`,
      `**weakify**: finding c3\n\n${findingMarker('c3')}`,
    ]);
    expect(gh.issueComments).toHaveLength(1);
    expect(gh.reviews).toHaveLength(2);
  });

  it('edits an inline comment in place when its finding is reported with new text', async () => {
    const base = { token: 't', repository: 'acme/app', eventPath: eventFile(prEvent), apiUrl, comment: PR_COMMENT_MARKER };
    await postReview({ ...base, review: review(['c1']) });
    const changed = review(['c1']);
    changed.comments[0]!.body = `**weakify**: finding c1, now with a suggestion\n\n${findingMarker('c1')}`;
    gh.requests.length = 0;
    const outcome = await postReview({ ...base, review: changed });
    expect(outcome.inline).toEqual({ created: 0, updated: 1, resolved: 0 });
    expect(gh.requests.filter((r) => r.method === 'PATCH').map((r) => [r.url, r.body])).toEqual([
      ['/repos/acme/app/issues/comments/100', { body: PR_COMMENT_MARKER }],
      ['/repos/acme/app/pulls/comments/102', { body: changed.comments[0]!.body }],
    ]);
    expect(gh.reviewComments).toHaveLength(1);
  });

  it('ignores replies that quote a marker', async () => {
    gh.reviewComments.push({ id: 5, body: `> quoted\n${findingMarker('c1')}`, path: 'a.ts', line: 1, in_reply_to_id: 4 });
    const outcome = await postReview({ token: 't', repository: 'acme/app', eventPath: eventFile(prEvent), apiUrl, comment: PR_COMMENT_MARKER, review: review(['c1']) });
    expect(outcome.inline).toEqual({ created: 1, updated: 0, resolved: 0 });
    expect(gh.reviewComments[0]!.body).toBe(`> quoted\n${findingMarker('c1')}`);
  });

  it('names a missing environment variable', () => {
    expect(() => postReviewOptionsFromEnv({ GITHUB_TOKEN: 't', GITHUB_EVENT_PATH: '/e.json' }, { comment: '', review: review([]) })).toThrow(
      '--post needs the environment variable GITHUB_REPOSITORY',
    );
    expect(postReviewOptionsFromEnv({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'a/b', GITHUB_EVENT_PATH: '/e.json', GITHUB_API_URL: 'http://h' }, { comment: 'c', review: review([]) })).toMatchObject({
      token: 't',
      repository: 'a/b',
      eventPath: '/e.json',
      apiUrl: 'http://h',
    });
  });

  it('refuses an event that is not a pull request', async () => {
    await expect(
      postReview({ token: 't', repository: 'acme/app', eventPath: eventFile({ ref: 'refs/heads/main' }), apiUrl, comment: '', review: review([]) }),
    ).rejects.toMatchObject({ code: 'GITHUB_FAILED', message: 'the event is not a pull request: --post needs a pull_request workflow event' });
    expect(gh.requests).toEqual([]);
  });
});

describe('postReview API failures', () => {
  it('a 403 becomes GITHUB_FAILED with the permissions hint', async () => {
    const failing = fakeGithub({ failWith: 403 });
    const url = await listen(failing.server);
    try {
      await expect(
        postReview({ token: 't', repository: 'acme/app', eventPath: eventFile(prEvent), apiUrl: url, comment: '', review: review([]) }),
      ).rejects.toMatchObject({ code: 'GITHUB_FAILED', hint: expect.stringContaining('pull-requests: write') });
      expect(failing.requests).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => failing.server.close(() => resolve()));
    }
  });
});
