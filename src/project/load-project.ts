import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ts as PublicTs } from '@ts-morph/common';
import { ts } from '../typescript.js';
import { WeakifyError } from '../weakify-error.js';
import { classRoots } from './class-roots.js';
import { directoryListings, type DirectoryListings } from './directory-listings.js';
import { libFiles } from './lib-files.js';
import { matchesAnyGlob } from './match-glob.js';
import { readReferencedSources } from './referenced-sources.js';
import { resolveTsconfigPath } from './resolve-tsconfig.js';
import { isSolution, partsByFile, referencedProjects, solutionOptions, solutionSummary, type ProjectPart } from './solution-config.js';

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
  /**
   * The projects whose files the program holds: the tsconfig itself, or for a solution tsconfig
   * every project it references (see solution-config.ts).
   */
  parts: Array<{ tsconfigPath: string; options: PublicTs.CompilerOptions; fileNames: string[]; references?: readonly PublicTs.ProjectReference[] }>;
  /** The options a file is written for: its own project's in a solution, else the program's. */
  optionsFor(fileName: string): PublicTs.CompilerOptions;
}

// TypeScript 6 reports options real projects still use (moduleResolution node, baseUrl,
// downlevelIteration) as deprecated errors; analysis must not care, so silence them.
const DEPRECATION_SILENCER = '6.0';

