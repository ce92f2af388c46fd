import path from 'node:path';
import yargs, { type Argv } from 'yargs';
import { TOOL } from '../version.js';
import { ExitCode, WeakifyError } from '../weakify-error.js';
import { analyzeCommandOptions, runAnalyze, type AnalyzeArgs } from './analyze-command.js';
import { applyCommandOptions, runApply, type ApplyArgs } from './apply-command.js';
import { runSuggest, suggestCommandOptions, type SuggestArgs } from './suggest-command.js';
import type { CliIo } from './io.js';
import { loadConfig } from './load-config.js';
import { oneLineUsageMessage } from './one-line-usage-message.js';
import { BOOLEAN_OPTIONS, kebabCase, VALUE_OPTIONS } from './option-kinds.js';
import { printError } from './print-error.js';

const EPILOGUE = `Exit codes:
  0  the run completed (findings or not)
  1  findings with --fail-on-candidates / --fail-on new, or verification failed (apply writes
     nothing, or only the entries that verified and lists the others)
  2  usage or configuration error (bad flag, tsconfig, plan file, dirty git tree)
  3  internal error (a bug in weakify: please report it)

Documentation: README.md, section per command.`;

/**
 * Run the CLI with the given arguments and return the exit code. Never calls process.exit,
 * so tests and other programs can call it in-process.
 */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  try {
    const loadedConfig = await loadConfig(io.cwd, explicitConfigPath(argv));
    const config = loadedConfig?.options ?? {};
    checkBooleanValues(argv);
    argv = withStdoutOutput(argv);
    const parser: Argv = yargs(argv)
      .scriptName('weakify')
      .usage('$0 <command> [options]\n\nFind bidirectional strong references between class fields and migrate back-pointers to WeakRef accessors or dispose methods.')
      .command(
        'analyze [files..]',
        'Report back-pointers, cycles and unlink bugs (dry run; optionally write a migration plan)',
        (y) => analyzeCommandOptions(y).config(withoutCompilerOptions(config)),
        async (args) => {
          exitCode = await runAnalyze(args as unknown as AnalyzeArgs, io, config);
        },
      )
      .command(
        'apply',
        'Apply a migration plan (or the high-confidence candidates): diff by default, --write to write',
        (y) => applyCommandOptions(y).config(withoutCompilerOptions(config)),
        async (args) => {
          exitCode = await runApply(args as unknown as ApplyArgs, io, config);
        },
      )
      .command(
        'suggest',
        'Review a change (pull request): the findings it introduces or touches, with the patch that fixes them',
        (y) => suggestCommandOptions(y).config(withoutCompilerOptions(config)),
        async (args) => {
          exitCode = await runSuggest(args as unknown as SuggestArgs, io, config);
        },
      )
      .middleware((args) => lastValueWins(args, parser), true)
      .middleware((args) => noEmptyValues(args), true)
      .demandCommand(1, 'Name a command: analyze, apply or suggest (see --help).')
      .strict()
      .recommendCommands()
      .epilogue(EPILOGUE)
      .version(TOOL.version)
      .help()
      .alias('h', 'help')
      .wrap(Math.min(110, (io.stdout as { columns?: number }).columns ?? 100))
      .exitProcess(false)
      .fail((message, error) => {
        if (error) throw error;
        const fromConfig = loadedConfig && unknownConfigKeys(message, config, argv);
        if (fromConfig && fromConfig.length > 0) {
          const shown = path.relative(io.cwd, loadedConfig.filepath) || loadedConfig.filepath;
          throw new WeakifyError('CONFIG_INVALID', `${shown}: unknown option ${fromConfig.map((key) => `"${key}"`).join(', ')}`, {
            hint: 'Options are the long command-line names (camelCase or kebab-case): see `weakify <command> --help`.',
          });
        }
        throw new WeakifyError('USAGE', oneLineUsageMessage(message), { hint: 'Run `weakify --help` for the commands and options.' });
      });
    skipHelpCache(parser);
    let helpOrVersion = '';
    await parser.parseAsync(argv, {}, (_error, _argv, output) => {
      helpOrVersion = output;
    });
    if (helpOrVersion) io.stdout.write(`${helpOrVersion}\n`);
  } catch (error) {
    return printError(error, io.stderr);
  }
  return exitCode;
}

