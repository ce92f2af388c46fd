import path from 'node:path';
import type { ts as PublicTs } from '@ts-morph/common';
import { ts } from '../typescript.js';
import { WeakifyError } from '../weakify-error.js';
import { classRoots } from './class-roots.js';
import { directoryListings } from './directory-listings.js';
import { libFiles } from './lib-files.js';
import { matchesAnyGlob } from './match-glob.js';
import { resolveTsconfigPath } from './resolve-tsconfig.js';
import { isSolution, referencedProjects, solutionOptions, solutionSummary } from './solution-config.js';

export { resolveTsconfigPath };

export interface LoadProjectOptions {
  /** Path to tsconfig.json, or a folder containing one. Relative to `cwd`. */
  tsconfig: string;
  cwd?: string;
  /** Compiler options in tsconfig JSON form (`{ "types": ["node"] }`), applied over the tsconfig's. */
  compilerOptions?: Record<string, unknown>;
  /** Globs (relative to the tsconfig folder) narrowing the tsconfig's own file list. */
  include?: string[];
  exclude?: string[];
  /**
   * Analyse the project's own `.d.ts` files as if they were sources (a declaration-only package,
   * to study its class graph). Findings in them are reported but cannot be applied.
   */
  declarations?: boolean;
  /**
   * Build the program from the files that can matter to the class graph, and whatever they
   * import, instead of from every file: files whose text says `class`, files that declare
   * globals (scripts, `declare global`, `declare module`, `/// <reference>`), and files
   * constructing something other than a built-in (wiring, read as evidence); see class-roots.ts.
   * Every class, and every type a field can name, is reachable from them, so the graph is the
   * same; the rest of the project (plain functions, constants) is neither parsed nor bound. Not
   * for type-checking the whole project: `analyze` sets it, `apply` and `suggest`, which verify
   * their changes, do not.
   */
  classRootsOnly?: boolean;
}

export interface LoadedProject {
  // Typed from @ts-morph/common, not ../typescript.js: this interface is public, and its
  // declaration must resolve for library users (src/ts-morph-bundle.d.ts is ours alone).
  program: PublicTs.Program;
  /** Absolute path of the tsconfig file. */
  tsconfigPath: string;
  /** The tsconfig's folder: every path in results is relative to it. */
  rootDir: string;
  /** The project's own source files (not node_modules; declarations only with `declarations`), absolute, sorted. */
  fileNames: string[];
  /** Non-fatal problems with the configuration, as sentences. */
  configWarnings: string[];
  /** Turn an absolute file name into the `/`-separated path results use. */
  relative(fileName: string): string;
}

// TypeScript 6 reports options real projects still use (moduleResolution node, baseUrl,
// downlevelIteration) as deprecated errors; analysis must not care, so silence them.
const DEPRECATION_SILENCER = '6.0';

// Config diagnostics that stop the run: the file cannot be read or has no inputs at all.
const NO_INPUTS_DIAGNOSTIC = 18003;

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0]!;
}

export function loadProject(options: LoadProjectOptions): LoadedProject {
  const cwd = options.cwd ?? process.cwd();
  const tsconfigPath = resolveTsconfigPath(options.tsconfig, cwd);
  const rootDir = path.dirname(tsconfigPath);
  // Called for every file by several stages: a file under the tsconfig's folder (nearly all)
  // needs only a slice, not path.relative's normalisation of both paths.
  const under = rootDir.endsWith(path.sep) ? rootDir : rootDir + path.sep;
  const relative = (fileName: string) =>
    path.sep === '/' && fileName.startsWith(under) && !/(?:^|\/)\.\.?(?:\/|$)|\/\//.test(fileName)
      ? fileName.slice(under.length)
      : path.relative(rootDir, fileName).split(path.sep).join('/');
  const shownPath = path.relative(cwd, tsconfigPath) || tsconfigPath;

  const overrides = compilerOptionOverrides(options.compilerOptions ?? {}, rootDir);
  const configWarnings: string[] = [];
  // Referenced tsconfigs are named from the solution's folder, as result paths are.
  const shown = (file: string) => relative(file);
  const read = readTsconfig(tsconfigPath, overrides);
  if ('problem' in read) {
    throw new WeakifyError('TSCONFIG_INVALID', `cannot parse ${shownPath}: ${read.problem}`, {
      hint: 'Fix the JSON of the tsconfig (comments and trailing commas are fine), or point -p at another one.',
    });
  }
  configWarnings.push(...read.errors.map((error) => `${shownPath}: ${error}`));
  let compilerOptions = read.parsed.options;
  let inputFileNames = read.parsed.fileNames;
  if (isSolution(read.parsed)) {
    const reached = referencedProjects(read.parsed, tsconfigPath, (file) => {
      const referenced = readTsconfig(file, overrides);
      if ('problem' in referenced) return { problem: `cannot parse ${shown(file)}: ${referenced.problem}` };
      configWarnings.push(...referenced.errors.map((error) => `${shown(file)}: ${error}`));
      return { parsed: referenced.parsed };
    }, shown);
    configWarnings.push(...reached.problems);
    if (reached.projects.length === 0) {
      const referenced = read.parsed.projectReferences!.map((reference) => shown(reference.path));
      throw new WeakifyError('NO_FILES', `${shownPath} has no files of its own, and none of the projects it references has any: ${referenced.join(', ')}`, {
        hint: 'Check the "include"/"files" of the referenced tsconfigs, or point -p at the project to analyse.',
      });
    }
    configWarnings.push(solutionSummary(shownPath, reached.projects, shown));
    compilerOptions = solutionOptions(reached.projects);
    inputFileNames = [...new Set(reached.projects.flatMap((project) => project.parsed.fileNames))];
  }

  const fileNames = inputFileNames
    .filter((fileName) => !fileName.includes('/node_modules/'))
    .filter((fileName) => {
      const rel = relative(fileName);
      if (options.include?.length && !matchesAnyGlob(rel, options.include)) return false;
      if (options.exclude?.length && matchesAnyGlob(rel, options.exclude)) return false;
      return true;
    })
    .sort();
  const ownFiles = options.declarations ? fileNames : fileNames.filter((fileName) => !/\.d\.[cm]?ts$/.test(fileName));
  if (ownFiles.length === 0) {
    throw new WeakifyError('NO_FILES', `no TypeScript source files in ${shownPath}`, {
      hint: 'Check the tsconfig\'s "include"/"files" and any --include/--exclude globs.',
    });
  }

  // Read once here, parsed from memory by the host: the pre-scan costs no second read.
  const texts = new Map<string, string>();
  const rootNames = options.classRootsOnly ? classRoots(fileNames, (fileName) => readInto(texts, fileName)) : fileNames;
  const program = ts.createProgram({ rootNames, options: compilerOptions, host: compilerHost(compilerOptions, texts) });
  texts.clear();
  return { program, tsconfigPath, rootDir, fileNames: ownFiles, configWarnings, relative };
}

