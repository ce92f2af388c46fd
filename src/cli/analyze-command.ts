import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import type { AnalysisResult, AnalysisWarning } from '../detect/analysis-result.js';
import { classEndOfLifeMethods, createPlan } from '../plan/create-plan.js';
import { plural } from '../report/finding-text.js';
import { reporters, type ReportFormat } from '../report/index.js';
import { ExitCode, WeakifyError } from '../weakify-error.js';
import { useColor, type CliIo } from './io.js';
import { prefixFromCwd } from './prefix-from-cwd.js';
import { createProgress } from './progress.js';
import { checkDisposeMethod, outputFile, toAnalyzeOptions, withProjectOptions, type ProjectArgs } from './shared-options.js';
import { writeOutputFiles } from './write-output.js';

export interface AnalyzeArgs extends ProjectArgs {
  format: ReportFormat;
  output?: string;
  plan?: string;
  disposeMethod?: string;
  failOnCandidates: boolean;
  verbose: boolean;
  declarations: boolean;
}

export function analyzeCommandOptions<T>(yargs: Argv<T>) {
  return withProjectOptions(yargs)
    .positional('files', {
      type: 'string',
      array: true,
      describe: 'Only report findings in these files (paths or globs, relative to the current folder); the whole program is still loaded so types resolve',
    })
    .option('format', {
      alias: 'f',
      choices: Object.keys(reporters) as ReportFormat[],
      default: 'text' as ReportFormat,
      describe: 'Report format',
    })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the report to this file instead of stdout (- is stdout)' })
    .option('plan', { type: 'string', describe: 'Also write the migration plan (reviewable JSON) to this file' })
    .option('dispose-method', { type: 'string', describe: "Dispose method name for the plan (default: the project's convention)" })
    .option('fail-on-candidates', {
      type: 'boolean',
      default: false,
      describe: 'Exit 1 when there is any back-pointer or unlink bug (for CI)',
    })
    .option('verbose', { type: 'boolean', default: false, describe: 'List every skipped field in the text report' })
    .option('declarations', {
      type: 'boolean',
      default: false,
      describe: "Also analyse the project's own .d.ts files (study a declaration-only package; such findings cannot be applied)",
    });
}

export async function runAnalyze(args: AnalyzeArgs, io: CliIo, config: Record<string, unknown>): Promise<number> {
  const options = { ...toAnalyzeOptions(args, io, config.compilerOptions), declarations: args.declarations };
  if (args.disposeMethod !== undefined) checkDisposeMethod(args.disposeMethod);
  checkLiteralPaths(args.files ?? [], io.cwd);
  const planFile = args.plan === undefined ? undefined : path.resolve(io.cwd, args.plan);
  if (planFile !== undefined && planFile === outputFile(args.output, io.cwd)) {
    throw new WeakifyError('USAGE', `--output and --plan name the same file (${args.plan}): the plan would replace the report`, {
      hint: 'Write them to two files, e.g. --output report.json --plan plan.json.',
    });
  }
  const progress = createProgress(io.stderr);
  let session;
  let library: typeof import('../index.js');
  try {
    // Nothing is type-checked after the analysis: the program needs only what the graph needs.
    // Loaded here, not at start-up: TypeScript is half a second that `--help` and suggest's fast path do without.
    library = await import('../index.js');
    session = await library.analyzeProject({ ...options, classRootsOnly: true, onProgress: progress.onProgress });
  } finally {
    progress.done();
  }
  const { graph, loaded } = session;
  const result = withUserGlobs(session.result, args.files ?? [], options.files ?? [], library.unmatchedFilesWarning);

  const file = outputFile(args.output, io.cwd);
  const toStdout = file === undefined;
  const report = reporters[args.format](result, {
    color: toStdout && args.format === 'text' && useColor(io),
    pathPrefix: prefixFromCwd(io.cwd, loaded.rootDir),
    minConfidence: args.minConfidence,
    verbose: args.verbose,
  });
  // The report and the plan are written together, all or none (see writeOutputFiles).
  const files: Array<{ file: string; text: string }> = toStdout ? [] : [{ file, text: report }];
  let planned: number | undefined;
  if (planFile) {
    const plan = createPlan(result, {
      tsconfig: path.relative(path.dirname(planFile), loaded.tsconfigPath).split(path.sep).join('/'),
      strategy: args.strategy === 'auto' ? undefined : args.strategy,
      disposeMethod: args.disposeMethod,
      disposeConventions: graph.disposeConventions,
      classDisposeMethods: classEndOfLifeMethods(graph),
    });
    const { serializePlan } = await import('../plan/read-plan.js');
    files.push({ file: planFile, text: serializePlan(plan) });
    planned = plan.entries.length;
  }
  writeOutputFiles(files);
  if (toStdout) io.stdout.write(report);
  if (planned !== undefined) io.stderr.write(`weakify: wrote the migration plan (${plural(planned, 'entry', 'entries')}) to ${args.plan}\n`);

  const findings = result.candidates.length + result.unlinkBugs.length;
  return args.failOnCandidates && findings > 0 ? ExitCode.Findings : ExitCode.Ok;
}

/**
 * A positional path without glob characters that does not exist is a typo, not a narrowing to
 * nothing: exit 2, as for a missing tsconfig, rather than a warning CI would not read
 * (`analyze src/sence.ts --fail-on-candidates` passed). A glob matching nothing stays a warning.
 */
function checkLiteralPaths(files: readonly string[], cwd: string): void {
  for (const file of files) {
    if (/[*?[\]{}!]/.test(file) || existsSync(path.resolve(cwd, file))) continue;
    throw new WeakifyError('USAGE', `no such file or folder: ${file}`, {
      hint: 'Positional arguments narrow the report to these files, folders or globs (relative to the current folder); check the path.',
    });
  }
}

/**
 * The library names a `files` glob that matched nothing as it was given, relative to the tsconfig
 * folder (`../../src/sence/**`); the user typed it relative to the current folder (`src/sence/**`).
 */
function withUserGlobs(
  result: AnalysisResult,
  typed: readonly string[],
  given: readonly string[],
  warningFor: (glob: string) => AnalysisWarning,
): AnalysisResult {
  if (typed.length === 0) return result;
  const messages = new Map(given.map((glob, at) => [warningFor(glob).message, warningFor(typed[at]!).message]));
  return { ...result, warnings: result.warnings.map((warning) => (messages.has(warning.message) ? { ...warning, message: messages.get(warning.message)! } : warning)) };
}