// The config file is looked for before parsing, so --config must be read from the raw arguments.
function explicitConfigPath(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') return argv[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

/**
 * `--format text ... --format json` (a script's flags, then the user's): yargs collects a repeated
 * option into an array even where one value is expected; the last one wins, as in most tools.
 * Options declared as arrays (`--include`, `--compiler-option`) keep every value.
 */
function lastValueWins(argv: Record<string, unknown>, parser: unknown): void {
  const options = (parser as { getOptions(): { array: string[]; alias: Record<string, string[]> } }).getOptions();
  // yargs sets every spelling of an option: `compiler-option`, `compilerOption` and its aliases.
  const arrays = new Set<string>();
  for (const key of options.array) {
    for (const name of [key, ...(options.alias[key] ?? [])]) arrays.add(name).add(name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()));
  }
  for (const [key, value] of Object.entries(argv)) {
    if (key !== '_' && Array.isArray(value) && !arrays.has(key)) argv[key] = value.at(-1);
  }
}

/** The keys of the config file that yargs' "Unknown argument(s): ..." names and the command line does not have. */
function unknownConfigKeys(message: string, config: Record<string, unknown>, argv: string[]): string[] | undefined {
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (!match) return undefined;
  const named = match[1]!.split(', ');
  const inConfig = named.filter((name) => name in config && !argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)));
  return inConfig.length === named.length ? inConfig : undefined;
}

// Options naming a file, a ref or a name, given without a value (`--plan` at the end of a line, or
// `--plan "$PLAN"` with an empty variable): yargs makes them '', which would read as not given at
// all (`apply --plan --write` applied the candidates it chose itself).
function noEmptyValues(argv: Record<string, unknown>): void {
  for (const key of VALUE_OPTIONS) {
    if (argv[key] !== '') continue;
    const flag = `--${kebabCase(key)}`;
    throw new WeakifyError('USAGE', `${flag} needs a value`, { hint: `Give it after the flag, e.g. ${flag === '--plan' ? '--plan plan.json' : flag === '--output' ? '--output report.json' : `${flag} <value>`}.` });
  }
}

// Flags yargs reads as booleans, where `--flag=yes` would silently mean false (and CI stay green).
const BOOLEAN_FLAGS = new Set([...BOOLEAN_OPTIONS.map(kebabCase), 'help', 'version']);

function checkBooleanValues(argv: string[]): void {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  for (const arg of argv.slice(0, end)) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match || !BOOLEAN_FLAGS.has(match[1]!) || match[2] === 'true' || match[2] === 'false') continue;
    throw new WeakifyError('USAGE', `--${match[1]} takes no value, or true or false; got ${JSON.stringify(match[2])}`, { hint: `Write --${match[1]} (or --no-${match[1]}).` });
  }
}

/**
 * Before running a command, yargs renders the whole help text and keeps it, to print it should the
 * command fail later. Our failures are one line (see `.fail` above) and never show that text, and
 * rendering it cost 25 ms of every run: a quarter of weakify's own start-up. `--help` renders the
 * text when asked, as before. Reached through yargs' internal methods, so a yargs that has none
 * simply keeps caching.
 */
function skipHelpCache(parser: unknown): void {
  type Usage = { cacheHelpMessage?: () => void };
  const internals = (parser as { getInternalMethods?: () => { getUsageInstance?: () => Usage | undefined } }).getInternalMethods?.();
  const usage = internals?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/**
 * `--output -` means stdout. yargs reads a lone `-` after a long option as the next positional
 * (and the option as empty), though `-o -` and `--output=-` come through: join the pair first.
 */
function withStdoutOutput(argv: string[]): string[] {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  return argv.flatMap((arg, index) => {
    if (index >= end) return [arg];
    if (arg === '--output' && argv[index + 1] === '-') return ['--output=-'];
    if (arg === '-' && argv[index - 1] === '--output') return [];
    return [arg];
  });
}

// compilerOptions in a config file is an object, not the repeatable --compiler-option flag.
function withoutCompilerOptions(config: Record<string, unknown>): Record<string, unknown> {
  const { compilerOptions: _ignored, ...rest } = config;
  return rest;
}

function defaultIo(): CliIo {
  return { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env };
}
