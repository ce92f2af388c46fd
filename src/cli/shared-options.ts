import path from 'node:path';
import type { Argv } from 'yargs';
import { IDENTIFIER } from '../plan/identifier.js';
import { resolveTsconfigPath } from '../project/resolve-tsconfig.js';
import type { AnalyzeOptions } from '../index.js';
import { WeakifyError } from '../weakify-error.js';
import type { CliIo } from './io.js';
import { parseCompilerOptionPairs } from './parse-compiler-options.js';

/** Options every command that loads a project accepts. */
export function withProjectOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('project', {
      alias: 'p',
      type: 'string',
      default: 'tsconfig.json',
      describe: 'tsconfig.json of the project (or a folder containing one); the whole program is loaded, and a solution tsconfig ("files": [] with references) brings in every project it references.',
    })
    .option('compiler-option', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Override a compiler option, name=value (repeatable), e.g. types=node',
    })
    .option('include', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: "Only load these of the tsconfig's files (globs relative to the tsconfig folder)",
    })
    .option('exclude', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: "Leave out these of the tsconfig's files, e.g. '**/*.test.ts'",
    })
    .option('min-confidence', {
      type: 'number',
      default: 0.5,
      describe: 'Back-pointers below this confidence (0..1) are listed as skipped',
    })
    .option('strategy', {
      choices: ['auto', 'weakref', 'dispose'] as const,
      default: 'auto' as const,
      describe: 'Fix to recommend: auto picks per field; weakref or dispose forces one',
    })
    .option('config', {
      type: 'string',
      describe: 'Configuration file (default: weakify.config.json or package.json "weakify", searched upwards)',
    });
}

export interface ProjectArgs {
  project: string;
  compilerOption: string[];
  include: string[];
  exclude: string[];
  minConfidence: number;
  strategy: 'auto' | 'weakref' | 'dispose';
  files?: string[];
}

/** `--min-confidence` of analyze and suggest: a number from 0 to 1 (yargs turns `abc` into NaN). */
export function checkMinConfidence(value: number): void {
  checkConfidence('min-confidence', value);
}

/** A confidence option (`--min-confidence`, apply's `--auto-confidence`): a number from 0 to 1. */
export function checkConfidence(option: string, value: number): void {
  if (value >= 0 && value <= 1) return;
  const got = Number.isNaN(value) ? 'not a number' : `got ${String(value)}`;
  throw new WeakifyError('USAGE', `--${option} must be between 0 and 1, ${got}`, { hint: `For example: --${option} 0.7` });
}

/** `--dispose-method`: inserted into code as a method name, so an identifier (as the plan reader requires). */
export function checkDisposeMethod(value: string): void {
  if (IDENTIFIER.test(value)) return;
  throw new WeakifyError('USAGE', `--dispose-method must be a method name, got ${JSON.stringify(value)}`, { hint: 'For example: --dispose-method destroy' });
}

/** `--output -` is stdout, as for most tools; undefined means stdout too. */
export function outputFile(output: string | undefined, cwd: string): string | undefined {
  return output === undefined || output === '-' ? undefined : path.resolve(cwd, output);
}

/** Turn parsed arguments (command line over config file) into library options. */
export function toAnalyzeOptions(args: ProjectArgs, io: CliIo, configCompilerOptions?: unknown): AnalyzeOptions {
  checkMinConfidence(args.minConfidence);
  const fromConfig =
    configCompilerOptions && typeof configCompilerOptions === 'object' && !Array.isArray(configCompilerOptions)
      ? (configCompilerOptions as Record<string, unknown>)
      : {};
  return {
    tsconfig: args.project,
    cwd: io.cwd,
    compilerOptions: { ...fromConfig, ...parseCompilerOptionPairs(args.compilerOption) },
    include: args.include,
    exclude: args.exclude,
    minConfidence: args.minConfidence,
    strategy: args.strategy,
    files: args.files?.length ? rebaseGlobs(args.files, args.project, io.cwd) : undefined,
  };
}

// Positional globs are written from where the user stands; results are relative to the tsconfig.
function rebaseGlobs(globs: string[], project: string, cwd: string): string[] {
  const rootDir = path.dirname(resolveTsconfigPath(project, cwd));
  return globs.map((glob) => path.relative(rootDir, path.resolve(cwd, glob)).split(path.sep).join('/'));
}

/** `--storage` of apply and suggest (chooseStorage in src/verify/check-weakref-lib.ts). */
export const STORAGE_OPTION = {
  choices: ['auto', 'private', 'weakmap'] as const,
  default: 'auto' as const,
  describe: "Where migrated fields keep their state: ES #fields (private), module-level WeakMaps (weakmap, for sources also built for ES5), or auto: private unless the tsconfig's target is below ES2015, or for a class whose # fields fail verification (an object literal or Readonly<T> used as an instance); with declaration emit, class expressions and mixins' classes use WeakMaps whatever this says.",
};