/** Compiler option overrides (tsconfig JSON spellings), checked: a wrong one stops the run. */
function compilerOptionOverrides(overrides: Record<string, unknown>, rootDir: string): Record<string, unknown> {
  const converted = ts.convertCompilerOptionsFromJson(overrides, rootDir);
  if (converted.errors.length > 0) {
    throw new WeakifyError('CONFIG_INVALID', `invalid compiler option override: ${flatten(converted.errors[0]!)}`, {
      hint: 'Write overrides as name=value with tsconfig spellings, e.g. --compiler-option types=node.',
    });
  }
  return overrides;
}

/**
 * Read and parse one tsconfig (its `extends` included) with the overrides on top: the parsed
 * command line and its problems as sentences, or the reason it cannot be read at all.
 */
function readTsconfig(tsconfigPath: string, overrides: Record<string, unknown>): { parsed: ts.ParsedCommandLine; errors: string[] } | { problem: string } {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (read.error) return { problem: flatten(read.error) };
  const config = (read.config ?? {}) as { compilerOptions?: Record<string, unknown> };
  const compilerOptions = { ignoreDeprecations: DEPRECATION_SILENCER, ...config.compilerOptions, ...overrides };
  const parsed = ts.parseJsonConfigFileContent({ ...config, compilerOptions }, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  const errors = parsed.errors.filter((error) => error.code !== NO_INPUTS_DIAGNOSTIC).map(flatten);
  return { parsed, errors };
}

function readInto(texts: Map<string, string>, fileName: string): string | undefined {
  const text = ts.sys.readFile(fileName);
  if (text !== undefined) texts.set(fileName, text);
  return text;
}

/**
 * A compiler host over the real file system, with TypeScript's lib .d.ts files from wherever
 * lib-files.ts keeps them (a folder the build writes, or memory): every stage gets its libs here,
 * so every program sees one lib location.
 *
 * The program is created with the compiler API directly rather than through a ts-morph Project:
 * the analysis needs only the program and its checker, and skipping ts-morph's wrapper objects
 * for every file made loading a 100k-line project 25-50% faster (bench/.work/gen-100k).
 */
function compilerHost(options: ts.CompilerOptions, texts: ReadonlyMap<string, string>): ts.CompilerHost {
  const { location, inMemory } = libFiles();
  const libs: ReadonlyMap<string, string> = inMemory ?? new Map();
  // No parent pointers from the parser: binding (which every analysis does first) sets them,
  // and setting them twice cost about 5% of a large project's load.
  const base = ts.createCompilerHost(options, false);
  const listed = directoryListings(
    { fileExists: (fileName) => base.fileExists(fileName), directoryExists: (name) => base.directoryExists?.(name) ?? ts.sys.directoryExists(name) },
    base.useCaseSensitiveFileNames(),
  );
  return {
    ...base,
    // JSDoc in .ts files carries no type information and the analysis reads none: skip parsing
    // it (what tsserver does for type info). JS files still get theirs, where it holds types.
    jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo,
    getDefaultLibLocation: () => location,
    getDefaultLibFileName: (compilerOptions) => `${location}/${ts.getDefaultLibFileName(compilerOptions)}`,
    fileExists: (fileName) => libs.has(fileName) || listed.fileExists(fileName),
    directoryExists: (directoryName) => listed.directoryExists(directoryName),
    readFile: (fileName) => libs.get(fileName) ?? base.readFile(fileName),
    getSourceFile(fileName, languageVersion, onError, shouldCreateNewSourceFile) {
      const text = libs.get(fileName) ?? texts.get(fileName);
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, false);
      return base.getSourceFile(fileName, languageVersion, onError, shouldCreateNewSourceFile);
    },
  };
}
