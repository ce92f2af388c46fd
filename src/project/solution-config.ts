import { ts } from '../typescript.js';

/**
 * A "solution" tsconfig has no files of its own, only `references` to the projects that do
 * (Vite's templates: tsconfig.app.json and tsconfig.node.json; Nx projects: tsconfig.lib.json
 * and tsconfig.spec.json; monorepos built with `tsc -b`). `tsc -b` on it builds every project it
 * reaches, so that is what weakify analyses when pointed at one: the files of every project
 * reached through references, at any depth.
 *
 * They are loaded as one program, because every stage after loading (the graph, apply's
 * transforms) works on one, and a class of one project that holds a class of another is one graph
 * either way. What differs per project is honoured per file where it changes the result: each
 * file's imports resolve with its own project's options (`paths`, `baseUrl`, `moduleResolution`),
 * its fields are read with its own project's null checking, and apply verifies each project with
 * its own options. The rest (lib, types, jsx, ...) comes from the project with the most files.
 */
export interface ProjectPart {
  /** Absolute path of its tsconfig. */
  tsconfigPath: string;
  options: ts.CompilerOptions;
  /** Its files in the program, absolute (after --include / --exclude). */
  fileNames: string[];
  /** The projects its tsconfig references: their sources stand in for their builds' declarations. */
  references?: readonly ts.ProjectReference[];
}

export interface ReachedProjects {
  /** Projects with files of their own, in the order references reach them. */
  projects: Array<{ tsconfigPath: string; parsed: ts.ParsedCommandLine }>;
  /** References that could not be followed (missing, unreadable), as sentences. */
  problems: string[];
}

/** Whether a parsed tsconfig is a solution: no input files, and references to follow. */
export function isSolution(parsed: ts.ParsedCommandLine): boolean {
  return parsed.fileNames.length === 0 && (parsed.projectReferences?.length ?? 0) > 0;
}

/**
 * Every project with files reached from `solution` through references, depth first, each once.
 * `parse` reads one tsconfig the way the caller reads the solution's (same overrides): the parsed
 * command line, or a sentence saying why it cannot be read (a missing file included).
 */
export function referencedProjects(
  solution: ts.ParsedCommandLine,
  solutionPath: string,
  parse: (tsconfigPath: string, from: string) => { parsed: ts.ParsedCommandLine } | { problem: string },
): ReachedProjects {
  const projects: ReachedProjects['projects'] = [];
  const problems: string[] = [];
  const seen = new Set<string>([solutionPath]);
  const visit = (parsed: ts.ParsedCommandLine, from: string) => {
    for (const reference of parsed.projectReferences ?? []) {
      const tsconfigPath = ts.resolveProjectReferencePath(reference);
      if (seen.has(tsconfigPath)) continue;
      seen.add(tsconfigPath);
      const read = parse(tsconfigPath, from);
      if ('problem' in read) {
        problems.push(read.problem);
        continue;
      }
      if (read.parsed.fileNames.length > 0) projects.push({ tsconfigPath, parsed: read.parsed });
      visit(read.parsed, tsconfigPath);
    }
  };
  visit(solution, solutionPath);
  return { projects, problems };
}

/** The project whose options the program uses: the one with the most source files, the first on a tie. */
export function mainPart(parts: readonly ProjectPart[]): ProjectPart {
  const sources = (part: ProjectPart) => part.fileNames.filter((fileName) => !/\.d\.[cm]?ts$/.test(fileName)).length;
  return parts.reduce((best, part) => (sources(part) > sources(best) ? part : best));
}

// Options the one program takes from the main project that can change what the analysis sees of
// another project's files: which global types exist, how JSX and decorators are read. (Module
// resolution and null checking are per file, see above; `lib` differs between nearly every app
// and its build scripts, and an extra or missing lib changes no class of the project.)
const PROGRAM_WIDE_OPTIONS = ['types', 'typeRoots', 'jsx', 'jsxImportSource', 'experimentalDecorators'] as const;

/** The program-wide options in which `part` differs from `main`. */
export function differingOptions(main: ts.CompilerOptions, part: ts.CompilerOptions): string[] {
  return PROGRAM_WIDE_OPTIONS.filter((name) => JSON.stringify(main[name]) !== JSON.stringify(part[name]));
}

/** Compiler options for one program over all the projects' files. */
export function solutionOptions(parts: readonly ProjectPart[]): ts.CompilerOptions {
  const main = mainPart(parts).options;
  // Without them, another project's JavaScript files would be dropped from the program, or not checked.
  const allowJs = parts.some((part) => part.options.allowJs);
  const checkJs = parts.some((part) => part.options.checkJs);
  return { ...main, ...(allowJs ? { allowJs } : {}), ...(checkJs ? { checkJs } : {}) };
}

/**
 * One sentence for the report's warnings: what was analysed, and with whose options. `shown`
 * names a tsconfig as the user's other paths are named (from the working folder).
 */
export function solutionSummary(solutionPath: string, parts: readonly ProjectPart[], shown: (tsconfigPath: string) => string): string {
  const main = mainPart(parts);
  const names = parts.map((part) => shown(part.tsconfigPath));
  const head = `${shown(solutionPath)} has no files of its own: analysed the ${parts.length === 1 ? 'project' : `${parts.length} projects`} it references (${names.join(', ')})`;
  if (parts.length === 1) return head;
  const differing = parts
    .filter((part) => part !== main)
    .map((part) => ({ part, options: differingOptions(main.options, part.options) }))
    .filter(({ options }) => options.length > 0)
    .map(({ part, options }) => `${shown(part.tsconfigPath)} differs in ${options.join(', ')}`);
  return (
    `${head} as one program with the options of ${shown(main.tsconfigPath)} (imports and null checking per project)` +
    (differing.length > 0 ? `; ${differing.join('; ')}` : '')
  );
}

/** The project each file belongs to: the first one listing it. */
export function partsByFile(parts: readonly ProjectPart[]): Map<string, ProjectPart> {
  const byFile = new Map<string, ProjectPart>();
  for (const part of parts) for (const fileName of part.fileNames) if (!byFile.has(fileName)) byFile.set(fileName, part);
  return byFile;
}