// Config diagnostics that stop the run: the file cannot be read or has no inputs at all.
const NO_INPUTS_DIAGNOSTIC = 18003;
// What parsing says of an `extends` it cannot follow: "Cannot read file" (a path), "File not found" (a package).
const UNREADABLE_BASE_DIAGNOSTICS = new Set([5083, 6053]);

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

  const overrides = checkedOverrides(options.compilerOptions ?? {}, rootDir);
  const configWarnings: string[] = [];
  const shown = (file: string) => path.relative(cwd, file) || file;
  // One listing per folder for the whole load: the tsconfig's globs and module resolution look in the same folders.
  const listings = fileSystemListings();
  const configHost = parseConfigHost(listings);
  const read = readTsconfig(tsconfigPath, overrides, configHost);
  if ('problem' in read) {
    throw new WeakifyError('TSCONFIG_INVALID', `cannot ${read.unreadableBase ? 'read' : 'parse'} ${shownPath}: ${read.problem}`, {
      hint: read.unreadableBase
        ? 'Install the dependencies that hold the config it extends (npm install), or fix the "extends" path.'
        : 'Fix the JSON of the tsconfig (comments and trailing commas are fine), or point -p at another one.',
    });
  }
  configWarnings.push(...read.errors.map((error) => `${shownPath}: ${error}`));
  // The files a project of the program may analyse: its own, narrowed by --include / --exclude.
  const ownInputs = (inputs: readonly string[]) =>
    inputs
      .filter((fileName) => !fileName.includes('/node_modules/'))
      .filter((fileName) => {
        const rel = relative(fileName);
        if (options.include?.length && !matchesAnyGlob(rel, options.include)) return false;
        if (options.exclude?.length && matchesAnyGlob(rel, options.exclude)) return false;
        return true;
      })
      .sort();

  // Referenced projects' tsconfigs, read once with the same overrides: by the solution code below,
  // and by TypeScript itself when it follows references (see compilerHost).
  const referencedConfigs = new Map<string, ReturnType<typeof readTsconfig>>();
  const readReferenced = (file: string) => {
    let read = referencedConfigs.get(file);
    if (!read) referencedConfigs.set(file, (read = existsSync(file) ? readTsconfig(file, overrides, configHost) : { problem: 'no such file' }));
    return read;
  };
  // What TypeScript asks for when it follows references (see compilerHost): the same reading,
  // with the config's source text, which it keeps for its own diagnostics.
  const commandLines = new Map<string, ts.ParsedCommandLine | undefined>();
  const commandLineOf = (file: string): ts.ParsedCommandLine | undefined => {
    if (!commandLines.has(file)) {
      const referenced = readReferenced(file);
      if ('problem' in referenced) commandLines.set(file, undefined);
      else commandLines.set(file, { ...referenced.parsed, options: { ...referenced.parsed.options, configFile: ts.readJsonConfigFile(file, ts.sys.readFile) } });
    }
    return commandLines.get(file);
  };

  let parts: ProjectPart[] = [{ tsconfigPath, options: read.parsed.options, fileNames: ownInputs(read.parsed.fileNames), references: read.parsed.projectReferences }];
  let compilerOptions = read.parsed.options;
  if (isSolution(read.parsed)) {
    const reached = referencedProjects(read.parsed, tsconfigPath, (file, from) => {
      if (!existsSync(file)) return { problem: `${shown(from)} references ${shown(file)}, which does not exist` };
      const referenced = readReferenced(file);
      if ('problem' in referenced) return { problem: `cannot ${referenced.unreadableBase ? 'read' : 'parse'} ${shown(file)}: ${referenced.problem}` };
      configWarnings.push(...referenced.errors.map((error) => `${shown(file)}: ${error}`));
      return { parsed: referenced.parsed };
    });
    parts = reached.projects
      .map((project) => ({
        tsconfigPath: project.tsconfigPath,
        options: project.parsed.options,
        fileNames: ownInputs(project.parsed.fileNames),
        references: project.parsed.projectReferences,
      }))
      .filter((part) => part.fileNames.length > 0);
    if (parts.length === 0) {
      const referenced = read.parsed.projectReferences!.map((reference) => shown(ts.resolveProjectReferencePath(reference)));
      const why = reached.problems.length > 0 ? reached.problems : reached.projects.length > 0 ? ['--include / --exclude leave none of their files'] : [`${referenced.join(', ')} list no files`];
      throw new WeakifyError('NO_FILES', `${shownPath} has no files of its own, and no project it references gives any: ${why.join('; ')}`, {
        hint: 'Check the references and the "include"/"files" of the referenced tsconfigs, or point -p at the project to analyse.',
      });
    }
    configWarnings.push(...reached.problems, solutionSummary(tsconfigPath, parts, shown));
    compilerOptions = solutionOptions(parts);
  } else {
    // A project with files of its own: a reference that leads nowhere does not stop it, but
    // what it imports from that project can only come from a build of it, if any (deepkit).
    for (const reference of read.parsed.projectReferences ?? []) {
      const file = ts.resolveProjectReferencePath(reference);
      if (!existsSync(file)) configWarnings.push(`${shownPath} references ${shown(file)}, which does not exist: imports from that project resolve to whatever is built or installed, if anything.`);
    }
  }

  const fileNames = [...new Set(parts.flatMap((part) => part.fileNames))].sort();
  const ownFiles = options.declarations ? fileNames : fileNames.filter((fileName) => !/\.d\.[cm]?ts$/.test(fileName));
  if (ownFiles.length === 0) {
    throw new WeakifyError('NO_FILES', `no TypeScript source files in ${shownPath}`, {
      hint: 'Check the tsconfig\'s "include"/"files" and any --include/--exclude globs.',
    });
  }
  const partOf = parts.length > 1 ? partsByFile(parts) : undefined;
  const optionsFor = (fileName: string): ts.CompilerOptions => partOf?.get(fileName)?.options ?? compilerOptions;

  // Read once here, parsed from memory by the host: the pre-scan costs no second read.
  const texts = new Map<string, string>();
  const rootNames = options.classRootsOnly ? classRoots(fileNames, (fileName) => readInto(texts, fileName)) : fileNames;
  const projectReferences = read.parsed.projectReferences;
  const host = compilerHost(compilerOptions, texts, { optionsFor: partOf && optionsFor, commandLineOf: projectReferences && commandLineOf, listings });
  const program = ts.createProgram({ rootNames, options: compilerOptions, host, projectReferences });
  texts.clear();
  for (const part of parts) referenceReaders.set(part, commandLineOf);
  return { program, tsconfigPath, rootDir, fileNames: ownFiles, configWarnings, relative, parts, optionsFor };
}

