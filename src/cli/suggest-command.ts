import type { Argv } from 'yargs';
import type { SuggestFormat } from '../suggest/index.js';
import { ExitCode } from '../weakify-error.js';
import type { CliIo } from './io.js';
import { parseCompilerOptionPairs } from './parse-compiler-options.js';
import { createProgress } from './progress.js';
import { writeOutputFile } from './write-output.js';
import { STORAGE_OPTION, checkMinConfidence, outputFile } from './shared-options.js';
import type { StorageChoice } from '../verify/check-weakref-lib.js';
import { earlyTouchedNote, movedToWeakMaps } from '../verify/lost-private-member.js';

/** The formats of suggestFormats, listed here so that --help does not load the pre-merge code. */
export const SUGGEST_FORMATS: readonly SuggestFormat[] = ['markdown', 'github-review', 'patch', 'sarif', 'github'];

export interface SuggestArgs {
  project: string;
  base: string;
  head?: string;
  all: boolean;
  format: SuggestFormat;
  output?: string;
  post: boolean;
  failOn?: 'new';
  verify: boolean;
  storage: StorageChoice;
  minConfidence: number;
  compilerOption: string[];
  include: string[];
  exclude: string[];
}

export function suggestCommandOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('base', { type: 'string', demandOption: true, describe: 'The branch or commit the change is compared with (e.g. origin/main); pull-request semantics: from its merge base' })
    .option('head', { type: 'string', describe: 'The commit to review (default: the working tree, uncommitted and untracked files included)' })
    .option('project', { alias: 'p', type: 'string', default: 'tsconfig.json', describe: 'tsconfig.json of the project (or a folder containing one; a solution tsconfig brings in every project it references)' })
    .option('all', { type: 'boolean', default: false, describe: 'Also report findings the change does not touch' })
    .option('format', {
      alias: 'f',
      choices: SUGGEST_FORMATS,
      default: 'markdown' as SuggestFormat,
      describe: 'markdown: the pull-request comment; github-review: JSON for the create-review API; patch: git apply-able diff; sarif; github: annotations',
    })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the output to this file instead of stdout (- is stdout)' })
    .option('post', { type: 'boolean', default: false, describe: 'Post or update the review on the pull request (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH)' })
    .option('fail-on', { choices: ['new'] as const, describe: 'new: exit 1 when the change introduces or touches a back-pointer' })
    .option('verify', { type: 'boolean', default: true, describe: 'Type-check the proposed patch before suggesting it (--no-verify skips)' })
    .option('storage', STORAGE_OPTION)
    .option('min-confidence', { type: 'number', default: 0.5, describe: 'Back-pointers below this confidence are not reported' })
    .option('compiler-option', { type: 'string', array: true, default: [] as string[], describe: 'Override a compiler option, name=value (repeatable)' })
    .option('include', { type: 'string', array: true, default: [] as string[], describe: "Only load these of the tsconfig's files (globs)" })
    .option('exclude', { type: 'string', array: true, default: [] as string[], describe: "Leave out these of the tsconfig's files (globs)" })
    .option('config', { type: 'string', describe: 'Configuration file (default: weakify.config.json or package.json "weakify")' });
}

export async function runSuggest(args: SuggestArgs, io: CliIo, config: Record<string, unknown>): Promise<number> {
  checkMinConfidence(args.minConfidence);
  const fromConfig = config.compilerOptions && typeof config.compilerOptions === 'object' ? (config.compilerOptions as Record<string, unknown>) : {};
  // Loaded on demand: git, jscodeshift and Octokit cost the other commands their start-up time.
  const { buildGithubReview, postReview, postReviewOptionsFromEnv, prComment, repoPath, suggest, suggestFormats } = await import('../suggest/index.js');
  const progress = createProgress(io.stderr);
  let result;
  try {
    result = await suggest({
      cwd: io.cwd,
      tsconfig: args.project,
      base: args.base,
      head: args.head,
      all: args.all,
      minConfidence: args.minConfidence,
      compilerOptions: { ...fromConfig, ...parseCompilerOptionPairs(args.compilerOption) },
      include: args.include,
      exclude: args.exclude,
      verify: args.verify,
      storage: args.storage,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.done();
  }

  const output = suggestFormats[args.format](result, {});
  const file = outputFile(args.output, io.cwd);
  if (file === undefined) io.stdout.write(output);
  else writeOutputFile(file, output);

  if (args.post) {
    const outcome = await postReview(postReviewOptionsFromEnv(io.env, { comment: prComment(result), review: buildGithubReview(result) }));
    io.stderr.write(`weakify: ${outcome.comment.action} the summary comment on pull request #${outcome.pullNumber}.\n`);
  }
  if (result.verify && !result.verify.ok) {
    io.stderr.write(`weakify: the proposed patch does not type-check (${result.verify.newDiagnostics.length} new error(s)); review it before applying.\n`);
  }
  if (result.weakmapClasses.length > 0) io.stderr.write(`weakify: ${movedToWeakMaps(result.weakmapClasses, (file) => repoPath(result, file))}\n`);
  for (const early of result.earlyTouched) io.stderr.write(`weakify: ${earlyTouchedNote(early, (file) => repoPath(result, file))}\n`);
  for (const dropped of result.dropped) {
    const first = dropped.diagnostics[0];
    const error = first ? ` (${repoPath(result, first.file)}:${first.line}: TS${first.code})` : '';
    io.stderr.write(`weakify: left ${dropped.field} out of the patch: its fix adds type errors${error}.\n`);
  }
  const count = result.result.candidates.length + result.result.unlinkBugs.length;
  io.stderr.write(`weakify: ${count} finding(s) ${args.all ? 'in the project' : 'touched by the change'}.\n`);
  return args.failOn === 'new' && result.introducesCandidates ? ExitCode.Findings : ExitCode.Ok;
}