const partPrograms = new WeakMap<object, ts.Program>();
// How the programs of a load's projects read the tsconfigs they reference.
const referenceReaders = new WeakMap<object, (file: string) => ts.ParsedCommandLine | undefined>();

/**
 * The program of one project of a solution, with its own options and files (apply verifies
 * each project this way: the one program holding them all reads every file with one project's
 * options). Built once per project.
 */
export function programOfPart(part: LoadedProject['parts'][number]): PublicTs.Program {
  let program = partPrograms.get(part);
  if (!program) {
    const options = part.options as ts.CompilerOptions;
    const projectReferences = part.references as readonly ts.ProjectReference[] | undefined;
    const host = compilerHost(options, new Map(), { commandLineOf: projectReferences && referenceReaders.get(part) });
    partPrograms.set(part, (program = ts.createProgram({ rootNames: part.fileNames, options, host, projectReferences })));
  }
  return program as unknown as PublicTs.Program;
}

/**
 * Compiler option overrides (tsconfig JSON spellings), checked (a wrong one stops the run): the
 * JSON to merge into a tsconfig (which options pick files, such as allowJs, must be seen by its
 * `include`), and the options converted from the folder of `-p`, whose relative paths win over
 * those the merge resolved from a referenced tsconfig's own folder.
 */
interface Overrides {
  json: Record<string, unknown>;
  converted: ts.CompilerOptions;
}

function checkedOverrides(json: Record<string, unknown>, rootDir: string): Overrides {
  const converted = ts.convertCompilerOptionsFromJson(json, rootDir);
  if (converted.errors.length > 0) {
    throw new WeakifyError('CONFIG_INVALID', `invalid compiler option override: ${flatten(converted.errors[0]!)}`, {
      hint: 'Write overrides as name=value with tsconfig spellings, e.g. --compiler-option types=node.',
    });
  }
  // `paths` resolve from where they were written.
  return { json, converted: 'paths' in json ? { ...converted.options, pathsBasePath: rootDir } : converted.options };
}

/**
 * Read and parse one tsconfig (its `extends` included) with the overrides on top: the parsed
 * command line and its problems as sentences, or the reason it cannot be read at all.
 */
function readTsconfig(
  tsconfigPath: string,
  overrides: Overrides,
  host: ts.ParseConfigHost,
): { parsed: ts.ParsedCommandLine; errors: string[] } | { problem: string; unreadableBase?: true } {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (read.error) return { problem: withPosition(read.error) };
  const config = (read.config ?? {}) as { compilerOptions?: Record<string, unknown>; extends?: unknown };
  const compilerOptions = { ignoreDeprecations: DEPRECATION_SILENCER, ...config.compilerOptions, ...overrides.json };
  const parsed = ts.parseJsonConfigFileContent({ ...config, compilerOptions }, host, path.dirname(tsconfigPath), undefined, tsconfigPath);
  // A config it extends that cannot be read (a package not installed yet, a wrong path) leaves
  // out options that change the analysis (null checking, paths): tsc stops there too.
  const base = config.extends !== undefined ? parsed.errors.find((error) => UNREADABLE_BASE_DIAGNOSTICS.has(error.code)) : undefined;
  if (base) return { problem: `the config it extends cannot be read: ${flatten(base)}`, unreadableBase: true };
  Object.assign(parsed.options, overrides.converted);
  const errors = parsed.errors.filter((error) => error.code !== NO_INPUTS_DIAGNOSTIC).map(flatten);
  return { parsed, errors };
}

/** Listings of the real file system, stat'ing where they cannot answer. */
function fileSystemListings(): DirectoryListings {
  return directoryListings({ fileExists: ts.sys.fileExists, directoryExists: ts.sys.directoryExists }, ts.sys.useCaseSensitiveFileNames);
}

type MatchFiles = (
  path: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined,
  useCaseSensitiveFileNames: boolean,
  currentDirectory: string,
  depth: number | undefined,
  getFileSystemEntries: (path: string) => { files: readonly string[]; directories: readonly string[] },
  realpath: (path: string) => string,
) => string[];

/**
 * `ts.sys` for reading tsconfigs, with the folders their globs walk listed by `listings`: what
 * `ts.sys.readDirectory` does (TypeScript's own `matchFiles`, internal but on the bundle's `ts`),
 * over the listings module resolution reuses. `ts.sys` itself where that function is missing.
 */
function parseConfigHost(listings: DirectoryListings): ts.ParseConfigHost {
  const matchFiles = (ts as unknown as { matchFiles?: MatchFiles }).matchFiles;
  if (typeof matchFiles !== 'function') return ts.sys;
  const realpath = ts.sys.realpath ?? ((name: string) => name);
  return {
    ...ts.sys,
    readDirectory: (rootDir, extensions, excludes, includes, depth) =>
      matchFiles(rootDir, extensions, excludes, includes, ts.sys.useCaseSensitiveFileNames, process.cwd(), depth, (directory) => listings.entries(directory), realpath),
  };
}

/** A diagnostic's first line, with where it is in its file when it says (a JSON syntax error). */
function withPosition(diagnostic: ts.Diagnostic): string {
  if (!diagnostic.file || diagnostic.start === undefined) return flatten(diagnostic);
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${flatten(diagnostic).replace(/\.$/, '')} (line ${line + 1}, column ${character + 1})`;
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
interface HostExtras {
  /** In a solution: each file's own project's options, for resolving its imports. */
  optionsFor?: (fileName: string) => ts.CompilerOptions;
  /** With project references: how a referenced tsconfig reads (undefined: it cannot be read). */
  commandLineOf?: (tsconfigPath: string) => ts.ParsedCommandLine | undefined;
  /** Folder listings already made (while reading the tsconfig); new ones otherwise. */
  listings?: DirectoryListings;
}

function compilerHost(options: ts.CompilerOptions, texts: ReadonlyMap<string, string>, { optionsFor, commandLineOf, listings }: HostExtras = {}): ts.CompilerHost {
  const { location, inMemory } = libFiles();
  const libs: ReadonlyMap<string, string> = inMemory ?? new Map();
  // No parent pointers from the parser: binding (which every analysis does first) sets them,
  // and setting them twice cost about 5% of a large project's load.
  const base = ts.createCompilerHost(options, false);
  const listed = listings ?? fileSystemListings();
  const host: ts.CompilerHost = {
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
  if (optionsFor) host.resolveModuleNameLiterals = perProjectResolution(host, optionsFor);
  if (commandLineOf) readReferencedSources(host, commandLineOf);
  return host;
}

/**
 * In a solution, each file resolves its imports as its own project does (`paths` relative to its
 * own tsconfig, its `moduleResolution`), not with the options of the one program: two packages
 * each mapping `@/*` to their own `src/*` must not both land in one of them.
 */
function perProjectResolution(host: ts.CompilerHost, optionsFor: (fileName: string) => ts.CompilerOptions): NonNullable<ts.CompilerHost['resolveModuleNameLiterals']> {
  const caches = new Map<ts.CompilerOptions, ts.ModuleResolutionCache>();
  const cacheFor = (options: ts.CompilerOptions) => {
    let cache = caches.get(options);
    if (!cache) caches.set(options, (cache = ts.createModuleResolutionCache(host.getCurrentDirectory(), (fileName) => host.getCanonicalFileName(fileName), options)));
    return cache;
  };
  return (literals, containingFile, redirectedReference, _programOptions, containingSourceFile) => {
    const options = optionsFor(containingFile);
    const cache = cacheFor(options);
    return literals.map((literal) =>
      ts.resolveModuleName(literal.text, containingFile, options, host, cache, redirectedReference, ts.getModeForUsageLocation(containingSourceFile, literal, options)),
    );
  };
}
